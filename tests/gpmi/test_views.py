"""The GPMI pages and API as a user meets them: the flag on the person file, forms that name
the wrong field in the user's language and save nothing, exports, and who may open what."""

import base64
import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from openocmw.accounts.models import Role
from openocmw.gpmi import services
from openocmw.gpmi.models import Gpmi
from tests.conftest import actor_of
from tests.gpmi.conftest import contract, sign, start_balance


def t(msgid: str, language: str = "nl") -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def test_person_file_shows_gpmi_required_by_date(client_for, actor_a, lotte):
    services.record_leefloon_start(actor_a, lotte, date(2025, 2, 1), 2)
    html = (
        client_for("a", Role.SOCIAL_WORKER)
        .get(reverse("person_detail", args=[lotte.pk]))
        .content.decode()
    )
    assert 'id="gpmi-required"' in html and "01/05/2025" in html
    assert reverse("gpmi_person", args=[lotte.pk]) in html


def test_nav_shows_gpmi_for_workers_and_statistics_for_the_inspector(client_for):
    html = client_for("a", Role.SOCIAL_WORKER).get(reverse("gpmi_home")).content.decode()
    assert reverse("gpmi_home") in html
    inspector = client_for("a", Role.FEDERAL_INSPECTOR)
    assert inspector.get(reverse("gpmi_home")).status_code == 403
    assert reverse("gpmi_statistics") in inspector.get(reverse("gpmi_statistics")).content.decode()


