"""The intake panel (one household, the same engine) and hinge moments (seed 003)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import services as casework
from openocmw.jobs.models import Job
from openocmw.registry import services as registry
from openocmw.rights import catalogue_services, hinges, intake
from openocmw.rights.models import HingeKind, HingeMatch, HingeMoment, HingeState
from tests.conftest import actor_of, person_data
from tests.rights_app.test_local_catalogue import local_entry

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}


def _person(actor, birth, first="Ann", status="belgian", **extra):
    return registry.create_person(
        actor, person_data(first_name=first, birth_date=birth, **extra), status=status,
        status_from=birth,
    )  # fmt: skip


@pytest.fixture
def elderly(actor_a):
    person = _person(actor_a, date(1950, 5, 5), "Maria")
    registry.found_household(actor_a, person, date(2000, 1, 1))
    return person


def test_the_panel_lists_what_the_household_appears_to_miss_with_reasons(actor_a, elderly):
    rows = intake.missing_rights(actor_a, elderly)
    codes = [row["code"] for row in rows]
    assert "income_guarantee_elderly" in codes
    igo = next(row for row in rows if row["code"] == "income_guarantee_elderly")
    assert igo["name"] == "Inkomensgarantie voor ouderen (IGO)"
    (match,) = igo["matches"]
    assert match["person_id"] == elderly.pk and match["first_name"] == "Maria"
    assert "Heeft de wettelijke pensioenleeftijd bereikt" in match["reason"]
    assert not match["complete"] and match["missing"]  # the income is not in the registry
    shown = AuditEntry.objects.filter(object_type="rights_match", purpose="rights intake panel")
    # One entry per member shown, naming every right shown for them.
    (entry,) = shown.filter(subject_person_id=elderly.pk)
    assert set(entry.detail["rights"]) == set(codes)


def test_the_panel_screens_the_ocmws_local_rights_too(users, actor_a, elderly):
    admin = actor_of(users[("a", Role.OCMW_ADMIN)])
    catalogue_services.save_local_right(admin, local_entry(), date(2020, 1, 1))
    rows = {row["code"]: row for row in intake.missing_rights(actor_a, elderly)}
    senior = rows["leuven_senior_pass"]
    assert senior["name"] == "Seniorenpas Leuven" and senior["matches"][0]["complete"]
    assert "leeftijd ≥ 65" in senior["matches"][0]["reason"]


def test_the_panel_of_another_ocmws_person_is_refused(actor_b, elderly):
    with pytest.raises(Exception):  # noqa: B017 - DoesNotExist: not found in the actor's OCMW
        intake.missing_rights(actor_b, elderly)


def test_a_birth_screens_the_household_and_puts_it_on_the_assigned_workers_list(
    users, actor_a, jan, household
):
    worker = users[("a", Role.SOCIAL_WORKER)]
    request = casework.register_request(
        actor_a, jan, received_on=TODAY - timedelta(days=10), kind="leefloon", channel="counter"
    )
    request.assigned_to = worker
    request.save()
    born = TODAY - timedelta(days=3)
    baby = _person(actor_a, born, "Lotte")
    registry.record_household_change(
        actor_a, household, person=baby, reason="birth", on=born, relation="child"
    )
    moment = HingeMoment.objects.get(kind=HingeKind.BIRTH)
    assert (moment.person_id, moment.household_id, moment.on) == (jan.pk, household.pk, born)
    assert moment.assigned_to == worker and moment.state == HingeState.SCREENED
    assert moment.job.status == "succeeded"
    rights = set(moment.matches.values_list("right", flat=True))
    assert "leefloon" in rights  # Jan, now with a child: category 3, income unknown
    listed = hinges.worker_list(actor_a)
    assert moment in listed
    assert AuditEntry.objects.filter(
        object_type="rights_match", purpose="rights hinge moment"
    ).exists()


def test_a_partners_death_and_a_separation_are_hinge_moments(actor_a, jan, household):
    partner = _person(actor_a, date(1987, 2, 2), "Els", sex="F")
    registry.record_household_change(
        actor_a, household, person=partner, reason="moved_in", on=date(2016, 1, 1),
        relation="partner",
    )  # fmt: skip
    assert HingeMoment.objects.filter(kind=HingeKind.MOVE_IN, person=partner).exists()
    registry.record_household_change(
        actor_a, household, person=partner, reason="moved_out", on=TODAY - timedelta(days=20)
    )
    separations = HingeMoment.objects.filter(kind=HingeKind.SEPARATION)
    assert set(separations.values_list("person_id", flat=True)) == {jan.pk, partner.pk}
    other = _person(actor_a, date(1960, 3, 3), "Rita", sex="F")
    registry.record_household_change(
        actor_a, household, person=other, reason="moved_in", on=TODAY - timedelta(days=10),
        relation="partner",
    )  # fmt: skip
    registry.record_household_change(
        actor_a, household, person=other, reason="death", on=TODAY - timedelta(days=2)
    )
    death = HingeMoment.objects.get(kind=HingeKind.PARTNER_DEATH)
    assert death.person_id == jan.pk and death.state == HingeState.SCREENED


def test_a_child_moving_out_is_not_a_separation(actor_a, jan, household):
    child = _person(actor_a, date(2005, 1, 1), "Tom")
    registry.record_household_change(
        actor_a, household, person=child, reason="birth", on=date(2005, 1, 1), relation="child"
    )
    registry.record_household_change(
        actor_a, household, person=child, reason="moved_out", on=TODAY - timedelta(days=5)
    )
    assert not HingeMoment.objects.filter(kind=HingeKind.SEPARATION).exists()


def test_an_address_moving_into_the_municipality_is_a_move_in(actor_a):
    person = _person(actor_a, date(1990, 1, 1), "Sam", postal_code="1000", municipality="Brussel")
    registry.update_person(actor_a, person, {"postal_code": "3000", "municipality": "Leuven"})
    assert HingeMoment.objects.filter(kind=HingeKind.MOVE_IN, person=person, on=TODAY).exists()
    registry.update_person(actor_a, person, {"street": "Naamsestraat"})  # within Leuven: no new one
    assert HingeMoment.objects.filter(kind=HingeKind.MOVE_IN).count() == 1


def test_the_end_of_a_benefit_is_a_hinge_moment(jan, household):
    decision = SimpleNamespace(
        kind="stop", person_id=jan.pk, person=jan, effective_from=TODAY, aid_kind="leefloon"
    )
    hinges.on_decision_recorded(sender=None, actor=None, decision=decision)
    moment = HingeMoment.objects.get(kind=HingeKind.BENEFIT_END)
    assert moment.source == "casework:leefloon" and moment.household_id == household.pk


def test_a_data_flow_reports_a_job_loss_once(jan, household):
    first = hinges.hinge_moment(household, "job_loss", TODAY, "federal:dmfa")
    again = hinges.hinge_moment(household, "job_loss", TODAY, "federal:dmfa")
    assert first.pk == again.pk
    assert Job.objects.filter(kind="rights.hinge_screening").count() == 1
    matches = HingeMatch.objects.filter(hinge=first).count()
    # A retried job (after kill -9) adds no duplicate.
    hinges.hinge_screening(SimpleNamespace(progress=lambda *a, **k: None), hinge=first.pk)
    assert HingeMatch.objects.filter(hinge=first).count() == matches > 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("lottery_win", TODAY, "federal"), "kind"),
        (("job_loss", date(1990, 1, 1), "federal"), "on"),
        (("job_loss", "yesterday", "federal"), "on"),
        (("job_loss", TODAY, " "), "source"),
    ],
)
def test_a_bad_hinge_moment_names_the_field_and_records_nothing(household, args, field):
    with pytest.raises(ValidationError) as error:
        hinges.hinge_moment(household, *args)
    assert field in error.value.message_dict
    assert not HingeMoment.objects.filter(kind="job_loss").exists()


def test_reaching_pension_age_is_found_daily_and_once(actor_a):
    on = date(2025, 3, 1)
    person = _person(actor_a, date(1960, 2, 27), "Paul")
    assert hinges.detect_pension_age(on) == 1
    assert hinges.detect_pension_age(on) == 1  # found again, recorded once
    moment = HingeMoment.objects.get(kind=HingeKind.PENSION_AGE)
    assert (moment.person_id, moment.on) == (person.pk, date(2025, 2, 27))
    assert HingeMoment.objects.count() == 1


def test_a_hinge_moments_matches_go_on_the_screening_worklist_without_duplicates(
    users, actor_a, jan, household
):
    from openocmw.rights import services
    from openocmw.rights.models import EntryKind, WorklistEntry

    worker = users[("a", Role.SOCIAL_WORKER)]
    request = casework.register_request(
        actor_a, jan, received_on=TODAY - timedelta(days=10), kind="leefloon", channel="counter"
    )
    request.assigned_to = worker
    request.save()
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    run = services.run_screening(lead, TODAY, purpose="test")
    before = set(WorklistEntry.objects.filter(run=run).values_list("right", "kind", "person_id"))
    assert ("leefloon", EntryKind.MISSING, jan.pk) in before  # Jan is listed by the run

    born = TODAY - timedelta(days=3)
    baby = _person(actor_a, born, "Lotte")
    registry.record_household_change(
        actor_a, household, person=baby, reason="birth", on=born, relation="child"
    )
    birth = HingeMoment.objects.get(kind=HingeKind.BIRTH)
    matches = set(birth.matches.values_list("right", "person_id"))
    assert ("leefloon", jan.pk) in matches
    entries = WorklistEntry.objects.filter(run=run, kind=EntryKind.MISSING)
    # Each match once on the run's worklist: Jan's leefloon stays the run's own entry.
    for right, person_id in matches:
        assert entries.filter(right=right, person_id=person_id).count() == 1
    assert entries.get(right="leefloon", person_id=jan.pk).hinge is None
    # What the run could not know (Maria came after it) is added, on the worker's list, with
    # the moment in its reason.
    maria = _person(actor_a, date(1950, 5, 5), "Maria")
    other = casework.register_request(
        actor_a, maria, received_on=TODAY, kind="leefloon", channel="counter"
    )
    other.assigned_to = worker
    other.save()
    home = registry.found_household(actor_a, maria, TODAY)
    moment = hinges.hinge_moment(home, HingeKind.MOVE_IN, TODAY, "registry", person=maria)
    added = WorklistEntry.objects.filter(hinge=moment)
    assert ("income_guarantee_elderly", maria.pk) in set(added.values_list("right", "person_id"))
    new = added.get(right="income_guarantee_elderly")
    assert new.run == run and new.kind == EntryKind.MISSING
    assert new.reason_nl.startswith(
        f"Scharniermoment: verhuis naar de gemeente op {TODAY:%d/%m/%Y}. Voldaan: "
    )
    assert new.reason_fr.startswith("Moment charnière : ")
    assert new.assigned_to == worker
    assert new in services.entries(actor_a, run, right=new.right, worker=worker)
    total = WorklistEntry.objects.filter(run=run).count()
    assert total == len(before) + added.count()
    # A retried job (after kill -9) adds nothing twice.
    for hinge in (birth, moment):
        hinges.hinge_screening(SimpleNamespace(progress=lambda *a, **k: None), hinge=hinge.pk)
    assert WorklistEntry.objects.filter(run=run).count() == total


def test_without_a_screening_run_the_matches_stay_on_the_hinge_list(jan, household):
    from openocmw.rights.models import WorklistEntry

    moment = hinges.hinge_moment(household, "job_loss", TODAY, "federal:dmfa")
    assert moment.matches.exists() and not WorklistEntry.objects.exists()


def test_the_compiled_local_rights_are_kept_until_the_catalogue_changes(users, actor_a, elderly):
    from openocmw.rights.local_rules import local_rules

    admin = actor_of(users[("a", Role.OCMW_ADMIN)])
    catalogue_services.save_local_right(admin, local_entry(), date(2020, 1, 1))
    first = local_rules(actor_a.ocmw, TODAY)["leuven_senior_pass"]
    assert local_rules(actor_a.ocmw, TODAY)["leuven_senior_pass"] is first  # kept
    rows = {row["code"] for row in intake.missing_rights(actor_a, elderly)}
    assert "leuven_senior_pass" in rows
    # A new version (from 90 years on) is screened at once: the next read compiles again.
    changed = local_entry()
    changed["local_conditions"]["all"][0]["value"] = 90
    catalogue_services.save_local_right(admin, changed, date(2021, 1, 1))
    assert local_rules(actor_a.ocmw, TODAY)["leuven_senior_pass"] is not first
    rows = {row["code"] for row in intake.missing_rights(actor_a, elderly)}
    assert "leuven_senior_pass" not in rows
