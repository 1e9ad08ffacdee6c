"""The rights app's tests: jobs run inline (the kill -9 test starts real workers)."""

from __future__ import annotations

from datetime import date

import pytest

from openocmw.accounts.models import Role
from openocmw.registry import services as registry
from openocmw.registry.models import Person, ResidenceStatus
from tests.conftest import actor_of, person_data


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}


@pytest.fixture
def lead_a(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def lead_b(users):
    return actor_of(users[("b", Role.TEAM_LEAD)])


def make_person(actor, status, birth, first="Ann", **extra):
    """A person through the registry's services, alone in a household since 2020."""
    person = registry.create_person(
        actor,
        person_data(first_name=first, birth_date=birth, **extra),
        status=status,
        status_from=date(2020, 1, 1),
    )
    registry.found_household(actor, person, date(2020, 1, 1))
    return person


def many_persons(ocmw, statuses: list[str], birth=date(1990, 5, 5)) -> list[Person]:
    """Persons in bulk (no household: each is a household alone), one status each."""
    people = Person.objects.bulk_create(
        Person(
            ocmw=ocmw, first_name=f"P{i:04d}", last_name="Test", birth_date=birth, sex="F",
            nationality="BE", language="nl", search_name=f"test p{i:04d}",
        )
        for i in range(len(statuses))
    )  # fmt: skip
    if not people or people[0].pk is None:  # SQLite before 3.35 returns no ids
        people = list(Person.objects.filter(ocmw=ocmw, last_name="Test").order_by("pk"))
    ResidenceStatus.objects.bulk_create(
        ResidenceStatus(person=p, status=s, valid_from=date(2020, 1, 1))
        for p, s in zip(people, statuses, strict=True)
    )
    return people