def test_drafting_studies_without_institution_names_the_field_and_saves_nothing(client_for, lotte):
    client = client_for("a", Role.SOCIAL_WORKER)
    response = client.post(
        reverse("gpmi_new", args=[lotte.pk]),
        {
            "kind": "studies",
            "start": "2025-09-22",
            "end": "2028-06-30",
            "goals": "Bachelor",
            "person_commitments": "Attend the lessons",
            "ocmw_commitments": "Pay the fees",
            "programme": "Nursing",
            "academic_year": "2025-2026",
            "study_years": "3",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_institution-error"' in html
    assert t("Name the school or institution of the studies.") in html
    assert Gpmi.objects.count() == 0


def test_the_worker_drafts_signs_and_sees_the_planned_evaluations(client_for, lotte):
    client = client_for("a", Role.SOCIAL_WORKER)
    response = client.post(
        reverse("gpmi_new", args=[lotte.pk]),
        {
            "kind": "general",
            "start": "2025-01-01",
            "end": "2025-12-31",
            "goals": "Find a flat\nFollow a Dutch course",
            "person_commitments": "Visit landlords",
            "ocmw_commitments": "Pay the rental guarantee",
        },
    )
    gpmi = Gpmi.objects.get()
    assert response.status_code == 302
    url = reverse("gpmi_validate", args=[gpmi.pk])
    signed = {"person_signed_on": "2025-01-02", "person_signatory": "Lotte Janssens",
              "ocmw_signed_on": "2025-01-02", "ocmw_signatory": "An Maes"}  # fmt: skip
    no_balance = client.post(url, signed)  # issue 10 §8: no contract without a start balance
    assert no_balance.status_code == 400
    assert (
        t("Record the social balance at the start first: the contract rests on it.")
        in no_balance.content.decode()
    )
    assert not gpmi.versions.filter(validated_at__isnull=False).exists()
    start_balance(actor_of(users_sw(lotte)), gpmi)
    bad = client.post(
        url,
        {
            "person_signed_on": "",
            "person_signatory": "Lotte Janssens",
            "ocmw_signed_on": "2025-01-02",
            "ocmw_signatory": "An Maes",
        },
    )
    assert bad.status_code == 400
    assert 'id="id_person_signed_on-error"' in bad.content.decode()
    ok = client.post(
        url,
        {
            "person_signed_on": "2025-01-02",
            "person_signatory": "Lotte Janssens",
            "ocmw_signed_on": "2025-01-02",
            "ocmw_signatory": "An Maes",
        },
    )
    assert ok.status_code == 302
    html = client.get(reverse("gpmi_detail", args=[gpmi.pk])).content.decode()
    assert "01/05/2025" in html and "01/09/2025" in html
    pdf = client.get(reverse("gpmi_version_pdf", args=[gpmi.pk, 1]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_an_evaluation_form_outside_the_period_is_refused_in_french(client_for, actor_b, users):
    from openocmw.registry import services as registry
    from tests.conftest import person_data

    person = registry.create_person(actor_b, person_data(first_name="Jean", language="fr"))
    gpmi = services.draft_gpmi(actor_b, person, contract())
    sign(actor_b, services.latest_version(gpmi))
    response = client_for("b", Role.SOCIAL_WORKER).post(
        reverse("gpmi_evaluate", args=[gpmi.pk]),
        {"held_on": "2026-02-01", "form": "interview", "goal_0": "achieved", "goal_1": "achieved"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    expected = t("The date lies outside the period of the contract (%(start)s to %(end)s).", "fr")
    assert expected.split("(")[0].strip() in html
    assert gpmi.evaluations.filter(held_on__isnull=False).count() == 0


def test_dashboard_lists_overdue_evaluations(client_for, signed):
    html = client_for("a", Role.SOCIAL_WORKER).get(reverse("gpmi_home")).content.decode()
    assert "01/05/2025" in html  # the first planned evaluation, long overdue


def test_another_ocmw_gets_404_for_the_gpmi(client_for, signed):
    assert (
        client_for("b", Role.SOCIAL_WORKER)
        .get(reverse("gpmi_detail", args=[signed.pk]))
        .status_code
        == 404
    )


def test_balance_page_compares_three_moments(client_for, signed):
    client = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("gpmi_balance", args=[signed.pk])
    assert (
        client.post(
            url,
            {
                "moment": "start",
                "recorded_on": "2025-01-01",
                "housing_person": "No flat",
                "housing_score": "1",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url,
            {
                "moment": "end",
                "recorded_on": "2025-12-20",
                "housing_person": "Own flat",
                "housing_score": "5",
            },
        ).status_code
        == 302
    )
    html = client.get(url).content.decode()
    assert "1/5" in html and "5/5" in html and "No flat" in html and "Own flat" in html


@pytest.mark.parametrize(
    "fmt,ctype", [("csv", "text/csv"), ("xlsx", "spreadsheetml"), ("pdf", "application/pdf")]
)
def test_statistics_exports(client_for, signed, fmt, ctype):
    client = client_for("a", Role.TEAM_LEAD)
    page = client.get(reverse("gpmi_statistics"), {"start": "2025-01-01", "until": "2025-12-31"})
    assert page.status_code == 200 and "<svg" in page.content.decode()
    response = client.get(
        reverse("gpmi_statistics_export", args=[fmt]),
        {"start": "2025-01-01", "until": "2025-12-31"},
    )
    assert response.status_code == 200 and ctype in response["Content-Type"]


def test_statistics_with_a_reversed_period_names_the_field(client_for):
    response = client_for("a", Role.OCMW_ADMIN).get(
        reverse("gpmi_statistics"), {"start": "2025-12-31", "until": "2025-01-01"}
    )
    assert response.status_code == 400
    assert 'id="id_until-error"' in response.content.decode()


def test_a_social_worker_has_no_statistics(client_for):
    assert client_for("a", Role.SOCIAL_WORKER).get(reverse("gpmi_statistics")).status_code == 403


# --- API ----------------------------------------------------------------------------------------


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_draft_with_missing_facts_names_facts_field(client_for, lotte):
    client = client_for("a", Role.SOCIAL_WORKER)
    data = contract(
        kind="training",
        start="2025-01-01",
        end="2025-06-30",
        person_id=lotte.pk,
        facts={"provider": "VDAB"},
    )
    response = post(client, "/api/v1/gpmi/projects", data)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["facts.programme"]
    assert Gpmi.objects.count() == 0


def test_api_full_cycle_and_social_report(client_for, actor_a, lotte):
    client = client_for("a", Role.SOCIAL_WORKER)
    data = contract(start="2025-01-01", end="2025-12-31", person_id=lotte.pk)
    created = post(client, "/api/v1/gpmi/projects", data)
    assert created.status_code == 201, created.content
    gid = created.json()["id"]
    start_balance(actor_a, Gpmi.objects.get(pk=gid))
    bad = post(
        client,
        f"/api/v1/gpmi/projects/{gid}/validate",
        {"ocmw_signed_on": "2025-01-02", "ocmw_signatory": "An Maes"},
    )
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"person_signed_on", "person_signatory"}
    ok = post(
        client,
        f"/api/v1/gpmi/projects/{gid}/validate",
        {
            "person_signed_on": "2025-01-02",
            "person_signatory": "Lotte Janssens",
            "ocmw_signed_on": "2025-01-02",
            "ocmw_signatory": "An Maes",
        },
    )
    assert ok.json()["status"] == "active"
    ev = post(
        client,
        f"/api/v1/gpmi/projects/{gid}/evaluations",
        {"held_on": "2026-01-05", "form": "interview", "progress": []},
    )
    assert [e["field"] for e in ev.json()["errors"]][0] == "held_on"
    assert (
        post(
            client,
            f"/api/v1/gpmi/persons/{lotte.pk}/consents",
            {"status": "given", "on": "2025-01-02", "legal_basis": "gdpr_6_1_a"},
        ).status_code
        == 201
    )
    part = client.get(f"/api/v1/gpmi/projects/{gid}/social-report").json()
    assert base64.b64decode(part["contract"]["pdf"]).startswith(b"%PDF")
    closed = post(
        client, f"/api/v1/gpmi/projects/{gid}/close", {"closed_on": "2025-10-01", "outcome": "work"}
    )
    assert closed.json()["status"] == "closed"


def test_api_statistics_for_the_inspector_only_counts(client_for, signed):
    response = client_for("a", Role.FEDERAL_INSPECTOR).get(
        "/api/v1/gpmi/statistics", {"from": "2025-01-01", "until": "2025-12-31"}
    )
    body = response.json()
    assert body["totals"] == {"started": None, "ongoing": None, "closed": 0}  # 1 and 1: < 5
    text = json.dumps(body)
    assert "Lotte" not in text and "person_id" not in text and str(signed.person.insz) not in text


def test_openapi_describes_the_gpmi_paths(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/gpmi/projects/{gpmi_id}/validate" in doc["paths"]
    assert "/gpmi/statistics" in doc["paths"]


def users_sw(person):
    from openocmw.accounts.models import Membership

    return Membership.objects.get(
        ocmw_id=person.ocmw_id, role=Role.SOCIAL_WORKER, user__username="a-social_worker"
    ).user
