"""An OCMW's local rights in the screening run like a national right (issue 11): the job run,
the command, the API and the partitioned run screen them as of the run's date, with their
reasons in words, on the worklists, in the non-take-up rates and the campaigns; the sources
a local right reads must be authorised for local rights (sources.yaml `local_rights`)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from openocmw.accounts.models import AuditEntry, Role
from openocmw.rights import catalogue_services, services, sources
from openocmw.rights.labels import right_choices, right_name
from openocmw.rights.models import ScreeningRun, WorklistEntry
from openocmw.rights.partitions import start_partitioned_run
from openocmw.rights.services import screening
from tests.conftest import actor_of

from .conftest import make_person
from .test_api import _client, _post
from .test_local_catalogue import local_entry

ON = date(2025, 3, 1)


@pytest.fixture
def admin_a(users):
    return actor_of(users[("a", Role.OCMW_ADMIN)])


@pytest.fixture
def senior_pass(admin_a):
    """Seniorenpas Leuven: 65 or older, with a legal residence (from 1 January 2025)."""
    return catalogue_services.save_local_right(admin_a, local_entry(), date(2025, 1, 1))


@pytest.fixture
def people(actor_a):
    return {
        "maria": make_person(actor_a, "belgian", date(1950, 2, 2), first="Maria"),
        "omar": make_person(actor_a, "no_legal_residence", date(1950, 5, 5), first="Omar"),
        "lina": make_person(actor_a, "belgian", date(1990, 1, 1), first="Lina"),
    }


def test_a_job_run_lists_a_local_right_with_its_reason(senior_pass, people, lead_a):
    job = screening.start_screening(lead_a, ON, purpose="Campagne senioren")
    run = ScreeningRun.objects.get(pk=job.result["run"])
    assert "leuven_senior_pass" in run.rights and "leefloon" in run.rights
    entries = WorklistEntry.objects.filter(run=run, right="leuven_senior_pass", kind="missing")
    assert [e.person_id for e in entries] == [people["maria"].pk]  # not Omar (status), not Lina
    entry = entries.get()
    assert "leeftijd ≥ 65" in entry.reason_nl or "leeftijd" in entry.reason_nl
    assert "age=75" in entry.reason_nl and "(toestand op 2025-03-01)" in entry.reason_nl
    assert "âge" in entry.reason_fr and "situation au 2025-03-01" in entry.reason_fr
    assert entry.reason_de.startswith("Erfüllt: Alter")
    assert "(Stand am 2025-03-01)" in entry.reason_de and entry.reason_in("de") == entry.reason_de
    counts = run.counts["leuven_senior_pass"]
    assert counts["eligible"] == 1 and counts["eligible_not_receiving"] == 1
    assert counts["non_take_up"] == 1.0
    # Its name on the pages, and the worklist selector of the run.
    assert right_name("leuven_senior_pass", "fr", ocmw=lead_a.ocmw) == "Pass senior Louvain"
    page = services.worklist(lead_a, run, right="leuven_senior_pass")
    assert [e.person_id for e in page] == [people["maria"].pk]


def test_a_local_right_is_screened_in_the_version_of_the_run_date(admin_a, people, lead_a):
    catalogue_services.save_local_right(admin_a, local_entry(), date(2025, 6, 1))
    run = screening.run_screening(lead_a, ON, purpose="Voor de pas")  # before it applies
    assert "leuven_senior_pass" not in run.rights
    with pytest.raises(ValidationError) as error:
        screening.run_screening(lead_a, ON, purpose="x", rights=["leuven_senior_pass"])
    assert "right" in error.value.message_dict


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "Onbekend recht: no_such_right"),
        ("fr", "Droit inconnu : no_such_right"),
        ("de", "Unbekanntes Recht: no_such_right"),
    ],
)
def test_an_unknown_code_is_still_a_field_error(senior_pass, lead_a, language, message):
    with translation.override(language), pytest.raises(ValidationError) as error:
        screening.run_screening(lead_a, ON, purpose="x", rights=["no_such_right"])
    assert error.value.message_dict["right"] == [message]
    assert not ScreeningRun.objects.exists()


def test_the_command_accepts_a_local_right_s_code(senior_pass, people, lead_a, capsys):
    call_command(
        "screen", ocmw=lead_a.ocmw.nis_code, rights=["leuven_senior_pass"], on="2025-03-01",
        inline=True,
    )  # fmt: skip
    run = ScreeningRun.objects.get()
    assert run.rights == ["leuven_senior_pass"]
    assert WorklistEntry.objects.filter(run=run, person=people["maria"]).exists()
    with pytest.raises(CommandError, match="--right"):
        call_command("screen", ocmw=lead_a.ocmw.nis_code, rights=["nope"], inline=True)


def test_the_api_screens_and_lists_a_local_right(senior_pass, people, users):
    client = _client(users, "a", Role.TEAM_LEAD)
    answer = _post(
        client, "/api/v1/rights/runs",
        {"on": "2025-03-01", "purpose": "API", "rights": ["leuven_senior_pass"]},
    )  # fmt: skip
    assert answer.status_code == 202, answer.content
    run = ScreeningRun.objects.get()
    listed = client.get(f"/api/v1/rights/runs/{run.pk}/worklist?right=leuven_senior_pass")
    assert listed.status_code == 200, listed.content
    assert [e["person"] for e in listed.json()["results"]] == [people["maria"].pk]
    bad = _post(
        client, "/api/v1/rights/runs", {"on": "2025-03-01", "purpose": "API", "rights": ["nope"]}
    )
    assert bad.status_code == 400 and "nope" in bad.content.decode()


def test_the_partitioned_run_checks_the_codes_as_a_single_run(senior_pass, people, lead_a):
    run, _job = start_partitioned_run(lead_a, ON, purpose="Delen", parts=2)
    run.refresh_from_db()
    assert "leuven_senior_pass" in run.rights and run.state == "done"
    assert WorklistEntry.objects.filter(run=run, right="leuven_senior_pass").count() == 1
    with pytest.raises(ValidationError) as error:
        start_partitioned_run(lead_a, ON, purpose="Delen", parts=2, rights=["nope"])
    assert "right" in error.value.message_dict


def test_a_local_right_reading_an_unauthorised_source_is_refused_and_audited(admin_a, lead_a):
    entry = local_entry()
    entry["local_conditions"]["all"].append(
        {"variable": "debt_mediation", "operator": "is", "value": True}
    )
    catalogue_services.save_local_right(admin_a, entry, date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        screening.run_screening(lead_a, ON, purpose="x", rights=["leuven_senior_pass"])
    assert "status_facts" not in str(error.value) and "leuven_senior_pass" in str(error.value)
    denied = AuditEntry.objects.get(action="denied", object_type="screening_run")
    assert denied.detail["refused"] == [{"right": "leuven_senior_pass", "source": "status_facts"}]
    assert not ScreeningRun.objects.exists()
    # Which sources it reads follows from its variables.
    used = [s.code for s in sources.local_sources_of(entry["local_conditions"])]
    assert used == ["registry", "household", "status", "decisions", "status_facts"]


def test_the_screening_form_offers_the_local_right(senior_pass, lead_a):
    assert ("leuven_senior_pass", "Seniorenpas Leuven") in right_choices(lead_a.ocmw)
    assert "leuven_senior_pass" not in dict(right_choices())


def test_the_stored_reasons_of_a_national_right_are_in_german(lead_a, actor_a):
    omar = make_person(actor_a, "no_legal_residence", date(1990, 5, 5), first="Omar")
    run = screening.run_screening(lead_a, ON, purpose="DMH", rights=["urgent_medical_aid"])
    entry = WorklistEntry.objects.get(run=run, person=omar)
    # The condition of the KB of 12 December 1996 / organic law art. 57 §2, in German.
    assert entry.reason_de.startswith(
        "Erfüllt: Hält sich ohne legalen Aufenthalt im Land auf (Grundlagengesetz, Art. 57, §2)"
    )
    assert "status=no_legal_residence" in entry.reason_de
    assert entry.reason_nl.startswith("Voldaan: Verblijft zonder wettig verblijf")


def test_an_entry_written_before_german_falls_back_to_dutch(lead_a, actor_a):
    make_person(actor_a, "no_legal_residence", date(1990, 5, 5), first="Omar")
    run = screening.run_screening(lead_a, ON, purpose="DMH", rights=["urgent_medical_aid"])
    WorklistEntry.objects.filter(run=run).update(reason_de="")
    entry = WorklistEntry.objects.get(run=run)
    assert entry.reason_in("de") == entry.reason_nl and entry.reason_in("fr") == entry.reason_fr
