"""The rights pages: the team lead's button, runs compared, worklists, an entry's outreach,
campaigns, the inspector's aggregates; bad input names the field and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework.models import AidRequest
from openocmw.jobs.models import Job
from openocmw.rights import services
from openocmw.rights.models import Campaign, Contact, Outcome, ScreeningRun, WorklistEntry

from .conftest import make_person, many_persons

ON = date(2025, 3, 1)


@pytest.fixture
def run(actor_a, lead_a):
    make_person(actor_a, "no_legal_residence", date(1990, 5, 5), first="Omar")
    return services.run_screening(lead_a, ON, purpose="Campagne", rights=["urgent_medical_aid"])


def test_the_team_lead_starts_a_screening_and_lands_on_its_progress(client_for, actor_a):
    make_person(actor_a, "no_legal_residence", date(1990, 5, 5))
    client = client_for("a", Role.TEAM_LEAD)
    page = client.get("/rights/")
    assert page.status_code == 200 and "start-screening" in page.content.decode()
    answer = client.post("/rights/screen/", {
        "on": "2025-03-01", "purpose": "Campagne maart", "rights": ["urgent_medical_aid"],
    })  # fmt: skip
    job = Job.objects.get(kind="rights.screening")
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    assert client.get(answer["Location"]).status_code == 200
    run = ScreeningRun.objects.get()
    page = client.get("/rights/").content.decode()
    assert "100.0 %" in page and f"/rights/runs/{run.pk}/" in page  # the rate, run against run


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"on": "2999-01-01", "purpose": "x"}, "Toestand op: de datum moet tussen"),
        ({"on": "2030-01-01", "purpose": "x"}, "toekomst"),
        ({"on": "", "purpose": "x"}, "verplicht"),
        ({"on": "2025-03-01", "purpose": ""}, "verplicht"),
        ({"on": "2025-03-01", "purpose": "x", "rights": ["free_beer"]}, "free_beer"),
    ],
)
def test_a_bad_screening_form_is_refused_naming_the_field(client_for, data, field_text):
    client = client_for("a", Role.TEAM_LEAD)
    answer = client.post("/rights/screen/", data)
    assert answer.status_code == 400 and field_text in answer.content.decode()
    assert not Job.objects.exists() and not ScreeningRun.objects.exists()


def test_a_social_worker_has_no_button_and_cannot_post(client_for, run):
    client = client_for("a", Role.SOCIAL_WORKER)
    assert "start-screening" not in client.get("/rights/").content.decode()
    assert client.post("/rights/screen/", {"on": "2025-03-01", "purpose": "x"}).status_code == 403


def test_a_worker_opens_the_worklist_records_an_outcome_and_opens_a_request(client_for, run):
    client = client_for("a", Role.SOCIAL_WORKER)
    page = client.get(f"/rights/runs/{run.pk}/")
    assert page.status_code == 200
    listing = client.get(f"/rights/runs/{run.pk}/urgent_medical_aid/")
    text = listing.content.decode()
    entry = WorklistEntry.objects.get(run=run)
    assert listing.status_code == 200 and "Omar" in text and "wettig verblijf" in text
    assert "open een hulpaanvraag" in text.lower()  # the suggested action
    assert AuditEntry.objects.filter(object_type="worklist_entry", object_id=str(entry.pk))
    assert client.get(f"/rights/entries/{entry.pk}/").status_code == 200
    answer = client.post(f"/rights/entries/{entry.pk}/contact/",
                         {"contact-channel": "letter", "contact-on": "2025-03-05"})  # fmt: skip
    assert answer.status_code == 302
    contact = Contact.objects.get()
    letter = client.get(f"/rights/letters/{contact.pk}/")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    answer = client.post(f"/rights/entries/{entry.pk}/outcome/",
                         {"outcome-outcome": "unreachable", "outcome-on": "2025-03-10"})  # fmt: skip
    assert answer.status_code == 302 and Outcome.objects.filter(outcome="unreachable").exists()
    answer = client.post(f"/rights/entries/{entry.pk}/apply/", {"apply-received_on": "2025-03-12"})
    req = AidRequest.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/cases/{req.pk}/"


@pytest.mark.parametrize(
    ("path", "data", "text"),
    [
        ("contact", {"channel": "partner", "on": "2025-03-05"}, "partnerorganisatie"),
        ("contact", {"channel": "phone", "on": "2025-01-05"}, "tussen de screening"),
        ("outcome", {"outcome": "applied", "on": "2025-03-05"}, "geldige keuze"),
        ("outcome", {"outcome": "granted", "on": "morgen"}, "datum"),
        ("apply", {"received_on": "2024-12-01"}, "tussen de screening"),
    ],
)
def test_bad_outreach_input_names_the_field_and_saves_nothing(client_for, run, path, data, text):
    client = client_for("a", Role.SOCIAL_WORKER)
    entry = WorklistEntry.objects.get(run=run)
    answer = client.post(f"/rights/entries/{entry.pk}/{path}/",
                         {f"{path}-{k}": v for k, v in data.items()})  # fmt: skip
    assert answer.status_code == 400 and text in answer.content.decode().lower()
    assert not Contact.objects.exists() and not Outcome.objects.exists()
    assert not AidRequest.objects.exists()


def test_another_ocmw_gets_a_404_and_the_attempt_is_audited(client_for, run):
    entry = WorklistEntry.objects.get(run=run)
    client = client_for("b", Role.SOCIAL_WORKER)
    assert client.get(f"/rights/entries/{entry.pk}/").status_code == 404
    assert client.get(f"/rights/runs/{run.pk}/").status_code == 404
    assert client.get("/rights/entries/99999999999999999999/").status_code == 404
    assert AuditEntry.objects.filter(object_type="worklist_entry", action="denied").exists()


def test_the_team_lead_starts_a_campaign_and_sees_its_figures(client_for, ocmw_a, lead_a):
    many_persons(ocmw_a, ["no_legal_residence"] * 20)
    run = services.run_screening(lead_a, ON, purpose="t", rights=["urgent_medical_aid"])
    client = client_for("a", Role.TEAM_LEAD)
    bad = client.post(f"/rights/runs/{run.pk}/campaign/",
                      {"right": "urgent_medical_aid", "name": "Maart", "control_share": "60"})  # fmt: skip
    assert bad.status_code == 400 and "tussen 0 en 50" in bad.content.decode()
    assert not Campaign.objects.exists()
    answer = client.post(f"/rights/runs/{run.pk}/campaign/",
                         {"right": "urgent_medical_aid", "name": "Maart", "control_share": "25",
                          "seed": "11"})  # fmt: skip
    campaign = Campaign.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/rights/campaigns/{campaign.pk}/"
    page = client.get(answer["Location"]).content.decode()
    assert "controlegroep" in page and "<code>11</code>" in page
    assert client.get("/rights/campaigns/").status_code == 200


def test_the_inspector_sees_only_suppressed_aggregates(client_for, run):
    client = client_for("a", Role.FEDERAL_INSPECTOR)
    page = client.get("/rights/statistics/")
    text = page.content.decode()
    assert page.status_code == 200 and "OCMW Leuven" in text and "&lt; 5" in text
    assert "Omar" not in text
    assert client.get(f"/rights/runs/{run.pk}/urgent_medical_aid/").status_code in (403, 404)


def test_the_pages_in_french(client_for, actor_b, lead_b):
    make_person(actor_b, "no_legal_residence", date(1990, 5, 5), first="Yusuf", language="fr")
    run = services.run_screening(lead_b, ON, purpose="Campagne", rights=["urgent_medical_aid"])
    client = client_for("b", Role.TEAM_LEAD, "fr")
    assert "Lancer le screening" in client.get("/rights/").content.decode()
    text = client.get(f"/rights/runs/{run.pk}/urgent_medical_aid/").content.decode()
    assert "Aide médicale urgente" in text and "séjour légal" in text
    entry = WorklistEntry.objects.get(run=run)
    text = client.get(f"/rights/entries/{entry.pk}/").content.decode()
    assert "Enregistrer le résultat" in text and "Ouvrir une demande d" in text


def test_the_pages_in_german_show_the_german_reason(client_for, actor_b, lead_b):
    """A worker of a German-speaking ÖSHZ reads the reason in German (stored `reason_de`)."""
    make_person(actor_b, "no_legal_residence", date(1990, 5, 5), first="Yusuf", language="de")
    run = services.run_screening(lead_b, ON, purpose="Kampagne", rights=["urgent_medical_aid"])
    client = client_for("b", Role.TEAM_LEAD, "de")
    assert "Screening starten" in client.get("/rights/").content.decode()
    text = client.get(f"/rights/runs/{run.pk}/urgent_medical_aid/").content.decode()
    assert "Dringende medizinische Hilfe" in text
    assert "Erfüllt: Hält sich ohne legalen Aufenthalt im Land auf" in text
    entry = WorklistEntry.objects.get(run=run)
    text = client.get(f"/rights/entries/{entry.pk}/").content.decode()
    assert "Ergebnis erfassen" in text and "Hält sich ohne legalen Aufenthalt" in text
