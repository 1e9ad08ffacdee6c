"""A run split into partition jobs gives the same worklists as one run, and a retried
partition adds no duplicate."""

from __future__ import annotations

from datetime import date

import pytest

from openocmw.accounts.models import AuditEntry, Role
from openocmw.registry import services as registry
from openocmw.rights import partitions, services
from openocmw.rights.models import RunState, ScreeningRun, WorklistEntry
from tests.conftest import actor_of, person_data

ON = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}


@pytest.fixture
def lead(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def ocmw_people(actor_a):
    births = [
        date(1950, 1, 1),
        date(1985, 3, 3),
        date(1990, 4, 4),
        date(1940, 5, 5),
        date(2001, 6, 6),
    ]
    statuses = [
        "belgian",
        "foreigners_register",
        "no_legal_residence",
        "eu_citizen",
        "asylum_seeker",
    ]
    for k, (birth, status) in enumerate(zip(births, statuses, strict=True)):
        head = registry.create_person(
            actor_a, person_data(first_name=f"P{k}", birth_date=birth, insz=""), status=status,
            status_from=birth,
        )  # fmt: skip
        if k < 4:  # the last one lives alone, without a household
            household = registry.found_household(actor_a, head, date(2020, 1, 1))
        if k == 1:
            child = registry.create_person(
                actor_a, person_data(first_name="Kid", birth_date=date(2015, 1, 1), insz=""),
                status=status, status_from=date(2015, 1, 1),
            )  # fmt: skip
            registry.record_household_change(
                actor_a, household, person=child, reason="moved_in", on=date(2020, 1, 1),
                relation="child",
            )  # fmt: skip


def _entries(run):
    return sorted(
        WorklistEntry.objects.filter(run=run).values_list("right", "kind", "person_id", "reason_nl")
    )


def test_partitions_give_the_same_worklists_as_one_run(lead, ocmw_people):
    single = services.run_screening(lead, ON, purpose="comparison")
    runs = []
    for parts in (1, 2, 3):
        run, job = partitions.start_partitioned_run(lead, ON, purpose="partitions", parts=parts)
        run.refresh_from_db()
        job.refresh_from_db()
        assert run.state == RunState.DONE and job.status == "succeeded"
        assert job.partitions.count() == parts
        runs.append(run)
    expected = _entries(single)
    assert expected
    for run in runs:
        assert _entries(run) == expected
        assert run.persons == single.persons and run.households == single.households
        for code, numbers in single.counts.items():
            assert run.counts[code] == numbers, code
    assert (
        AuditEntry.objects.filter(object_type="screening_run", purpose="rights screening").count()
        == 4
    )


def test_a_retried_partition_adds_no_duplicate(lead, ocmw_people):
    run, _ = partitions.start_partitioned_run(lead, ON, purpose="retry", parts=2)
    before = WorklistEntry.objects.filter(run=run).count()
    partitions.screen_part(ScreeningRun.objects.get(pk=run.pk), 0, 2)
    partitions.screen_part(ScreeningRun.objects.get(pk=run.pk), 1, 2)
    assert WorklistEntry.objects.filter(run=run).count() == before > 0


def test_only_the_team_lead_starts_a_partitioned_run(actor_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        partitions.start_partitioned_run(actor_a, ON, purpose="x", parts=2)
