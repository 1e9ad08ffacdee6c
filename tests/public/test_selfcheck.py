"""§2, the anonymous self-check: the answers mapped to the rules' situation and to the
screening's columns, the same amount as the calculator, errors that name the field, and
nothing kept."""

from __future__ import annotations

import json
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.sessions.models import Session
from django.template.defaultfilters import floatformat
from django.test import Client
from django.utils import timezone, translation

from openocmw.accounts.models import AuditEntry, Role
from openocmw.accounts.tokens import issue_token
from openocmw.public.selfcheck_rules import (
    Adult,
    Answers,
    dumps,
    load_answers,
    population,
    situation,
)
from openocmw.rules import calculate
from openocmw.rules.rights.conditions import CHILD, HEAD, OTHER, PARTNER

pytestmark = pytest.mark.django_db
URL = "/public/24062/{lang}/selfcheck/"


def post(data: dict, lang: str = "nl"):
    response = Client().post(URL.format(lang=lang), data)
    return response, unescape(response.content.decode())


def step2(partner="no", children=0, others=0, **fields) -> dict:
    base = {"step": "2", "partner": partner, "children": children, "others": others}
    base |= {"disability": "no", "debt_mediation": "no"}
    return base | fields


# --- the mapping from the answers (unit) ------------------------------------------------------


def test_a_couple_with_children_becomes_the_rules_situation():
    on = timezone.localdate().replace(month=3, day=15)
    answers = Answers(
        age=35, status="belgian", incomes={"wages": Decimal("0")},
        family_allowance=Decimal("350"),
        partner=Adult(36, {"wages": Decimal("900.50"), "benefit": Decimal("0")}),
        children=[5, 8],
    )  # fmt: skip
    s = situation(answers, on)
    applicant = s["applicant"]
    assert applicant["birth_date"] == on.replace(year=on.year - 35).isoformat()
    assert applicant["residence_status"] == "belgian"
    assert applicant["resources"] == [
        {"kind": "family_allowance", "amount": 350.0, "period": "month"}
    ]
    partner, *children = s["household"]["members"]
    assert partner == {
        "relation": "partner", "birth_date": on.replace(year=on.year - 36).isoformat(),
        "shares_household": True,
        "resources": [{"kind": "wages", "amount": 900.5, "period": "month"}],
    }  # fmt: skip
    assert [c["relation"] for c in children] == ["child", "child"]
    assert all(c["in_charge"] and c["married"] is False for c in children)
    assert "ocmw_choices" not in s


def test_an_eu_citizen_and_an_adult_child_with_income():
    on = timezone.localdate()
    answers = Answers(
        age=50, status="eu_under_3_months", incomes={},
        others=[Adult(20, {"wages": Decimal("400")}, "child")],
    )  # fmt: skip
    s = situation(answers, on)
    assert s["applicant"]["residence_status"] == "eu_citizen"
    assert s["applicant"]["eu_residence"] == {"right_of_residence_over_3_months": False}
    (child,) = s["household"]["members"]
    assert child["relation"] == "child" and child["in_charge"] is False
    # the OCMW's share of an adult child's income is its own choice: the estimate counts none
    assert s["ocmw_choices"] == {"first_degree_relatives_share": 0.0}
    result = calculate(s)  # an EU citizen in the first three months: law art. 3, 3°
    assert result.right != "leefloon" and result.monthly_amount == 0


def test_the_household_becomes_the_screenings_columns():
    answers = Answers(
        age=40, status="foreigners_register", incomes={"wages": Decimal("100"), "pension": Decimal("20")},
        partner=Adult(41, {"benefit": Decimal("700")}), children=[3],
        others=[Adult(70, {}, "parent")], disability=1, debt_mediation=-1,
    )  # fmt: skip
    pop = population(answers)
    c = pop.columns
    assert c["role"].tolist() == [HEAD, PARTNER, CHILD, OTHER]
    assert c["age"].tolist() == [40, 41, 3, 70]
    assert c["income_net_monthly"].tolist() == [120.0, 700.0, 0.0, 0.0]
    assert c["status"].tolist()[0] == 7  # foreigners_register; the others are not asked
    assert c["disability_allowance"].tolist() == [1, 0, 0, 0]
    assert c["debt_mediation"].tolist()[0] == -1


