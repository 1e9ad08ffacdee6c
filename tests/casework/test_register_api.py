"""The register's list in the API (issue 10 §7): GET /api/v1/register/requests, scoped to the
OCMW, for the team lead and the council member, audited, bad filters named by field."""

from __future__ import annotations

import pytest
from django.test import Client

from openocmw.accounts.models import AuditEntry, Role
from openocmw.accounts.tokens import issue_token
from tests.casework.test_register_list import requests  # noqa: F401  (fixture)

URL = "/api/v1/register/requests"


def api(users, role, lang="nl"):
    token = issue_token(users[("a", role)].memberships.get(), "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=lang)


def test_the_register_lists_the_requests_of_the_period_with_their_decision(users, requests):  # noqa: F811
    r = api(users, Role.TEAM_LEAD).get(URL, {"from": "2025-01-01", "until": "2025-12-31"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["count"] == 2  # not 2024/099 (before), not OCMW B's request
    assert [row["number"] for row in body["results"]] == ["2025/001", "2025/002"]
    first = body["results"][0]
    assert first["person"] == "Jan Peeters" and first["decision"]["monthly_amount"] == "1314.20"
    assert body["results"][1]["decision"] is None
    entry = AuditEntry.objects.filter(object_type="register", purpose="request register").first()
    assert entry.detail["requests"] == 2 and entry.detail["from"] == "2025-01-01"
    r = api(users, Role.TEAM_LEAD).get(
        URL, {"from": "2024-01-01", "until": "2025-12-31", "worker": requests["lead"].pk}
    )
    assert [row["number"] for row in r.json()["results"]] == ["2025/002"]
    r = api(users, Role.TEAM_LEAD).get(URL, {"from": "2025-01-01", "kind": "urgent_medical_aid"})
    assert [row["number"] for row in r.json()["results"]] == ["2025/002"]


@pytest.mark.parametrize(
    "params, field, lang, words",
    [
        ({"from": "2025-12-31", "until": "2025-01-01"}, "until", "fr", "fin"),
        ({"worker": "999999"}, "worker", "de", "Liste"),
        ({"kind": "lottery"}, "kind", "nl", "lottery"),
        ({"from": "31/12/2025"}, "from", "nl", "YYYY-MM-DD"),
    ],
)
def test_bad_filters_are_named_in_the_users_language(users, requests, params, field, lang, words):  # noqa: F811
    r = api(users, Role.TEAM_LEAD, lang).get(URL, params)
    assert r.status_code == 400
    error = r.json()["errors"][0]
    assert error["field"] == field and words.lower() in error["message"].lower(), error


def test_a_social_worker_and_the_administrator_do_not_read_the_register_list(users, requests):  # noqa: F811
    assert api(users, Role.SOCIAL_WORKER).get(URL).status_code == 403
    assert api(users, Role.OCMW_ADMIN).get(URL).status_code == 403
    assert api(users, Role.COUNCIL_MEMBER).get(URL).status_code == 200
