"""The INSZ: the national number (rijksregisternummer) or bis number of the KSZ.

Structure: YYMMDD, a serial (odd for men, even for women), and a check number 97 - (n mod 97),
where n is the first nine digits, prefixed with 2 for people born from 2000 on.
Source: KSZ, "Identificatie van personen" (INSZ); python-stdnum stdnum.be.ssn.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openocmw.registry.demo import insz_for
from openocmw.registry.insz import clean_insz, formatted


def test_national_number_born_before_2000():
    assert clean_insz("85.07.30-033.28") == "85073003328"


def test_national_number_born_from_2000_uses_the_2_prefix():
    number = insz_for(date(2017, 7, 30), 33)
    assert number == "17073003384"
    assert clean_insz(number, date(2017, 7, 30), "M") == number


def test_bis_number_month_plus_40_is_accepted_and_matches_birth_date():
    # bis number: month + 40 when the sex is known (KSZ)
    assert clean_insz("98 47 28 997 65", date(1998, 7, 28), "M") == "98472899765"


@pytest.mark.parametrize(
    "value, code",
    [
        ("85073003329", "insz_invalid"),  # wrong check number
        ("85133003328", "insz_invalid"),  # month 13
        ("8507300332", "insz_format"),  # 10 digits
        ("85O73003328", "insz_format"),  # a letter O
    ],
)
def test_invalid_numbers_are_refused(value, code):
    with pytest.raises(ValidationError) as exc:
        clean_insz(value)
    assert exc.value.code == code


def test_birth_date_must_agree_with_the_number():
    with pytest.raises(ValidationError) as exc:
        clean_insz("85073003328", birth_date=date(1985, 7, 31))
    assert exc.value.code == "insz_birth_date"
    assert "30/07/1985" in exc.value.messages[0]


def test_sex_must_agree_with_the_number():
    with pytest.raises(ValidationError) as exc:
        clean_insz("85073003328", birth_date=date(1985, 7, 30), sex="F")
    assert exc.value.code == "insz_sex"


def test_empty_insz_is_allowed_for_people_without_a_number():
    assert clean_insz("") == ""


def test_formatted_as_on_belgian_documents():
    assert formatted("85073003328") == "85.07.30-033.28"
