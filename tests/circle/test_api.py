"""The rights circle in the JSON API (/api/v1/circle/...): the same rules as the pages.

Scoped to the user's OCMW (another OCMW's assessment is a 404, the attempt audited), every read
and change audited, bad input named by its field in nl, fr and de, a role without the right 403.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from openocmw.accounts.models import AuditEntry, Role
from openocmw.accounts.tokens import issue_token
from openocmw.circle import services
from openocmw.circle.frameworks import Framework, GroupKind
from openocmw.circle.models import Action, Assessment, Score

from ..conftest import actor_of
from .test_circle import SEED_ORDER


def api(users, key, role, language="nl") -> Client:
    token = issue_token(users[(key, role)].memberships.get(), "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def lead_api(users):
    return api(users, "a", Role.TEAM_LEAD)


@pytest.fixture
def circle(users):
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    return services.create_assessment(
        lead, framework=Framework.RIGHTS_CIRCLE, title="Rechtencirkel 2026",
        held_on=date(2026, 3, 1), previous=None,
    )  # fmt: skip


def scores(values, why="omdat"):
    return {
        "scores": [
            {"item": code, "score": v, "justification": f"{why} {code}"}
            for code, v in zip(SEED_ORDER, values, strict=True)
        ]
    }


def staff(a):
    return a.groups.get(kind=GroupKind.STAFF)


def test_create_score_and_read_an_assessment_side_by_side(lead_api, users):
    r = send(lead_api, "post", "/api/v1/circle/assessments", {
        "framework": "rights_circle", "title": "Rechtencirkel 2026", "held_on": "2026-03-01"})  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert [i["code"] for i in body["items"]] == SEED_ORDER  # the seed's nine phases, in order
    assert [g["kind"] for g in body["groups"]] == ["target_group", "staff", "policy"]
    target, staff_id = body["groups"][0]["id"], body["groups"][1]["id"]
    url = f"/api/v1/circle/assessments/{body['id']}/groups"
    assert (
        send(lead_api, "put", f"{url}/{target}/scores", scores([2] * 9, "te ver")).status_code
        == 200
    )
    r = send(lead_api, "put", f"{url}/{staff_id}/scores", scores([8] * 8 + [3], "wij doen"))
    assert r.status_code == 200, r.content
    prevention = r.json()["items"][0]
    assert prevention["gap"] is True and prevention["spread"] == 6
    cells = {c["group_id"]: c for c in prevention["scores"]}
    assert cells[target]["justification"] == "te ver prevention"  # the reasons side by side
    assert cells[staff_id]["score"] == 8
    assert r.json()["items"][-1]["gap"] is False  # aftercare: 2 and 3
    listed = lead_api.get("/api/v1/circle/assessments").json()
    assert listed["count"] == 1 and listed["results"][0]["title"] == "Rechtencirkel 2026"
    # A later assessment is compared with the earlier one.
    r = send(lead_api, "post", "/api/v1/circle/assessments", {
        "framework": "rights_circle", "title": "2027", "held_on": "2027-03-01",
        "previous_id": body["id"]})  # fmt: skip
    assert r.status_code == 201 and r.json()["previous_id"] == body["id"]
    earlier = r.json()["items"][0]["earlier"]
    assert {e["score"] for e in earlier} >= {2, 8}


def test_actions_are_added_and_their_status_changed(lead_api, circle):
    url = f"/api/v1/circle/assessments/{circle.pk}/actions"
    data = {"item": "detection", "description": "Huisbezoeken", "owner": "Dienst welzijn",
            "deadline": "2026-09-30"}  # fmt: skip
    r = send(lead_api, "post", url, data)
    assert r.status_code == 201 and r.json()["status"] == "planned"
    r = send(lead_api, "put", f"{url}/{r.json()['id']}", data | {"status": "done"})
    assert r.status_code == 200 and Action.objects.get().status == "done"
    detail = lead_api.get(f"/api/v1/circle/assessments/{circle.pk}").json()
    assert [a["item"] for a in detail["actions"]] == ["detection"]
    r = send(
        lead_api, "post", f"/api/v1/circle/assessments/{circle.pk}/groups", {"name": "OCMW-raad"}
    )
    assert r.status_code == 201 and r.json()["groups"][-1]["name"] == "OCMW-raad"


def test_another_ocmws_assessment_is_404_and_the_attempt_audited(users, circle):
    for method, url, data in (
        ("get", f"/api/v1/circle/assessments/{circle.pk}", None),
        ("post", f"/api/v1/circle/assessments/{circle.pk}/actions", {
            "item": "access", "description": "x", "owner": "y", "deadline": "2026-05-01"}),
        ("put", f"/api/v1/circle/assessments/{circle.pk}/groups/{staff(circle).pk}/scores",
         scores([5] * 9)),
    ):  # fmt: skip
        client = api(users, "b", Role.TEAM_LEAD, "fr")
        r = client.get(url) if data is None else send(client, method, url, data)
        assert r.status_code == 404, (url, r.content)
        assert r.json()["errors"][0]["code"] == "not_found"
    assert api(users, "b", Role.TEAM_LEAD).get("/api/v1/circle/assessments").json()["count"] == 0
    denied = AuditEntry.objects.filter(
        action="denied", object_type="circle_assessment", object_id=str(circle.pk)
    )
    ocmw_a = users[("a", Role.TEAM_LEAD)].memberships.get().ocmw
    # Written in the prober's chain and in the chain of the OCMW that owns the assessment.
    assert denied.filter(ocmw=ocmw_a).count() == 3 and denied.exclude(ocmw=ocmw_a).count() == 3
    assert not Score.objects.exists() and not Action.objects.exists()


def test_reads_and_changes_are_audited(lead_api, circle):
    lead_api.get("/api/v1/circle/assessments")
    lead_api.get(f"/api/v1/circle/assessments/{circle.pk}")
    send(lead_api, "put",
         f"/api/v1/circle/assessments/{circle.pk}/groups/{staff(circle).pk}/scores",
         scores([6] * 9))  # fmt: skip
    entries = AuditEntry.objects.filter(object_type="circle_assessment")
    assert entries.filter(action="view", object_id="").exists()  # the list
    assert entries.filter(action="view", object_id=str(circle.pk)).exists()
    assert entries.filter(action="update", object_id=str(circle.pk)).exists()


@pytest.mark.parametrize(
    "language, word", [("nl", "geldig getal"), ("fr", "entier"), ("de", "Ganzzahl")]
)
def test_a_score_that_is_not_a_whole_number_names_its_field(users, circle, language, word):
    client = api(users, "a", Role.TEAM_LEAD, language)
    body = scores([7] * 9)
    body["scores"][2]["score"] = 7.5
    url = f"/api/v1/circle/assessments/{circle.pk}/groups/{staff(circle).pk}/scores"
    r = send(client, "put", url, body)
    assert r.status_code == 400
    (e,) = r.json()["errors"]
    assert e["field"] == "scores.2.score" and word in e["message"], e
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    "language, word", [("nl", "Motiveer de score"), ("fr", "Justifiez"), ("de", "Begründen")]
)
def test_a_phase_without_justification_is_refused_in_the_users_language(
    users, circle, language, word
):
    client = api(users, "a", Role.TEAM_LEAD, language)
    body = scores([7] * 9)
    body["scores"][0]["justification"] = "  "
    r = send(
        client, "put",
        f"/api/v1/circle/assessments/{circle.pk}/groups/{staff(circle).pk}/scores", body,
    )  # fmt: skip
    assert r.status_code == 400
    (e,) = r.json()["errors"]
    assert e["field"] == "scores.prevention.justification" and word in e["message"], e
    assert not Score.objects.exists()


@pytest.mark.parametrize("score, field", [(11, "scores.0.score"), (-1, "scores.0.score")])
def test_a_score_outside_0_10_is_refused(lead_api, circle, score, field):
    body = scores([7] * 9)
    body["scores"][0]["score"] = score
    r = send(lead_api, "put",
             f"/api/v1/circle/assessments/{circle.pk}/groups/{staff(circle).pk}/scores", body)  # fmt: skip
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == field


def test_a_missing_phase_and_a_foreign_item_are_named(lead_api, circle):
    url = f"/api/v1/circle/assessments/{circle.pk}/groups/{staff(circle).pk}/scores"
    body = scores([7] * 9)
    body["scores"].pop()
    r = send(lead_api, "put", url, body)
    assert r.status_code == 400
    assert "scores.aftercare.score" in {e["field"] for e in r.json()["errors"]}
    body["scores"].append({"item": "affordability", "score": 5, "justification": "x"})
    r = send(lead_api, "put", url, body)
    assert r.json()["errors"][0]["field"] == "scores.8.item"


def test_bad_assessment_input_names_the_field(lead_api, circle):
    r = send(lead_api, "post", "/api/v1/circle/assessments", {
        "framework": "seven_bs", "title": "", "held_on": "2026-13-01", "colour": "red"})  # fmt: skip
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"title", "held_on", "colour"}
    r = send(lead_api, "post", "/api/v1/circle/assessments", {
        "framework": "seven_bs", "title": "7B", "held_on": "2027-01-01",
        "previous_id": circle.pk})  # fmt: skip
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "previous_id"
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.COUNCIL_MEMBER])
def test_a_role_that_may_read_but_not_change_gets_403(users, circle, role):
    client = api(users, "a", role)
    assert client.get(f"/api/v1/circle/assessments/{circle.pk}").status_code == 200
    r = send(client, "post", "/api/v1/circle/assessments", {
        "framework": "rights_circle", "title": "x", "held_on": "2026-01-01"})  # fmt: skip
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "forbidden"
    r = send(client, "put",
             f"/api/v1/circle/assessments/{circle.pk}/groups/{staff(circle).pk}/scores",
             scores([5] * 9))  # fmt: skip
    assert r.status_code == 403 and not Score.objects.exists()
    assert AuditEntry.objects.filter(action="denied", object_type="url").exists()


def test_a_role_without_the_circle_gets_403(users, circle):
    roles = [r for r in Role.values if r not in (
        Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER, Role.OCMW_ADMIN)]  # fmt: skip
    assert roles
    for role in roles:
        client = api(users, "a", role)
        assert client.get("/api/v1/circle/assessments").status_code == 403
        assert client.get(f"/api/v1/circle/assessments/{circle.pk}").status_code == 403
