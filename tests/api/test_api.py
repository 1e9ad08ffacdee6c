"""The REST API: authentication, scoping, strict input, errors naming the field."""

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from openocmw.accounts.models import ApiToken, AuditEntry, Role
from openocmw.accounts.tokens import issue_token
from openocmw.registry.models import Person


@pytest.fixture
def api_a(users):
    token = issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="nl")


@pytest.fixture
def api_b(users):
    token = issue_token(users[("b", Role.SOCIAL_WORKER)].memberships.get(), "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="fr")


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


NEW = {
    "insz": "85073003328", "first_name": "Jan", "last_name": "Peeters", "birth_date": "1985-07-30",
    "sex": "M", "nationality": "BE", "residence_status": {"status": "belgian", "valid_from": "1985-07-30"},
}  # fmt: skip


def test_no_credentials_is_401_and_bad_token_is_401(db):
    assert Client().get("/api/v1/persons").status_code == 401
    r = Client(HTTP_AUTHORIZATION="Bearer nope").get("/api/v1/persons")
    assert r.status_code == 401 and r.json()["errors"][0]["code"] == "not_authenticated"


def test_token_is_stored_as_digest_only(users):
    token = issue_token(users[("a", Role.SOCIAL_WORKER)].memberships.get(), "t")
    row = ApiToken.objects.get()
    assert token not in (row.digest, row.prefix) and len(row.digest) == 64


def test_create_then_read_person(api_a):
    r = post(api_a, "/api/v1/persons", NEW)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["insz"] == "85073003328" and body["residence_statuses"][0]["status"] == "belgian"
    r = api_a.get(f"/api/v1/persons/{body['id']}")
    assert r.status_code == 200 and r.json()["last_name"] == "Peeters"


def test_search_and_list(api_a, jan):
    assert [p["id"] for p in api_a.get("/api/v1/persons", {"q": "peeters"}).json()["results"]] == [
        jan.pk
    ]
    assert [p["id"] for p in api_a.get("/api/v1/persons").json()["results"]] == [jan.pk]
    r = api_a.get("/api/v1/persons", {"limit": "0"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "limit"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"insz": "85073003329"}, "insz"),
        ({"birth_date": "1985-07-31"}, "insz"),
        ({"birth_date": "30-07-1985x"}, "birth_date"),
        ({"sex": "Q"}, "sex"),
        ({"nationality": "XX"}, "nationality"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
        (
            {"residence_status": {"status": "tourist", "valid_from": "2020-01-01"}},
            "residence_status.status",
        ),
        ({"residence_status": {"status": "belgian"}}, "residence_status.valid_from"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_changes_nothing(api_a, change, field):
    r = post(api_a, "/api/v1/persons", NEW | change)
    assert r.status_code == 400, r.content
    assert field in [e["field"] for e in r.json()["errors"]]
    assert Person.objects.count() == 0


def test_missing_required_fields_are_each_named(api_a):
    r = post(api_a, "/api/v1/persons", {})
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"first_name", "last_name", "birth_date", "sex", "nationality"} <= fields


def test_malformed_json_is_400_not_500(api_a):
    r = api_a.post("/api/v1/persons", "{not json", content_type="application/json")
    assert r.status_code == 400
    r = api_a.post("/api/v1/persons", "[1, 2]", content_type="application/json")
    assert r.status_code == 400


def test_duplicate_insz_is_400(api_a, jan):
    r = post(api_a, "/api/v1/persons", NEW)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "insz"
    assert r.json()["errors"][0]["code"] == "duplicate"


def test_errors_follow_the_language_of_the_user(api_b, api_a):
    nl = post(api_a, "/api/v1/persons", NEW | {"nationality": "XX"}).json()["errors"][0]["message"]
    fr = post(api_b, "/api/v1/persons", NEW | {"nationality": "XX"}).json()["errors"][0]["message"]
    assert nl != fr


def test_other_ocmw_gets_404_and_the_attempt_is_audited(api_b, jan, household):
    r = api_b.get(f"/api/v1/persons/{jan.pk}")
    assert r.status_code == 404
    assert AuditEntry.objects.filter(
        action="denied", object_type="person", object_id=str(jan.pk)
    ).exists()
    assert api_b.get(f"/api/v1/households/{household.pk}").status_code == 404
    r = post(
        api_b,
        f"/api/v1/households/{household.pk}/changes",
        {"person_id": jan.pk, "reason": "moved_out", "date": "2024-01-01"},
    )
    assert r.status_code == 404


@pytest.mark.parametrize("role", [Role.SECURITY_ADVISER, Role.OCMW_ADMIN, Role.FEDERAL_INSPECTOR])
def test_roles_without_personal_data_get_403(users, jan, role):
    token = issue_token(users[("a", role)].memberships.get(), "t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert c.get(f"/api/v1/persons/{jan.pk}").status_code == 403
    assert c.get("/api/v1/persons", {"q": "peeters"}).status_code == 403


def test_residence_status_endpoint(api_a, jan):
    r = post(
        api_a,
        f"/api/v1/persons/{jan.pk}/residence-statuses",
        {"status": "eu_citizen", "valid_from": "2021-01-01"},
    )
    assert r.status_code == 201
    assert [s["status"] for s in r.json()["residence_statuses"]] == ["belgian", "eu_citizen"]
    r = post(
        api_a,
        f"/api/v1/persons/{jan.pk}/residence-statuses",
        {"status": "stateless", "valid_from": "2020-01-01", "valid_until": "2021-06-01"},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "valid_from"


def test_household_endpoints(api_a, actor_a):
    jan = post(api_a, "/api/v1/persons", NEW).json()
    els = post(
        api_a,
        "/api/v1/persons",
        NEW
        | {
            "insz": "87020200233",
            "first_name": "Els",
            "birth_date": "1987-02-02",
            "sex": "F",
            "residence_status": {"status": "belgian", "valid_from": "1987-02-02"},
        },
    )
    assert els.status_code == 201, els.content
    els = els.json()
    hh = post(
        api_a, "/api/v1/households", {"reference_person_id": jan["id"], "valid_from": "2015-01-01"}
    )
    assert hh.status_code == 201
    hid = hh.json()["id"]
    r = post(
        api_a,
        f"/api/v1/households/{hid}/changes",
        {"person_id": els["id"], "reason": "moved_in", "date": "2019-01-01", "relation": "partner"},
    )
    assert r.status_code == 201
    timeline = r.json()["timeline"]
    assert [(t["from"], t["until"], len(t["members"])) for t in timeline] == [
        ("2015-01-01", "2018-12-31", 1),
        ("2019-01-01", None, 2),
    ]
    r = post(
        api_a,
        f"/api/v1/households/{hid}/changes",
        {"person_id": els["id"], "reason": "moved_in", "date": "2020-01-01", "relation": "partner"},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "person"
    r = post(
        api_a,
        f"/api/v1/households/{hid}/changes",
        {"person_id": els["id"], "reason": "moved_out", "date": "31/12/2020"},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "date"
    r = api_a.get(f"/api/v1/persons/{jan['id']}")
    assert r.json()["households"][0]["id"] == hid


def test_session_auth_needs_csrf_for_changes(users):
    c = Client(enforce_csrf_checks=True)
    c.force_login(users[("a", Role.SOCIAL_WORKER)])
    assert c.get("/api/v1/persons").status_code == 200
    r = post(c, "/api/v1/persons", NEW)
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "csrf"


def test_wrong_method_is_405(api_a, jan):
    assert api_a.delete(f"/api/v1/persons/{jan.pk}").status_code == 405


def _api_routes(patterns=None, prefix=""):
    """Every route under /api/v1/, through the apps' includes, with its full path."""
    if patterns is None:
        top = next(
            p
            for p in get_resolver().url_patterns
            if isinstance(p, URLResolver) and str(p.pattern) == "api/v1/"
        )
        patterns = top.url_patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _api_routes(p.url_patterns, prefix + str(p.pattern))
        elif (
            isinstance(p, URLPattern)
            and hasattr(p.callback, "view_class")
            and str(p.pattern) != "openapi.json"
        ):
            yield prefix + str(p.pattern), p.callback.view_class


def test_openapi_describes_every_route_and_method(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    routes = list(_api_routes())
    assert len(routes) >= 18
    for route, view in routes:
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        assert path in doc["paths"], path
        for method in ("get", "post", "put", "patch", "delete"):
            assert hasattr(view, method) == (method in doc["paths"][path]), (path, method)


def test_api_calls_are_audited(api_a, jan):
    before = AuditEntry.objects.count()
    api_a.get(f"/api/v1/persons/{jan.pk}")
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("-pk").first().purpose == "api"