def test_the_hand_off_is_signed_and_refuses_a_changed_token():
    token = dumps(Answers(age=30, status="belgian"), {"rights": ["leefloon"]})
    data = load_answers(token)
    assert data["applicant"]["age"] == 30 and data["rights"] == ["leefloon"]
    assert load_answers(token[:-2] + "xx") is None
    assert load_answers("") is None


# --- the same amount as the calculator, for the same facts -------------------------------------

# The categories: Law of 26 May 2002 on the right to social integration, art. 14, §1
# (1° cohabitant, 2° living alone, 3° family with a minor child in charge),
# https://www.ejustice.just.fgov.be/eli/wet/2002/05/26/2002022559/justel ; the amounts are
# the rules' parameters with their sources (docs/legal-sources/leefloon-amounts.md).
HOUSEHOLDS = [
    (
        "single, art. 14 §1 2°",
        step2(age="30", status="belgian"),
        {"members": []},
        [],
        2,
    ),
    (
        "couple with children, art. 14 §1 3°",
        step2(partner="yes", children=2, age="35", status="belgian", partner_age="36",
              partner_income_wages="900,50", child0_age="5", child1_age="8"),
        {"members": [
            {"relation": "partner", "age": 36, "shares_household": True,
             "resources": [{"kind": "wages", "amount": 900.5, "period": "month"}]},
            {"relation": "child", "age": 5, "shares_household": True, "in_charge": True, "married": False},
            {"relation": "child", "age": 8, "shares_household": True, "in_charge": True, "married": False},
        ]},
        [],
        3,
    ),
    (
        "cohabitant with income, art. 14 §1 1°",
        step2(others=1, age="28", status="belgian", income_wages="300",
              other0_relation="sibling", other0_age="31"),
        {"members": [{"relation": "sibling", "age": 31, "shares_household": True}]},
        [{"kind": "wages", "amount": 300.0, "period": "month"}],
        1,
    ),
]  # fmt: skip


def _calculator_situation(on, age, members, resources):
    def birth(years):
        return on.replace(year=on.year - years).isoformat()

    out = []
    for m in members:
        m = dict(m)
        m["birth_date"] = birth(m.pop("age"))
        out.append(m)
    return {
        "reference_date": on.isoformat(),
        "applicant": {
            "birth_date": birth(age), "residence_status": "belgian",
            "conditions": {"actual_residence_in_belgium": True, "willing_to_work": True,
                           "other_benefits_claimed": True},
            "resources": resources,
        },
        "household": {"members": out},
    }  # fmt: skip


@pytest.mark.parametrize(
    "name,answers,household,resources,category", HOUSEHOLDS, ids=[h[0] for h in HOUSEHOLDS]
)
def test_the_indicative_amount_is_the_calculators(
    ocmw_a, name, answers, household, resources, category
):
    on = timezone.localdate()
    expected = calculate(
        _calculator_situation(on, int(answers["age"]), household["members"], resources)
    )
    assert expected.category == category
    response, html = post(answers)
    assert response.status_code == 200, html
    with translation.override("nl"):
        shown = floatformat(expected.monthly_amount, "2g")
    assert f"Ongeveer € {shown} per maand" in html
    assert expected.explanation["summary"]["nl"] in html


def test_the_api_gives_the_same_amount(ocmw_a, users):
    on = timezone.localdate()
    _, answers, household, resources, _c = HOUSEHOLDS[1]
    token = issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = _calculator_situation(on, 35, household["members"], resources)
    r = api.post("/api/v1/leefloon/calculate", json.dumps(body), content_type="application/json")
    amount = Decimal(r.json()["monthly_amount"])
    _, html = post(answers, "fr")
    with translation.override("fr"):
        assert f"Environ € {floatformat(amount, '2g')} par mois" in html


# --- the pages ---------------------------------------------------------------------------------


