"""The catalogue pages: list, exports, the administrator's editor of local rights, the intake
panel on the person page and the request page, the list of hinge moments."""

from __future__ import annotations

import json
from datetime import date

import pytest

from openocmw.accounts.models import AuditEntry, Role
from openocmw.rights.models import RightVersion

ON = "2025-03-01"


def form_data(**changes) -> dict:
    data = {
        "code": "leuven_sport_pass",
        "name_nl": "Sportpas", "name_fr": "Pass sport", "name_de": "Sportpass",
        "domain": "participation", "target_groups": "children, low_income",
        "legal_reference": "Reglement sportpas, gemeenteraad 2025",
        "legal_url": "https://www.leuven.be/sportpas",
        "granted_by_nl": "OCMW Leuven", "granted_by_fr": "CPAS de Louvain",
        "how_to_apply_nl": "Aan het onthaal", "how_to_apply_fr": "À l'accueil",
        "documents": "identity_card",
        "automation_status": "proactive_information",
        "automation_reason_nl": "Leeftijd gekend", "automation_reason_fr": "Âge connu",
        "automation_review_date": "2026-06-30",
        "owner": "sport_service", "last_review": "2025-01-10",
        "unit": "person", "valid_from": "2025-01-01",
        "c0_variable": "age", "c0_operator": "<", "c0_value": "18",
        "c1_variable": "receives", "c1_operator": "is", "c1_value": "increased_reimbursement",
        "c1_group": "A",
        "c2_variable": "household_income_gross_yearly", "c2_operator": "<=", "c2_value": "25000",
        "c2_per_dependant": "4000", "c2_group": "A",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def admin(client_for):
    return client_for("a", Role.OCMW_ADMIN)


def test_the_administrator_adds_a_local_right_with_conditions_and_it_is_listed(admin, ocmw_a):
    response = admin.post("/rights/catalogue/local/new/", form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    version = RightVersion.objects.get()
    assert version.ocmw_id == ocmw_a.pk and version.valid_from == date(2025, 1, 1)
    clauses = version.data["local_conditions"]["all"]
    assert clauses[0] == {"variable": "age", "operator": "<", "value": 18}
    assert clauses[1]["any"][1]["per_dependant"] == 4000.0
    page = admin.get(f"/rights/catalogue/?on={ON}").content.decode()
    assert (
        "Sportpas" in page
        and "leeftijd &lt; 18; (ontvangt het recht increased_reimbursement" in page
    )
    edit = admin.get("/rights/catalogue/local/leuven_sport_pass/").content.decode()
    assert 'value="Sportpas"' in edit and "Versies" in edit


def test_contradictory_conditions_are_shown_on_the_row_and_nothing_is_saved(admin):
    data = form_data(c3_variable="age", c3_operator=">=", c3_value="65")
    response = admin.post("/rights/catalogue/local/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_c3_variable-error"' in page and "spreekt een andere voorwaarde tegen" in page
    assert 'value="Sportpas"' in page  # nothing the user typed is lost
    assert not RightVersion.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"legal_url": ""}, "legal_url"),
        ({"legal_reference": "", "legal_url": ""}, "legal_reference"),
        ({"automation_status": "", "automation_review_date": ""}, "automation_status"),
        ({"automation_review_date": ""}, "automation_review_date"),
        ({"c0_variable": "age", "c0_operator": "in"}, "c0_operator"),
        ({"c0_value": "oud"}, "c0_value"),
    ],
)
def test_a_local_right_without_legal_basis_or_automation_is_refused_on_its_field(
    admin, changes, field
):
    response = admin.post("/rights/catalogue/local/new/", form_data(**changes))
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not RightVersion.objects.exists()


def test_a_social_worker_cannot_open_the_editor(client_for):
    assert (
        client_for("a", Role.SOCIAL_WORKER).get("/rights/catalogue/local/new/").status_code == 403
    )


def test_the_exports_and_a_bad_date(client_for):
    worker = client_for("a", Role.SOCIAL_WORKER)
    response = worker.get(f"/rights/catalogue/export.json?on={ON}")
    assert response["Content-Disposition"] == 'attachment; filename="rights-24062-2025-03-01.json"'
    data = json.loads(response.content)
    assert data["publisher"]["nis_code"] == "24062" and data["valid_on"] == ON
    csv_text = worker.get("/rights/catalogue/export.csv").content.decode()
    assert csv_text.startswith("code,name_nl,name_fr,name_de,level")
    bad = worker.get("/rights/catalogue/export.json?on=gisteren")
    assert bad.status_code == 400


def test_the_person_page_shows_the_intake_panel(client_for, actor_a, jan):
    worker = client_for("a", Role.SOCIAL_WORKER)
    page = worker.get(f"/persons/{jan.pk}/").content.decode()
    # The file opens without waiting for the screening: the panel is filled right after.
    url = f"/persons/{jan.pk}/rights-panel/"
    assert 'id="rights-panel"' in page and f'hx-get="{url}"' in page
    assert not AuditEntry.objects.filter(
        purpose="rights intake panel", subject_person_id=jan.pk
    ).exists()
    fragment = worker.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="rights-panel"' in fragment and "Leefloon" in fragment
    assert "<html" not in fragment
    assert AuditEntry.objects.filter(
        purpose="rights intake panel", subject_person_id=jan.pk
    ).exists()
    # Without JavaScript, the placeholder's link opens the panel as a page of its own.
    whole = worker.get(url).content.decode()
    assert "<html" in whole and "Leefloon" in whole


def test_the_intake_panel_of_another_ocmw_is_not_found(client_for, jan):
    assert (
        client_for("b", Role.SOCIAL_WORKER).get(f"/persons/{jan.pk}/rights-panel/").status_code
        == 404
    )
    assert (
        client_for("a", Role.SECURITY_ADVISER).get(f"/persons/{jan.pk}/rights-panel/").status_code
        == 403
    )


def test_the_request_page_shows_the_intake_panel(client_for, jan):
    page = (
        client_for("a", Role.SOCIAL_WORKER).get(f"/persons/{jan.pk}/requests/new/").content.decode()
    )
    assert 'id="rights-panel"' in page and f"/persons/{jan.pk}/rights-panel/" in page


def test_the_hinge_list_page(client_for, household, settings):
    from openocmw.rights import hinges

    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}
    hinges.hinge_moment(household, "job_loss", date.today(), "federal:test")
    page = client_for("a", Role.SOCIAL_WORKER).get("/rights/hinges/").content.decode()
    assert "verlies van een baan" in page.lower() or "job" in page.lower()
    assert "leefloon" in page


def test_the_german_texts_of_a_local_right_are_kept_and_optional(admin):
    data = form_data(how_to_apply_de="Am Empfang", granted_by_de="das ÖSHZ Löwen")
    assert admin.post("/rights/catalogue/local/new/", data).status_code == 302
    version = RightVersion.objects.get()
    assert version.data["how_to_apply"] == {
        "nl": "Aan het onthaal", "fr": "À l'accueil", "de": "Am Empfang"
    }  # fmt: skip
    assert version.data["granted_by"]["de"] == "das ÖSHZ Löwen"
    edit = admin.get("/rights/catalogue/local/leuven_sport_pass/").content.decode()
    assert "Am Empfang" in edit  # the next version starts from it
    RightVersion.objects.all().delete()
    assert admin.post("/rights/catalogue/local/new/", form_data()).status_code == 302
    assert "de" not in RightVersion.objects.get().data["how_to_apply"]
