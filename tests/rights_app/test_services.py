"""The rights app: catalogue versions, a screening run from the database, worklists, audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openocmw.accounts.models import AuditEntry, Role
from openocmw.rights import services
from openocmw.rights.models import EntryKind, RightVersion, WorklistEntry
from openocmw.rules.rights.catalogue import load_catalogue
from tests.conftest import actor_of

from .conftest import make_person as _person

ON = date(2025, 3, 1)


@pytest.fixture
def admin_a(users):
    return actor_of(users[("a", Role.OCMW_ADMIN)])


def test_a_right_is_versioned_from_a_date(admin_a):
    entry = load_catalogue()["heating_allowance"].to_dict()
    first = services.save_right_version(admin_a, entry, date(2025, 1, 1))
    entry["owner"] = "team_energy_2"
    second = services.save_right_version(admin_a, entry, date(2025, 6, 1))
    assert (first.version, second.version) == (1, 2)
    assert services.right_on("heating_allowance", date(2025, 3, 1)).pk == first.pk
    assert services.right_on("heating_allowance", date(2025, 7, 1)).pk == second.pk
    assert services.right_on("heating_allowance", date(2024, 12, 31)) is None
    assert AuditEntry.objects.filter(object_type="right_version").count() == 2


def test_a_right_without_legal_basis_is_refused_and_nothing_saved(admin_a):
    entry = load_catalogue()["heating_allowance"].to_dict()
    entry["legal_basis"] = []
    with pytest.raises(ValidationError) as error:
        services.save_right_version(admin_a, entry, date(2025, 1, 1))
    assert "legal_basis" in error.value.message_dict
    assert "verplicht" in error.value.message_dict["legal_basis"][0]
    assert not RightVersion.objects.exists()


def test_a_right_without_automation_assessment_is_refused(admin_a):
    entry = load_catalogue()["heating_allowance"].to_dict()
    del entry["automation"]
    with pytest.raises(ValidationError) as error:
        services.save_right_version(admin_a, entry, date(2025, 1, 1))
    assert "automation.status" in error.value.message_dict


def test_a_social_worker_cannot_change_the_catalogue(actor_a):
    with pytest.raises(PermissionDenied):
        services.save_right_version(
            actor_a, load_catalogue()["leefloon"].to_dict(), date(2025, 1, 1)
        )


def test_screening_an_ocmw_from_the_database(actor_a, actor_b, lead_a):
    undocumented = _person(actor_a, "no_legal_residence", date(1990, 5, 5), first="Omar")
    elderly = _person(actor_a, "belgian", date(1950, 2, 2), first="Maria")
    other_ocmw = _person(actor_b, "no_legal_residence", date(1991, 5, 5), first="Yusuf")
    run = services.run_screening(lead_a, ON, purpose="Campagne niet-gebruik maart 2025")
    assert run.state == "done" and run.persons == 2
    uma = WorklistEntry.objects.filter(run=run, right="urgent_medical_aid", kind=EntryKind.MISSING)
    assert [e.person_id for e in uma] == [undocumented.pk]  # never another OCMW's person
    assert uma[0].complete and "wettig verblijf" in uma[0].reason_nl
    assert "séjour légal" in uma[0].reason_fr
    igo = WorklistEntry.objects.get(run=run, right="income_guarantee_elderly")
    assert igo.person_id == elderly.pk
    assert not igo.complete and igo.missing  # the registry holds no income yet: said plainly
    assert run.counts["urgent_medical_aid"]["non_take_up"] == 1.0
    # Counted, but not listed: nothing known points to the increased reimbursement (no benefit,
    # income and disability allowance unknown), so a worker would have nothing to start from.
    bim = run.counts["increased_reimbursement"]
    assert bim["eligible_not_receiving"] == 2 and bim["listed"] == 0
    assert not WorklistEntry.objects.filter(run=run, right="increased_reimbursement").exists()
    assert not WorklistEntry.objects.filter(person=other_ocmw).exists()
    audit = AuditEntry.objects.get(object_type="screening_run", object_id=str(run.pk))
    assert audit.purpose == "rights screening"


def test_a_restarted_run_adds_no_duplicate_entries(actor_a, lead_a):
    _person(actor_a, "no_legal_residence", date(1990, 5, 5))
    run = services.run_screening(lead_a, ON, purpose="test")
    before = WorklistEntry.objects.filter(run=run).count()
    population = services.load_population(lead_a, ON)
    from openocmw.rules.rights.screening import screen

    services.write_entries(run, population, screen(population, ON, run.rights))
    assert WorklistEntry.objects.filter(run=run).count() == before


def test_every_entry_shown_is_audited_with_its_purpose(actor_a, lead_a):
    person = _person(actor_a, "no_legal_residence", date(1990, 5, 5))
    run = services.run_screening(lead_a, ON, purpose="test", rights=["urgent_medical_aid"])
    entries = services.worklist(actor_a, run, "urgent_medical_aid")
    assert [e.person_id for e in entries] == [person.pk]
    shown = AuditEntry.objects.filter(object_type="worklist_entry", subject_person_id=person.pk)
    assert shown.count() == 1 and shown.get().purpose == "rights worklist"


def test_another_ocmw_sees_nothing_of_a_run(actor_a, actor_b, lead_a):
    _person(actor_a, "no_legal_residence", date(1990, 5, 5))
    run = services.run_screening(lead_a, ON, purpose="test", rights=["urgent_medical_aid"])
    assert services.worklist(actor_b, run, "urgent_medical_aid") == []


def test_only_a_team_lead_starts_a_screening(actor_a):
    with pytest.raises(PermissionDenied):
        services.run_screening(actor_a, ON, purpose="test")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"purpose": " "}, "purpose"), ({"purpose": "x", "rights": ["free_beer"]}, "right")],
)
def test_bad_screening_input_names_the_field_and_saves_nothing(lead_a, kwargs, field):
    with pytest.raises(ValidationError) as error:
        services.run_screening(lead_a, ON, **kwargs)
    assert field in error.value.message_dict
    from openocmw.rights.models import ScreeningRun

    assert not ScreeningRun.objects.exists()


def test_a_worker_records_an_outcome_with_its_date(actor_a, lead_a):
    person = _person(actor_a, "no_legal_residence", date(1990, 5, 5))
    run = services.run_screening(lead_a, ON, purpose="test", rights=["urgent_medical_aid"])
    [entry] = services.worklist(actor_a, run, "urgent_medical_aid")
    outcome = services.record_outcome(actor_a, entry, "unreachable", date(2025, 3, 10))
    assert outcome.entry == entry and outcome.recorded_by == actor_a.user
    assert AuditEntry.objects.filter(
        object_type="rights_outcome", subject_person_id=person.pk
    ).exists()


@pytest.mark.parametrize(
    ("outcome", "on", "field"),
    [
        ("maybe", date(2025, 3, 10), "outcome"),
        ("granted", date(2025, 2, 1), "on"),
        ("granted", None, "on"),
    ],
)
def test_a_bad_outcome_names_the_field_and_saves_nothing(actor_a, lead_a, outcome, on, field):
    from openocmw.rights.models import Outcome

    _person(actor_a, "no_legal_residence", date(1990, 5, 5))
    run = services.run_screening(lead_a, ON, purpose="test", rights=["urgent_medical_aid"])
    entry = WorklistEntry.objects.get(run=run)
    with pytest.raises(ValidationError) as error:
        services.record_outcome(actor_a, entry, outcome, on)
    assert field in error.value.message_dict
    assert not Outcome.objects.exists()


def test_the_screen_command(actor_a, users, lead_a, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    _person(actor_a, "no_legal_residence", date(1990, 5, 5))
    lead = users[("a", Role.TEAM_LEAD)].username
    call_command(
        "screen", "--ocmw", "24062", "--user", lead, "--purpose", "test",
        "--right", "urgent_medical_aid", "--on", "2025-03-01",
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "urgent_medical_aid: eligible 1, receiving 0, not receiving 1 (100.0 %)" in out
    with pytest.raises(CommandError, match="--right"):
        call_command(
            "screen", "--ocmw", "24062", "--user", lead, "--purpose", "x", "--right", "nope",
        )  # fmt: skip
    social_worker = users[("a", Role.SOCIAL_WORKER)].username
    with pytest.raises(CommandError, match="--user"):
        call_command("screen", "--ocmw", "24062", "--user", social_worker, "--purpose", "x")
