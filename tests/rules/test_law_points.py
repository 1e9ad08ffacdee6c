"""Issue 8: the legal points of the leefloon, through the public API (errors in nl/fr/de)."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from openocmw.rules import SituationError, calculate
from openocmw.rules.result import rule_title

RULES = Path(__file__).resolve().parents[2] / "src" / "openocmw" / "rules"
CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}
BOTTLENECK = {"contract_months": 6, "regional_attestation": True}


def situation(reference="2024-06-15", members=(), **applicant):
    base = {"birth_date": "1990-04-12", "residence_status": "belgian", "conditions": CONDITIONS}
    base.update(applicant)
    return {"reference_date": reference, "applicant": base, "household": {"members": list(members)}}


def wages(amount):
    return [{"kind": "wages", "amount": amount, "period": "month"}]


def errors_of(data):
    with pytest.raises(SituationError) as error:
        calculate(data)
    return error.value.errors


def only(errors, code):
    found = [e for e in errors if e["code"] == code]
    assert found, errors
    item = found[0]
    for lang in ("nl", "fr", "de"):  # every message names the field, in each language
        assert item["field"] in item[lang], item
    return item


def spi_amount(result):
    return next((e["yearly_amount"] for e in result.exemptions if e["id"] == "exemption.spi"), 0)


# Bad input: a clear error naming the field, in nl, fr and de; nothing is calculated.


def test_reference_date_outside_the_supported_range():
    item = only(errors_of(situation("2012-12-31")), "date_out_of_range")
    assert item["field"] == "reference_date"
    assert "ondersteunde periode" in item["nl"] and "unterstützten Zeitraums" in item["de"]


def test_overlapping_spi_periods():
    spi = {"periods": [{"start": "2023-01-01", "end": "2023-06-30"}, {"start": "2023-06-01"}]}
    item = only(errors_of(situation(spi=spi, resources=wages(300))), "spi_periods_overlap")
    assert item["field"] == "applicant.spi.periods[1].start"


def test_open_period_followed_by_another_overlaps():
    spi = {"periods": [{"start": "2023-01-01"}, {"start": "2024-01-01"}]}
    assert only(errors_of(situation(spi=spi)), "spi_periods_overlap")


def test_future_spi_period():
    spi = {"periods": [{"start": "2023-01-01", "end": "2023-03-31"}, {"start": "2024-07-01"}]}
    item = only(errors_of(situation(spi=spi)), "spi_period_in_future")
    assert item["field"] == "applicant.spi.periods[1].start"
    assert "toekomstige" in item["nl"] and "futures" in item["fr"] and "zukünftigen" in item["de"]


def test_future_first_day():
    item = only(errors_of(situation(spi={"first_day": "2024-07-01"})), "spi_period_in_future")
    assert item["field"] == "applicant.spi.first_day"


def test_spi_history_end_before_start():
    spi = {"periods": [{"start": "2023-05-01", "end": "2023-04-30"}]}
    assert only(errors_of(situation(spi=spi)), "end_before_start")["field"] == (
        "applicant.spi.periods[0].end"
    )


def test_spi_history_must_be_given_once():
    assert only(errors_of(situation(spi={})), "spi_history_required")
    both = {"first_day": "2023-01-01", "periods": [{"start": "2023-01-01"}]}
    assert only(errors_of(situation(spi=both)), "spi_history_ambiguous")


def test_bottleneck_exemption_asked_a_second_time():
    spi = {
        "periods": [
            {"start": "2024-01-01", "end": "2024-03-31", "bottleneck_occupation": BOTTLENECK},
            {"start": "2024-05-01", "bottleneck_occupation": BOTTLENECK},
        ]
    }
    item = only(errors_of(situation(spi=spi, resources=wages(800))), "bottleneck_already_used")
    assert item["field"] == "applicant.spi.periods[1].bottleneck_occupation"
    assert "één keer" in item["nl"] and "une seule fois" in item["fr"]
    assert "einziges Mal" in item["de"]


def test_bottleneck_before_it_existed():
    spi = {"periods": [{"start": "2023-12-01", "bottleneck_occupation": BOTTLENECK}]}
    item = only(errors_of(situation(spi=spi)), "bottleneck_not_in_force")
    assert "2024-01-01" in item["nl"]


def test_leefloon_beneficiary_only_for_a_partner():
    sibling = {
        "relation": "sibling",
        "birth_date": "1992-01-01",
        "shares_household": True,
        "leefloon_beneficiary": True,
    }
    item = only(errors_of(situation(members=[sibling])), "leefloon_beneficiary_partner_only")
    assert item["field"] == "household.members[0].leefloon_beneficiary"


def test_student_conditions_are_required_facts():
    errors = errors_of(situation(student={"study_grant": False}))
    assert {e["field"] for e in errors} >= {"applicant.student.full_time", "applicant.student.gpmi"}


# The time limit of the socio-professional exemption (RD art. 35, §1).


def test_interruptions_do_not_count_after_the_reform():
    """First day 1 January 2020; only 400 days of use since (long interruption): still exempted
    in June 2024, although more than three years passed since the first day."""
    spi = {
        "periods": [
            {"start": "2020-01-01", "end": "2020-06-30"},
            {"start": "2024-01-01"},
        ]
    }
    result = calculate(situation(spi=spi, resources=wages(300)))
    assert spi_amount(result) == Decimal("3600.00")


def test_1095_days_of_use_exhaust_the_exemption():
    spi = {"periods": [{"start": "2020-01-01", "end": "2022-12-31"}, {"start": "2024-01-01"}]}
    result = calculate(situation(spi=spi, resources=wages(300)))
    assert spi_amount(result) == 0
    assert any(s["id"] == "exemption.spi_expired" for s in result.explanation["steps"])


def test_six_year_window_from_the_first_day():
    spi = {"periods": [{"start": "2018-01-01", "end": "2018-01-31"}, {"start": "2024-01-01"}]}
    june = calculate(situation(spi=spi, resources=wages(300)))
    assert spi_amount(june) == 0  # 2018-01-01 + 6 years = 2024-01-01: the window is over


def test_before_the_reform_three_years_from_the_first_day():
    """Until March 2013 (parameter spi/days_of_use_rule) the exemption ran 36 months from the
    first day, interruptions included."""
    spi = {"periods": [{"start": "2010-01-01", "end": "2010-02-28"}]}
    result = calculate(
        situation("2013-02-15", spi={"periods": [*spi["periods"], {"start": "2013-02-01"}]},
                  resources=wages(300))
    )  # fmt: skip
    assert spi_amount(result) == 0


def test_legacy_first_day_still_accepted():
    result = calculate(situation(spi={"first_day": "2024-01-01"}, resources=wages(300)))
    assert spi_amount(result) == Decimal("3600.00")


def test_history_follows_the_person_across_ocmws():
    """The periods entered may come from another OCMW: only the days count, not where."""
    spi = {
        "periods": [
            {"start": "2019-03-01", "end": "2021-02-28"},  # OCMW A
            {"start": "2022-01-01", "end": "2023-02-28"},  # OCMW B
            {"start": "2024-06-01"},  # this OCMW
        ]
    }
    result = calculate(situation(spi=spi, resources=wages(300)))
    assert spi_amount(result) == 0  # 731 + 424 = 1155 days > 1095


# Bottleneck profession, student conditions, partner on leefloon.


def test_bottleneck_without_attestation_gets_the_ordinary_amount():
    facts = {"contract_months": 6, "regional_attestation": False}
    spi = {"periods": [{"start": "2024-05-01", "bottleneck_occupation": facts}]}
    result = calculate(situation(spi=spi, resources=wages(800)))
    assert spi_amount(result) == Decimal("3641.04")  # 303,42 x 12
    step = next(s for s in result.explanation["steps"] if s["id"] == "exemption.spi_bottleneck")
    assert "attest" in step["nl"] and "attestation" in step["fr"] and "Bescheinigung" in step["de"]


def test_bottleneck_needs_a_contract_of_three_months():
    facts = {"contract_months": 2, "regional_attestation": True}
    spi = {"periods": [{"start": "2024-05-01", "bottleneck_occupation": facts}]}
    assert spi_amount(calculate(situation(spi=spi, resources=wages(800)))) == Decimal("3641.04")


def test_bottleneck_amount_during_three_months():
    spi = {"periods": [{"start": "2024-05-01", "bottleneck_occupation": BOTTLENECK}]}
    result = calculate(situation(spi=spi, resources=wages(800)))
    assert spi_amount(result) == Decimal("5217.96")  # 434,83 x 12


def test_student_of_25_or_more_gets_no_student_exemption():
    student = {"study_grant": False, "full_time": True, "gpmi": True}
    result = calculate(situation(student=student, resources=wages(300)))  # born 1990: 34
    assert not any(e["id"] == "exemption.student" for e in result.exemptions)
    step = next(s for s in result.explanation["steps"] if s["id"] == "exemption.student_conditions")
    assert "25" in step["de"]


def test_student_age_is_taken_when_the_gpmi_started():
    student = {"study_grant": False, "full_time": True, "gpmi": True, "gpmi_start": "2013-09-01"}
    result = calculate(situation(birth_date="1990-04-12", student=student, resources=wages(300)))
    assert any(e["id"] == "exemption.student" for e in result.exemptions)  # 23 in 2013


def test_part_time_student_is_treated_as_a_worker():
    student = {"study_grant": False, "full_time": False, "gpmi": True}
    spi = {"periods": [{"start": "2024-06-01"}]}
    result = calculate(
        situation(birth_date="2004-01-01", student=student, spi=spi, resources=wages(300))
    )
    assert spi_amount(result) == Decimal("3600.00")
    assert not any(e["id"] == "exemption.student" for e in result.exemptions)


def test_gpmi_start_in_the_future_is_an_error():
    student = {"study_grant": False, "full_time": True, "gpmi": True, "gpmi_start": "2024-09-01"}
    item = only(errors_of(situation(student=student)), "date_after_reference")
    assert item["field"] == "applicant.student.gpmi_start"


# Explanations in the reader's language; the law cited with its French title.


def test_every_step_and_parameter_label_in_three_languages():
    spi = {"periods": [{"start": "2024-05-01", "bottleneck_occupation": BOTTLENECK}]}
    partner = {
        "relation": "partner",
        "birth_date": "1991-01-01",
        "shares_household": True,
        "resources": wages(1000),
    }
    data = situation(members=[partner], spi=spi, resources=wages(800))
    data["right_period"] = {"start": "2024-06-10"}
    result = calculate(data)
    explanation = result.to_dict()["explanation"]
    assert all(explanation["summary"][lang] for lang in ("nl", "fr", "de"))
    for step in explanation["steps"]:
        for lang in ("nl", "fr", "de"):
            assert step[lang], (step["id"], lang)
            assert rule_title(step["rule"], lang)
        assert step["rule"]["title_fr"].startswith(("Loi", "Arrêté", "Pratique"))
        assert step["rule"]["title_de"].startswith(("Gesetz", "Königlicher", "Praxis"))
        for parameter in step["parameters"]:
            assert all(parameter["label"][lang] for lang in ("nl", "fr", "de"))
    assert "Sie haben Anrecht" in result.explain("de")
    assert "Arrêté royal du 11 juillet 2002" in result.explain("fr")


def test_partial_month_is_labelled_as_practice():
    data = situation()
    data["right_period"] = {"start": "2024-06-16"}
    step = next(s for s in calculate(data).explanation["steps"] if s["id"] == "partial_month")
    assert "praktijk" in step["nl"] and "pratique" in step["fr"] and "Praxis" in step["de"]
    assert step["rule"]["title_fr"].startswith("Pratique des CPAS")


def test_rule_title_in_the_reader_language():
    rule_info = {"title": "Wet", "title_fr": "Loi", "title_de": "Gesetz"}
    assert [rule_title(rule_info, lang) for lang in ("nl", "fr", "de")] == ["Wet", "Loi", "Gesetz"]
    assert rule_title({"title": "Wet"}, "fr") == "Wet"  # an old stored step without translation


def test_explanation_does_not_import_the_facade():
    """The explanation and the facade share `result`; neither imports the other both ways."""
    for name in ("explanation.py", "explanation_exemptions.py", "explanation_texts.py"):
        tree = ast.parse((RULES / name).read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "openocmw.rules.facade" not in imported, name
