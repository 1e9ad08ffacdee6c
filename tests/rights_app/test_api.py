"""The rights API under /api/v1/rights/: runs, worklists, entries, outcomes, apply."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from openocmw.accounts.models import AuditEntry, Role
from openocmw.accounts.tokens import issue_token
from openocmw.casework.models import AidRequest
from openocmw.rights import services
from openocmw.rights.models import Outcome, ScreeningRun, WorklistEntry

from .conftest import make_person

ON = date(2025, 3, 1)


def _client(users, key, role, language="nl"):
    token = issue_token(users[(key, role)].memberships.get(), "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def run(actor_a, lead_a):
    make_person(actor_a, "no_legal_residence", date(1990, 5, 5), first="Omar")
    return services.run_screening(lead_a, ON, purpose="t", rights=["urgent_medical_aid"])


def test_the_team_lead_starts_a_screening_through_the_api(users, actor_a):
    make_person(actor_a, "no_legal_residence", date(1990, 5, 5))
    api = _client(users, "a", Role.TEAM_LEAD)
    r = _post(api, "/api/v1/rights/runs", {"on": "2025-03-01", "purpose": "api",
                                           "rights": ["urgent_medical_aid"]})  # fmt: skip
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["status"] == "succeeded" and body["progress"] == f"/jobs/{body['job']}/"
    runs = api.get("/api/v1/rights/runs").json()["results"]
    assert len(runs) == 1 and runs[0]["counts"]["urgent_medical_aid"]["non_take_up"] == 1.0
    assert api.get(f"/api/v1/rights/runs/{runs[0]['id']}").json()["state"] == "done"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"on": "2025-03-01"}, "purpose"),
        ({"on": "1-3-2025", "purpose": "x"}, "on"),
        ({"on": "2025-03-01", "purpose": "x", "rights": ["nope"]}, "rights.0"),
        ({"on": "2025-03-01", "purpose": "x", "colour": "red"}, "colour"),
        ({"on": "2025-03-01", "purpose": 5}, "purpose"),
    ],
)
def test_bad_screening_input_names_the_field(users, body, field):
    api = _client(users, "a", Role.TEAM_LEAD)
    r = _post(api, "/api/v1/rights/runs", body)
    assert r.status_code == 400
    assert field in [e["field"] for e in r.json()["errors"]]
    assert not ScreeningRun.objects.exists()


def test_a_social_worker_may_not_start_one(users):
    api = _client(users, "a", Role.SOCIAL_WORKER)
    r = _post(api, "/api/v1/rights/runs", {"on": "2025-03-01", "purpose": "x"})
    assert r.status_code == 403


def test_the_worklist_an_entry_an_outcome_and_apply(users, run):
    api = _client(users, "a", Role.SOCIAL_WORKER)
    r = api.get(f"/api/v1/rights/runs/{run.pk}/worklist?right=urgent_medical_aid")
    assert r.status_code == 200, r.content
    [entry] = r.json()["results"]
    assert entry["person_name"] == "Omar Peeters" and "wettig verblijf" in entry["reason_nl"]
    assert entry["complete"] and entry["suggested_action"] == "open_request"
    assert AuditEntry.objects.filter(object_type="worklist_entry", purpose="rights worklist")
    r = api.get(f"/api/v1/rights/runs/{run.pk}/worklist")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "right"
    r = _post(api, f"/api/v1/rights/entries/{entry['id']}/outcomes",
              {"outcome": "refused", "on": "2025-03-10", "note": "wil geen hulp"})  # fmt: skip
    assert r.status_code == 201 and r.json()["outcome"] == "refused"
    r = _post(api, f"/api/v1/rights/entries/{entry['id']}/apply", {"received_on": "2025-03-12"})
    assert r.status_code == 201 and r.json()["decision_due"] == "2025-04-11"
    assert AidRequest.objects.get().channel == "own_initiative"
    detail = api.get(f"/api/v1/rights/entries/{entry['id']}").json()
    assert [o["outcome"] for o in detail["outcomes"]] == ["refused", "applied"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "maybe", "on": "2025-03-10"}, "outcome"),
        ({"outcome": "applied", "on": "2025-03-10"}, "outcome"),
        ({"outcome": "granted", "on": "2025-02-10"}, "on"),
        ({"outcome": "granted"}, "on"),
    ],
)
def test_a_bad_outcome_names_the_field_and_saves_nothing(users, run, body, field):
    api = _client(users, "a", Role.SOCIAL_WORKER)
    entry = WorklistEntry.objects.get(run=run)
    r = _post(api, f"/api/v1/rights/entries/{entry.pk}/outcomes", body)
    assert r.status_code == 400 and field in [e["field"] for e in r.json()["errors"]]
    assert not Outcome.objects.exists()


def test_another_ocmw_gets_404s(users, run):
    api = _client(users, "b", Role.SOCIAL_WORKER, "fr")
    entry = WorklistEntry.objects.get(run=run)
    assert api.get(f"/api/v1/rights/runs/{run.pk}").status_code == 404
    assert (
        api.get(f"/api/v1/rights/runs/{run.pk}/worklist?right=urgent_medical_aid").status_code
        == 404
    )
    assert api.get(f"/api/v1/rights/entries/{entry.pk}").status_code == 404
    r = _post(api, f"/api/v1/rights/entries/{entry.pk}/outcomes",
              {"outcome": "granted", "on": "2025-03-10"})  # fmt: skip
    assert r.status_code == 404 and not Outcome.objects.exists()


def test_the_openapi_document_describes_the_rights_routes(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/rights/runs" in paths and "post" in paths["/rights/runs"]
    assert "/rights/entries/{entry_id}/outcomes" in paths
