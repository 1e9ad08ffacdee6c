"""Time the social workers spend on GPMIs, and its report per worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require

from ..models import (
    StaffTime,
)
from .common import (
    Errors,
    _dmy,
    _error,
    _number,
)

# --- staff time ---------------------------------------------------------------------------------


@transaction.atomic
def record_staff_time(
    actor: Actor, *, period_start: date | None, period_end: date | None, share, note: str = ""
) -> StaffTime:
    """A social worker records the share of their time spent on GPMIs over a period. The
    same period again replaces the earlier figure (kept, marked superseded); another
    overlapping period is refused."""
    require(actor, "gpmi.change")
    errors = Errors()
    if period_start is None:
        errors.add("period_start", _("This field is required."), "required")
    if period_end is None:
        errors.add("period_end", _("This field is required."), "required")
    if period_start and period_end and period_end < period_start:
        errors.add("period_end", _("The end date lies before the start date."))
    value = _number(share, "share", 0, 100, errors, required=True)
    errors.raise_if_any()
    rows = StaffTime.objects.select_for_update().filter(
        ocmw_id=actor.ocmw_id,
        worker=actor.user,
        superseded_at__isnull=True,
        period_start__lte=period_end,
        period_end__gte=period_start,
    )
    same = [r for r in rows if r.period_start == period_start and r.period_end == period_end]
    others = [r for r in rows if r not in same]
    if others:
        raise _error(
            "period_start",
            _("You already recorded the period %(start)s to %(end)s, which overlaps this one.")
            % {"start": _dmy(others[0].period_start), "end": _dmy(others[0].period_end)},
        )
    StaffTime.objects.filter(pk__in=[r.pk for r in same]).update(superseded_at=timezone.now())
    row = StaffTime.objects.create(
        ocmw_id=actor.ocmw_id,
        worker=actor.user,
        period_start=period_start,
        period_end=period_end,
        share=Decimal(str(value)),
        note=(note or "").strip(),
    )
    audit.record(
        actor,
        "create",
        object_type="gpmi_staff_time",
        object_id=row.pk,
        detail={"share": str(row.share), "replaced": [r.pk for r in same]},
    )
    return row


def staff_time_of(actor: Actor) -> list[StaffTime]:
    require(actor, "gpmi.change")
    return list(
        StaffTime.objects.filter(
            ocmw_id=actor.ocmw_id, worker=actor.user, superseded_at__isnull=True
        )
    )


@dataclass(frozen=True)
class StaffTimeRow:
    worker: str
    periods: list[StaffTime]
    days: int
    weighted_share: float  # % of working time on GPMIs over the covered days


def staff_time_report(actor: Actor, start: date, end: date) -> list[StaffTimeRow]:
    """Per social worker of the actor's OCMW, the recorded shares overlapping [start, end]
    and their average weighted by days (for the justification of the GPMI subsidy)."""
    require(actor, "gpmi.staff_time")
    rows = (
        StaffTime.objects.filter(
            ocmw_id=actor.ocmw_id,
            superseded_at__isnull=True,
            period_start__lte=end,
            period_end__gte=start,
        )
        .select_related("worker")
        .order_by("worker__username", "period_start")
    )
    by_worker: dict[str, list[StaffTime]] = {}
    for r in rows:
        by_worker.setdefault(r.worker.get_full_name() or r.worker.username, []).append(r)
    out = []
    for name, periods in by_worker.items():
        days = 0
        weighted = 0.0
        for p in periods:
            d = (min(p.period_end, end) - max(p.period_start, start)).days + 1
            days += d
            weighted += d * float(p.share)
        out.append(StaffTimeRow(name, periods, days, round(weighted / days, 1) if days else 0.0))
    audit.record(
        actor,
        "view",
        object_type="gpmi_staff_time",
        purpose="staff time report",
        detail={"from": start.isoformat(), "until": end.isoformat()},
    )
    return out
