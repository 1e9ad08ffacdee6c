"""The rights catalogue in the API: the OCMW's catalogue, one right, a local right's version
(refused with field errors), the intake panel of a person; all in the OpenAPI document."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from openocmw.accounts.models import Role
from openocmw.accounts.tokens import issue_token
from openocmw.rights.models import RightVersion
from tests.rights_app.test_local_catalogue import local_entry


def _client(users, key, role, language="nl"):
    token = issue_token(users[(key, role)].memberships.get(), "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def api(users):
    return _client(users, "a", Role.SOCIAL_WORKER)


@pytest.fixture
def admin_api(users):
    return _client(users, "a", Role.OCMW_ADMIN)


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_catalogue_of_the_ocmw(api):
    response = api.get("/api/v1/rights/catalogue?on=2025-03-01")
    assert response.status_code == 200
    data = response.json()
    assert data["publisher"]["nis_code"] == "24062" and data["valid_on"] == "2025-03-01"
    codes = [r["code"] for r in data["rights"]]
    assert "leefloon" in codes and "study_allowance_fwb" not in codes
    one = api.get("/api/v1/rights/catalogue/heating_allowance").json()
    assert one["legal_basis"][0]["url"].startswith("https://")
    assert api.get("/api/v1/rights/catalogue/nothing_here").status_code == 404
    bad = api.get("/api/v1/rights/catalogue?on=morgen")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "on"


def test_a_local_right_through_the_api(admin_api, api):
    response = post(
        admin_api,
        "/api/v1/rights/local-rights",
        {"valid_from": "2025-01-01", "entry": local_entry()},
    )
    assert response.status_code == 201, response.content
    assert response.json()["local_conditions"]["all"][0]["value"] == 65
    assert (
        post(
            api, "/api/v1/rights/local-rights", {"valid_from": "2025-01-01", "entry": local_entry()}
        ).status_code
        == 403
    )


def test_a_contradictory_local_right_is_400_naming_the_field(admin_api):
    entry = local_entry()
    entry["local_conditions"]["all"].append({"variable": "age", "operator": "<", "value": 18})
    response = post(
        admin_api, "/api/v1/rights/local-rights", {"valid_from": "2025-01-01", "entry": entry}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "entry.local_conditions.all[2]"
    no_basis = local_entry(legal_basis=[])
    response = post(
        admin_api, "/api/v1/rights/local-rights", {"valid_from": "2025-01-01", "entry": no_basis}
    )
    assert [e["field"] for e in response.json()["errors"]] == ["entry.legal_basis"]
    bad_date = post(
        admin_api,
        "/api/v1/rights/local-rights",
        {"valid_from": "1890-01-01", "entry": local_entry()},
    )
    assert bad_date.status_code == 400 and bad_date.json()["errors"][0]["field"] == "valid_from"
    assert not RightVersion.objects.exists()


def test_the_intake_panel_of_a_person(api, users, jan):
    data = api.get(f"/api/v1/persons/{jan.pk}/missing-rights").json()
    assert "leefloon" in [r["code"] for r in data["rights"]]
    other = _client(users, "b", Role.SOCIAL_WORKER, "fr")
    assert other.get(f"/api/v1/persons/{jan.pk}/missing-rights").status_code == 404


def test_the_endpoints_are_in_the_openapi_document(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/rights/catalogue",
        "/rights/catalogue/{code}",
        "/rights/local-rights",
        "/persons/{person_id}/missing-rights",
    ):
        assert path in paths