def test_step_one_leads_to_step_two_with_a_field_per_person(ocmw_a):
    response, html = post({"step": "1", "partner": "yes", "children": "2", "others": "1"})
    assert response.status_code == 200
    for name in ("partner_age", "child0_age", "child1_age", "other0_relation", "family_allowance"):
        assert f'name="{name}"' in html
    assert 'name="child2_age"' not in html


@pytest.mark.parametrize(
    "lang,messages",
    [
        ("nl", ["Loon uit werk: ", "Leeftijd van kind 1: Een kind is minstens 12 jaar jonger dan u."]),
        ("fr", ["Salaire d'un travail: ",
                "Âge de l'enfant 1: Un enfant a au moins 12 ans de moins que vous."]),
        ("de", ["Lohn aus Arbeit: Bitte eine Zahl eingeben.",
                "Alter von Kind 1: Ein Kind ist mindestens 12 Jahre jünger als Sie."]),
    ],
)  # fmt: skip
def test_bad_answers_name_the_field_and_keep_the_values(ocmw_a, lang, messages):
    response, html = post(
        step2(children=1, age="20", status="belgian", child0_age="10", income_wages="12,50x"), lang
    )
    assert response.status_code == 400
    for message in messages:
        assert message in html, message
    assert 'value="12,50x"' in html and 'value="10"' in html


def test_an_amount_in_words_and_a_minor_are_refused_naming_the_field(ocmw_a):
    response, html = post(step2(age="17", status="belgian", income_wages="veel"))
    assert response.status_code == 400
    assert "Uw leeftijd: " in html
    assert "Loon uit werk: " in html
    assert 'value="veel"' in html


def test_a_forged_step_count_goes_back_to_step_one(ocmw_a):
    response, html = post(step2(children="999", age="40", status="belgian"))
    assert response.status_code == 400
    assert 'name="children"' in html


def test_the_result_shows_rights_and_why_and_keeps_nothing(ocmw_a):
    before = (AuditEntry.objects.count(), Session.objects.count())
    client = Client()
    response = client.post(URL.format(lang="nl"), step2(age="30", status="belgian"))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Rechten die u waarschijnlijk hebt" in html
    assert "/public/24062/nl/rights/leefloon/" in html
    assert "Belg, EU-burger" in html  # why: the rules' condition, in words
    # at most the CSRF cookie of the hand-off form to the online request, once it is installed
    assert set(response.cookies) <= {"csrftoken"} and set(client.cookies) <= {"csrftoken"}
    assert (AuditEntry.objects.count(), Session.objects.count()) == before
    assert "no-store" in response.headers["Cache-Control"]


def test_the_result_can_be_changed_with_the_answers_kept(ocmw_a):
    data = step2(age="30", status="belgian", income_wages="250")
    data["step"] = "edit"
    response, html = post(data)
    assert response.status_code == 200
    assert 'value="250"' in html and 'value="30"' in html


def test_unknown_status_gives_no_amount_but_still_the_next_steps(ocmw_a):
    response, html = post(step2(age="30", status="unknown"))
    assert response.status_code == 200
    assert "Ongeveer €" not in html
    assert "Wat nu?" in html or "Wat kunt u nu doen" in html


@pytest.mark.parametrize("bound", [False, True], ids=["blank", "with errors"])
@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_fields_html_in_python_is_the_templates(bound, lang):
    """Step 2 renders its fields in Python (``field_html``, for speed): the same HTML as
    ``public/_field.html``, for text, amount, select and radio fields, with and without errors."""
    from django.template.loader import render_to_string

    from openocmw.public.selfcheck_forms import DetailsForm, field_html

    data = {"age": "abc", "status": "", "income_wages": "-5", "partner_age": "<b>",
            "other0_relation": "sibling", "disability": "maybe"}  # fmt: skip
    with translation.override(lang):
        form = DetailsForm(
            data if bound else None, initial={"age": 40}, partner=True, children=1, others=1
        )
        for field in form:
            amount = field.field.localize
            by_template = render_to_string("public/_field.html", {"field": field, "amount": amount})
            assert str(field_html(field, amount)) == by_template, field.name
