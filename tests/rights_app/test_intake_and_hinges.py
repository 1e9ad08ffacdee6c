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
