"""German pages, explanations and API answers (the ÖSHZ of the German-speaking Community).

The leefloon texts come from the rules, which give every text in nl, fr and de; these tests
check they reach the German reader: the calculator page, its errors, the API, and the pages of
the casework and GPMI flows. Acts in German after the official German translations published
by the SPP IS / ÖPD SE (https://www.mi-is.be/de), e.g. "Gesetz vom 26. Mai 2002 über das
Recht auf soziale Eingliederung".
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from openocmw.accounts.models import Role
from openocmw.accounts.tokens import issue_token
from openocmw.casework import services as casework
from openocmw.i18n import interface_language

from .test_translations import assert_no_english, text_of

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
SINGLE = {
    "reference_date": "2025-02-15", "birth_date": "1985-07-30", "residence_status": "belgian",
    "actual_residence": "yes", "willing_to_work": "yes", "other_benefits_claimed": "yes",
    "res-TOTAL_FORMS": "0", "res-INITIAL_FORMS": "0",
    "member-TOTAL_FORMS": "0", "member-INITIAL_FORMS": "0",
}  # fmt: skip


@pytest.mark.parametrize(
    ("code", "expected"),
    [("de-BE", "de"), ("de_DE", "de"), ("DE", "de"), ("fr-BE", "fr"), ("nl", "nl"),
     ("en-GB", "nl"), ("", "nl"), (None, "nl")],
)  # fmt: skip
def test_interface_language_of_a_language_code(code, expected):
    assert interface_language(code) == expected


def test_calculator_explains_the_leefloon_in_german(client_for, jan):
    html = (
        client_for("a", Role.SOCIAL_WORKER, language="de-BE")
        .post(reverse("calculator"), SINGLE)
        .content.decode()
    )
    text = text_of(html)
    assert re.search(r'id="monthly-amount">[0-9.]+,\d\d €<', html)
    assert "Warum dieser Betrag" in text
    # The steps of the explanation and the acts they cite, in German (rules/result.py ACTS).
    assert "Gesetz vom 26. Mai 2002 über das Recht auf soziale Eingliederung" in text
    assert "Art. 14 § 1" in text
    steps = re.findall(r"<li>(.*?)<br>", html, flags=re.S)
    assert steps
    for step in steps:  # the text of each step; the parameter's source keeps its own title
        for foreign in ("Wet van 26 mei 2002", "Loi du 26 mai 2002", "leefloon", "Recht op"):
            assert foreign not in step, step
    assert_no_english(html, "de")


def test_calculator_names_a_missing_fact_in_german(client_for, jan):
    form = SINGLE | {"birth_date": "2007-06-01", "reference_date": "2024-10-01"}  # 17: asked
    html = (
        client_for("a", Role.SOCIAL_WORKER, language="de")
        .post(reverse("calculator"), form)
        .content.decode()
    )
    # The field is highlighted and named in words, in German (issue 10 §5), not by its path.
    assert 'aria-invalid="true" aria-describedby="id_married_error" id="id_married"' in html
    assert "applicant.married" not in html
    text = text_of(html)
    assert (
        "Der Antragsteller: Minderjährig: verheiratet ist für einen Minderjährigen erforderlich."
        in text
    )
    assert_no_english(html, "de")


@pytest.fixture
def api_token(users):
    return issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "t")


def calc(client, body, query=""):
    return client.post(
        f"/api/v1/leefloon/calculate{query}", json.dumps(body), content_type="application/json"
    )


def test_api_answers_in_german_for_accept_language_de_be(api_token):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token}", HTTP_ACCEPT_LANGUAGE="de-BE")
    bad = json.loads((EXAMPLES / "27_bad_input_negative_amount.json").read_text())
    r = calc(client, bad)
    assert r.status_code == 400
    error = r.json()["errors"][0]
    assert "negativ" in error["message"], error
    assert error["de"] == error["message"] and error["nl"] != error["message"]
    # An error of the framework (not of the rules) is German too.
    r = client.post("/api/v1/leefloon/calculate", "{oops", content_type="application/json")
    assert r.status_code == 400 and "JSON" in r.json()["errors"][0]["message"]
    assert "Der Inhalt der Anfrage" in r.json()["errors"][0]["message"]


def test_api_uses_the_users_german_when_no_language_is_asked(users, api_token):
    user = users[("a", Role.SOCIAL_WORKER)]
    user.language = "de"
    user.save(update_fields=["language"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token}")
    r = client.post("/api/v1/leefloon/calculate", "[]", content_type="application/json")
    assert r.status_code == 400
    assert r.json()["errors"][0]["message"] == "Der Inhalt der Anfrage muss ein JSON-Objekt sein."


def test_api_explanation_text_in_german(api_token):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token}", HTTP_ACCEPT_LANGUAGE="de")
    situation = json.loads((EXAMPLES / "01_single_no_income.json").read_text())
    r = calc(client, situation, "?explain=1")
    assert r.status_code == 200, r.content
    assert "Version der Regeln" in r.json()["text"]
    assert "Eingliederungseinkommen" in r.json()["text"]
    assert "Gesetz vom 26. Mai 2002" in r.json()["text"]


def test_casework_and_gpmi_pages_in_german_show_no_english(client_for, actor_a, jan):
    req = casework.register_request(
        actor_a, jan, received_on=date(2024, 10, 1), kind="leefloon", channel="counter"
    )
    sw = client_for("a", Role.SOCIAL_WORKER, language="de")
    lead = client_for("a", Role.TEAM_LEAD, language="de")
    pages = [
        (sw, reverse("case_detail", args=[req.pk])),
        (sw, reverse("case_dashboard")),
        (sw, reverse("meetings")),
        (sw, reverse("calculator") + f"?person={jan.pk}"),
        (sw, reverse("gpmi_home")),
        (sw, reverse("gpmi_worklist")),
        (sw, reverse("gpmi_person", args=[jan.pk])),
        (lead, reverse("register")),
        (lead, reverse("gpmi_statistics")),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="de">' in html, url
        assert_no_english(html, "de")
