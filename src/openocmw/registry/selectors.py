"""Read side of the registry pages: everything a page shows, read in a fixed number of queries.

The person file is the page social workers open most (the load benchmark of issue 9 asks it
for 40% of its requests). Its households, their history, the residence statuses, the aid
requests and decisions are read here, each in one query whatever the size of the file, and
handed to the template as lists: the template never starts a query of its own (a
``{% for %}`` or ``|length`` on a queryset would), which ``tests/web/test_query_counts.py``
pins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Subquery

from .models import Household, Membership, Person, PersonVersion, ResidenceStatus
from .services import Segment, timeline


@dataclass(frozen=True)
class HouseholdHistory:
    household: Household
    segments: list[Segment]  # newest first


def household_histories(person: Person) -> list[HouseholdHistory]:
    """The households ``person`` ever belonged to (not cancelled), each with its whole
    history newest period first: one query for any number of households and members."""
    theirs = Membership.objects.filter(person=person, cancelled_at__isnull=True).values(
        "household_id"
    )
    households: dict[int, Household] = {}
    rows: dict[int, list[Membership]] = defaultdict(list)
    for m in (
        Membership.objects.filter(household_id__in=Subquery(theirs), cancelled_at__isnull=True)
        .select_related("person", "household__reference_person")
        .order_by("household_id", "valid_from", "pk")
    ):
        households.setdefault(m.household_id, m.household)
        rows[m.household_id].append(m)
    return [
        HouseholdHistory(hh, list(reversed(timeline(hh, rows[pk]))))
        for pk, hh in households.items()
    ]


def residence_statuses(person: Person) -> list[ResidenceStatus]:
    """Every residence status of the person, cancelled ones included, oldest first."""
    return list(person.statuses.order_by("valid_from", "pk"))


def status_on(statuses: list[ResidenceStatus], day: date) -> ResidenceStatus | None:
    """The status valid on ``day`` among ``statuses`` (as services.status_on, without a
    query): not cancelled, started on or before the day, not ended before it."""
    for s in sorted(statuses, key=lambda s: (s.valid_from, s.pk)):
        current = s.valid_until is None or s.valid_until >= day
        if s.cancelled_at is None and s.valid_from <= day and current:
            return s
    return None


def versions(person: Person, limit: int = 20) -> list[PersonVersion]:
    return list(person.versions.select_related("recorded_by")[:limit])


def aid_requests(person: Person) -> list:
    return list(person.aid_requests.all())


def decisions(person: Person) -> list:
    """The person's decisions with what the file shows of them: whether a later version
    replaced each (one join), without the letters' PDF bytes."""
    return list(
        person.decisions.select_related("replaced_by")
        .defer("letter_pdf", "replaced_by__letter_pdf")
        .all()
    )
