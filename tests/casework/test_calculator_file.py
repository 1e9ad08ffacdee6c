"""Issue 10 §5: the calculator knows the file. A household with children is pre-filled with
"child in charge" and never asked "married?" for young children (today every family with
children is blocked); the incomes recorded in the investigation are used; the rules' errors
name the person and the field in words and the field is highlighted.

Law of 26 May 2002, art. 14 §1, 3°: category 3, a person living with a family with at least
one unmarried minor child in charge. Civil Code art. 144-145: no marriage before 18 without
the family court's dispensation (the calculator asks from 16)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import calculator, services
from openocmw.casework.calculation import calculate_for_proposal, situation_from_file
from openocmw.registry import services as registry
from tests.conftest import person_data

TODAY = date.today()
ON = TODAY  # the calculator page calculates the current month
LOTTE = date(TODAY.year - 6, 3, 4)  # 5 or 6: never asked "married?"
WOUT = date(TODAY.year - 17, 1, 1)  # 16 or 17 all year: asked


@pytest.fixture
def family(actor_a, jan):
    """Jan with his daughter Lotte (about 6) and his son Wout (16 or 17) in his household."""
    household = registry.households_of(jan)[0]
    kids = {}
    for first, birth, sex in (("Lotte", LOTTE, "F"), ("Wout", WOUT, "M")):
        child = registry.create_person(
            actor_a, person_data(first_name=first, birth_date=birth, sex=sex),
            status="belgian", status_from=birth,
        )  # fmt: skip
        registry.record_household_change(actor_a, household, person=child, reason="birth",
                                         on=birth, relation="child")  # fmt: skip
        kids[first] = child
    return kids


def conditions(situation):
    situation["applicant"]["conditions"] = {
        "actual_residence_in_belgium": True, "willing_to_work": True, "other_benefits_claimed": True,
    }  # fmt: skip
    return situation


def test_children_from_the_file_are_in_charge_and_the_young_are_not_asked_married(jan, family):
    situation = situation_from_file(jan, ON)
    members = {m["name"].split()[0]: m for m in situation["household"]["members"]}
    assert members["Lotte"]["in_charge"] is True and members["Lotte"]["married"] is False
    assert members["Wout"]["in_charge"] is True and "married" not in members["Wout"]  # 17: asked
    members["Wout"]["married"] = False
    result = calculate_for_proposal(conditions(situation), ON)
    assert result["category"]["number"] == 3  # family with a minor child in charge


def test_a_family_is_not_blocked_on_the_calculator_page(client_for, jan, family):
    client = client_for("a", Role.SOCIAL_WORKER)
    html = client.get(reverse("calculator"), {"person": jan.pk}).content.decode()
    # The two children are pre-filled as in charge; Lotte's "married" is answered "no".
    assert html.count("selected>ja</option>") >= 2 or html.count('value="yes" selected') >= 2
    form = _form_from(html)
    form |= {"actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes"}
    wout = next(i for i in range(2) if "Wout" in form.get(f"member-{i}-name", ""))
    form[f"member-{wout}-married"] = "no"
    html = client.post(reverse("calculator"), form).content.decode()
    assert 'id="monthly-amount"' in html, re.findall(r'class="error"[^>]*>([^<]*)', html)


def test_errors_name_the_person_and_the_field_and_highlight_it(client_for, jan, family):
    client = client_for("a", Role.SOCIAL_WORKER)
    form = _form_from(client.get(reverse("calculator"), {"person": jan.pk}).content.decode())
    form |= {"actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes"}
    wout = next(i for i in range(2) if "Wout" in form.get(f"member-{i}-name", ""))
    form.pop(f"member-{wout}-married", None)
    html = client.post(reverse("calculator"), form).content.decode()
    assert "household.members" not in html
    assert f'id="id_member-{wout}-married-error"' in html
    summary = re.search(r'<div class="errors" role="alert">(.*?)</div>', html, re.S).group(1)
    assert "Wout" in summary and str(wout + 1) in summary


def test_incomes_recorded_in_the_investigation_reach_the_calculator(actor_a, request_a):
    with pytest.raises(Exception):  # noqa: B017
        services.record_resource(actor_a, request_a, kind="lottery", amount=Decimal("1"))
    services.record_resource(actor_a, request_a, kind="unemployment_benefit",
                             amount=Decimal("600"), notes="attest RVA")  # fmt: skip
    assert AuditEntry.objects.filter(object_type="recordedresource", action="create").exists()
    situation = situation_from_file(request_a.person, request_a.received_on)
    assert situation["applicant"]["resources"] == [
        {"kind": "unemployment_benefit", "amount": 600.0, "period": "month"}
    ]
    result = calculate_for_proposal(conditions(situation), request_a.received_on)
    assert Decimal(result["monthly_amount"]) < Decimal("1288.46")  # the income is counted


def test_the_proposal_form_is_prefilled_with_the_recorded_incomes(client_for, actor_a, request_a):
    services.record_resource(actor_a, request_a, kind="wages", amount=Decimal("450.50"))
    html = (
        client_for("a", Role.SOCIAL_WORKER)
        .get(reverse("proposal_edit", args=[request_a.pk]))
        .content.decode()
    )
    assert 'name="res-0-kind"' in html and 'value="wages" selected' in html
    assert "450,5" in html


def _form_from(html: str) -> dict:
    """The values of a rendered form (inputs and selected options), as a browser posts them."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    for m in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        sel = re.search(r'<option value="([^"]*)"[^>]*selected', m.group(2))
        data[m.group(1)] = sel.group(1) if sel else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_place_errors_maps_rule_paths_to_fields():
    form, resources, members, spi = calculator.bind({
        "reference_date": "2024-10-01", "birth_date": "1985-07-30", "residence_status": "belgian",
        "actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes",
        "res-TOTAL_FORMS": "0", "res-INITIAL_FORMS": "0", "member-TOTAL_FORMS": "1",
        "member-INITIAL_FORMS": "0", "member-0-relation": "child", "member-0-name": "Ella Peeters",
        "member-0-birth_date": "2008-01-01", "member-0-in_charge": "yes",
    })  # fmt: skip
    assert form.is_valid() and members.is_valid() and resources.is_valid()
    lines = calculator.place_errors(
        {"situation.household.members[0].married": ["Zeg of dit kind gehuwd is."],
         "situation.applicant.conditions.willing_to_work": ["Antwoord."]},
        form, resources, members,
    )  # fmt: skip
    assert members.forms[0].errors["married"] == ["Zeg of dit kind gehuwd is."]
    assert "willing_to_work" in form.errors
    assert "Ella Peeters" in lines[0][0] and "household" not in lines[0][0]


def test_incomes_of_household_members_are_recorded_and_counted(client_for, actor_a, jan):
    """A young adult living with a parent: the parent's income is recorded in the
    investigation and reaches the calculator, on the parent's row (RD of 11 July 2002,
    art. 34 §2: the resources of parents under the same roof may be counted)."""
    household = registry.households_of(jan)[0]
    son = registry.create_person(
        actor_a, person_data(first_name="Tom", birth_date=date(2005, 2, 1)),
        status="belgian", status_from=date(2005, 2, 1),
    )  # fmt: skip
    registry.record_household_change(actor_a, household, person=son, reason="birth",
                                     on=date(2005, 2, 1), relation="child")  # fmt: skip
    req = services.register_request(
        actor_a, son, received_on=date(2024, 10, 1), kind="leefloon", channel="counter"
    )
    stranger = registry.create_person(
        actor_a, person_data(first_name="Els", last_name="Vos", birth_date=date(1970, 1, 1)),
        status="belgian", status_from=date(1970, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.record_resource(actor_a, req, kind="wages", amount=Decimal("1"),
                                 member=stranger.pk)  # fmt: skip
    assert "member" in exc.value.message_dict
    services.record_resource(actor_a, req, kind="wages", amount=Decimal("2100"), member=jan.pk)
    services.record_resource(actor_a, req, kind="wages", amount=Decimal("300"), member=jan.pk)
    services.record_resource(actor_a, req, kind="pension", amount=Decimal("1200"),
                             period="year", member=jan.pk)  # fmt: skip
    services.record_resource(actor_a, req, kind="wages", amount=Decimal("200"))
    entries = AuditEntry.objects.filter(object_type="recordedresource", action="create")
    assert [e.detail["member"] for e in entries.order_by("seq")] == [jan.pk] * 3 + [None]
    situation = situation_from_file(son, req.received_on)
    assert situation["applicant"]["resources"] == [
        {"kind": "wages", "amount": 200.0, "period": "month"}
    ]
    (father,) = situation["household"]["members"]
    assert father["relation"] == "parent" and father["resources"] == [
        {"kind": "wages", "amount": 2100.0, "period": "month"},
        {"kind": "wages", "amount": 300.0, "period": "month"},
        {"kind": "pension", "amount": 1200.0, "period": "year"},
    ]
    # The case page lists whose income each is, and offers the household's members.
    client = client_for("a", Role.SOCIAL_WORKER)
    html = client.get(reverse("case_detail", args=[req.pk])).content.decode()
    assert "Jan Peeters" in html and f'<option value="{jan.pk}">' in html
    # The calculator of the proposal shows the father's incomes on his row, and posting the
    # page as pre-filled gives the same member incomes to the rules.
    html = client.get(reverse("proposal_edit", args=[req.pk])).content.decode()
    data = _form_from(html)
    assert data["member-0-resource_kind"] == "wages"
    assert data["member-0-resource_amount"] in ("2400", "2400,0", "2400,00")
    assert data["member-0-resource2_kind"] == "pension"
    data |= {"actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes"}
    form, resources, members, spi = calculator.bind(data)
    assert all(f.is_valid() for f in (form, resources, members, spi)), (form.errors, members.errors)
    built = calculator.situation_from_forms(form, resources, members, spi)
    assert built["household"]["members"][0]["resources"] == [
        {"kind": "wages", "amount": 2400.0, "period": "month"},
        {"kind": "pension", "amount": 1200.0, "period": "year"},
    ]


def test_member_income_rows_keep_the_total_per_kind_and_every_kind():
    rows = calculator.member_income_rows([
        {"kind": "wages", "amount": 100.0, "period": "month"},
        {"kind": "pension", "amount": 1200.0, "period": "year"},
        {"kind": "wages", "amount": 50.0, "period": "year"},
        {"kind": "wages", "amount": 20.5, "period": "month"},
    ])  # fmt: skip
    assert rows == [
        {"kind": "wages", "amount": 120.5, "period": "month"},
        {"kind": "pension", "amount": 1200.0, "period": "year"},
        {"kind": "wages", "amount": 50.0, "period": "year"},
    ]
