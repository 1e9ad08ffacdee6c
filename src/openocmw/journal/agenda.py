"""The worker's calendar: their planned appointments for a day or a week (Monday to Sunday),
in the OCMW's time zone, grouped by day. Reading it is audited (it names persons)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope

from .models import Appointment

VIEWS = ("week", "day")


@dataclass
class Day:
    day: date
    appointments: list[Appointment]
    today: bool


@dataclass
class Agenda:
    view: str
    start: date
    end: date  # the last day shown
    days: list[Day]
    previous: date
    next: date


def period(view: str, on: date) -> tuple[date, date]:
    if view == "day":
        return on, on
    monday = on - timedelta(days=on.weekday())
    return monday, monday + timedelta(days=6)


def agenda(actor: Actor, view: str, on: date) -> Agenda:
    """The actor's own appointments (not cancelled) in the day or week of ``on``."""
    require(actor, "journal.view")
    view = view if view in VIEWS else "week"
    start, end = period(view, on)
    tz = timezone.get_current_timezone()
    begin = timezone.make_aware(datetime.combine(start, time.min), tz)
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    rows = list(
        scope(Appointment.objects.all(), actor)
        .filter(
            worker=actor.user, cancelled_at__isnull=True, starts_at__gte=begin, starts_at__lt=until
        )  # fmt: skip
        .select_related("person")
        .order_by("starts_at", "pk")
    )
    today = timezone.localdate()
    by_day: dict[date, list[Appointment]] = {}
    for a in rows:
        by_day.setdefault(timezone.localtime(a.starts_at, tz).date(), []).append(a)
    days = [
        Day(start + timedelta(days=n), by_day.get(start + timedelta(days=n), []),
            start + timedelta(days=n) == today)
        for n in range((end - start).days + 1)
    ]  # fmt: skip
    audit.record(
        actor, "view", object_type="appointment", purpose="calendar",
        detail={"view": view, "from": start.isoformat(), "until": end.isoformat(),
                "appointments": len(rows), "persons": sorted({a.person_id for a in rows})},
    )  # fmt: skip
    step = timedelta(days=1 if view == "day" else 7)
    return Agenda(view, start, end, days, start - step, start + step)
