"""Issue 10 §5, the calculator knows the file: every income kind recorded in the investigation
for a member of the household reaches the calculator and is counted; none is dropped (the
member's row had room for two, a third and fourth were silently lost).

Law of 26 May 2002, art. 16 §1 and RD of 11 July 2002, art. 34 §1: the resources of the
partner the applicant lives with are counted, whatever their kind, above the amount of
category 1 (the first two kinds here stay under it; the four together exceed it)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from openocmw.accounts.models import Role
from openocmw.casework import calculator, services
from openocmw.casework.calculation import situation_from_file, strip_display_fields
from openocmw.formats import euro
from openocmw.registry import services as registry
from openocmw.rules import calculate
from tests.casework.test_calculator_file import _form_from
from tests.conftest import person_data

TODAY = date.today()
CONDITIONS = {"actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes"}
INCOMES = [  # the partner's four kinds of income, as the investigation recorded them
    ("wages", Decimal("700"), "month"),
    ("unemployment_benefit", Decimal("150"), "month"),
    ("pension", Decimal("1200"), "year"),
    ("sickness_benefit", Decimal("80"), "month"),
]


@pytest.fixture
def partner(actor_a, jan):
    """An Maes lives with Jan as his partner; her four incomes are recorded on Jan's request."""
    an = registry.create_person(
        actor_a, person_data(first_name="An", last_name="Maes", birth_date=date(1987, 5, 6),
                             sex="F"),
        status="belgian", status_from=date(1987, 5, 6),
    )  # fmt: skip
    registry.record_household_change(actor_a, registry.households_of(jan)[0], person=an,
                                     reason="moved_in", on=date(2020, 1, 1),
                                     relation="partner")  # fmt: skip
    req = services.register_request(
        actor_a, jan, received_on=TODAY, kind="leefloon", channel="counter"
    )
    for kind, amount, period in INCOMES:
        services.record_resource(actor_a, req, kind=kind, amount=amount, period=period,
                                 member=an.pk)  # fmt: skip
    return an


def _rules_amount(situation: dict) -> Decimal:
    situation = strip_display_fields(situation)
    situation["applicant"]["conditions"] = {
        "actual_residence_in_belgium": True, "willing_to_work": True, "other_benefits_claimed": True,
    }  # fmt: skip
    return calculate(situation, on=TODAY).monthly_amount


def test_every_income_kind_of_a_member_reaches_the_calculator_and_is_counted(
    client_for, jan, partner
):
    client = client_for("a", Role.SOCIAL_WORKER)
    html = client.get(reverse("calculator"), {"person": jan.pk}).content.decode()
    data = _form_from(html)
    (row,) = [i for i in range(3) if "An" in data.get(f"member-{i}-name", "")]
    shown = [
        (data[f"member-{row}-{p}_kind"], Decimal(data[f"member-{row}-{p}_amount"].replace(",", ".")),
         data[f"member-{row}-{p}_period"])
        for p in ("resource", "resource2", "resource3", "resource4")
    ]  # fmt: skip
    assert shown == INCOMES
    # The page names the extra rows and offers a spare one for a fifth income.
    assert "Inkomen 3" in html and "Inkomen 4" in html
    assert data[f"member-{row}-resource5_kind"] == ""

    # Posting the page as pre-filled counts all four, exactly as the rules do on the file.
    expected = _rules_amount(situation_from_file(jan, TODAY))
    html = client.post(reverse("calculator"), data | CONDITIONS).content.decode()
    assert f'id="monthly-amount">{euro(expected, "nl")}<' in html
    # ... and that is less than with only the first two (the third and fourth count).
    two = situation_from_file(jan, TODAY)
    two["household"]["members"][0]["resources"] = two["household"]["members"][0]["resources"][:2]
    assert _rules_amount(two) > expected


def test_a_third_income_added_on_the_page_is_counted_and_opens_a_fourth_row(client_for, jan):
    client = client_for("a", Role.SOCIAL_WORKER)
    data = {
        "reference_date": TODAY.isoformat(), "birth_date": "1985-07-30",
        "residence_status": "belgian", **CONDITIONS,
        "res-TOTAL_FORMS": "0", "res-INITIAL_FORMS": "0",
        "member-TOTAL_FORMS": "1", "member-INITIAL_FORMS": "0",
        "member-0-relation": "partner", "member-0-birth_date": "1987-05-06",
        "member-0-shares_household": "yes",
        "member-0-resource_kind": "wages", "member-0-resource_amount": "200",
        "member-0-resource2_kind": "pension", "member-0-resource2_amount": "50",
    }  # fmt: skip
    html = client.post(reverse("calculator"), data).content.decode()
    assert 'name="member-0-resource3_kind"' in html  # two in use: a third row is offered
    assert 'name="member-0-resource4_kind"' not in html
    data |= {"member-0-resource3_kind": "other", "member-0-resource3_amount": "100"}
    html = client.post(reverse("calculator"), data).content.decode()
    assert 'name="member-0-resource4_kind"' in html
    form, resources, members, spi = calculator.bind(data)
    assert all(f.is_valid() for f in (form, resources, members, spi))
    situation = calculator.situation_from_forms(form, resources, members, spi)
    assert [r["kind"] for r in situation["household"]["members"][0]["resources"]] == [
        "wages", "pension", "other",
    ]  # fmt: skip
    assert f'id="monthly-amount">{euro(_rules_amount(situation), "nl")}<' in html


def test_an_error_on_a_third_income_is_shown_on_its_own_row(client_for):
    client = client_for("a", Role.SOCIAL_WORKER, "fr")
    data = {
        "reference_date": TODAY.isoformat(), "birth_date": "1985-07-30",
        "residence_status": "belgian", **CONDITIONS,
        "res-TOTAL_FORMS": "0", "res-INITIAL_FORMS": "0",
        "member-TOTAL_FORMS": "1", "member-INITIAL_FORMS": "0",
        "member-0-relation": "partner", "member-0-birth_date": "1987-05-06",
        "member-0-resource_kind": "wages", "member-0-resource_amount": "200",
        "member-0-resource2_kind": "pension", "member-0-resource2_amount": "50",
        "member-0-resource3_kind": "other", "member-0-resource3_amount": "-5",
    }  # fmt: skip
    html = client.post(reverse("calculator"), data).content.decode()
    assert 'id="id_member-0-resource3_amount-error"' in html
    assert "Revenu 3" in html and 'id="monthly-amount"' not in html
