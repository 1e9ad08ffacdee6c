"""POST /api/v1/leefloon/calculate: the rules over HTTP (issue 3)."""

import json
from pathlib import Path

import pytest
from django.test import Client

from openocmw.accounts.models import AuditEntry, Role
from openocmw.accounts.tokens import issue_token

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def api(users):
    token = issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="fr")


def post(client, body, query=""):
    return client.post(f"/api/v1/leefloon/calculate{query}", body if isinstance(body, str) else json.dumps(body),
                       content_type="application/json")  # fmt: skip


def test_seed_amount_of_september_2013_over_http(api):
    """Category 2 on 1 September 2013: € 9.808,37 a year, € 817,36 a month (seed 000, l. 1466-1500)."""
    situation = json.loads((EXAMPLES / "01_single_no_income.json").read_text())
    situation["reference_date"] = "2013-10-01"
    r = post(api, situation, "?explain=1")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["monthly_amount"] == "817.36" and body["category"]["number"] == 2
    assert body["explanation"]["steps"] and body["rules_version"]
    assert "817,36" in body["text"]
    assert AuditEntry.objects.filter(action="calculate", purpose="api calculation").exists()


def test_bad_input_is_400_with_the_field_in_french(api):
    situation = json.loads((EXAMPLES / "27_bad_input_negative_amount.json").read_text())
    r = post(api, situation)
    assert r.status_code == 400
    error = r.json()["errors"][0]
    assert error["code"] == "negative" and "négatif" in error["message"]
    assert error["field"].startswith("applicant.resources")


@pytest.mark.parametrize(
    "body", ["{oops", "[]", json.dumps({"applicant": {}, "household": {}, "colour": 1})]
)
def test_malformed_or_unknown_is_400_never_500(api, body):
    assert post(api, body).status_code == 400


@pytest.mark.parametrize("role", [Role.SECURITY_ADVISER, Role.FEDERAL_INSPECTOR])
def test_roles_without_the_calculator_are_refused(users, role):
    token = issue_token(users[("a", role)].memberships.get(), "t")
    r = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/leefloon/calculate", "{}", content_type="application/json"
    )
    assert r.status_code == 403


def test_openapi_describes_the_situation(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/leefloon/calculate" in doc["paths"]
    assert doc["components"]["schemas"]["LeefloonSituation"]["additionalProperties"] is False
