"""The amount a decision chain owes for a month: full and partial months, suspensions.

A chain is a decision and its later versions (casework: ``Decision.replaces``). On each day the
version in force is the latest version whose period covers the day; if it grants nothing
(suspend, stop, refuse) the day is not paid, and a suspension or sanction (finance
``Suspension``) or an art. 60 §7 contract (the person is employed: the right to the leefloon
ends while it runs) makes the day unpaid too.

The leefloon is a yearly amount paid in monthly instalments (law of 26 May 2002, art. 14 §1);
the council's decision fixes the monthly amount, which is used as it is. A partial month is paid
pro rata of its calendar days: monthly amount x days / days of the month, summed per version
and rounded once to the cent (half up). This module has no database access: it works on plain
rows so that a run of 50,000 decisions stays fast.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

PAYING_KINDS = frozenset({"grant", "modify"})
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Version:
    id: int
    version: int
    kind: str
    start: date
    end: date | None
    monthly: Decimal | None


@dataclass(frozen=True)
class Due:
    decision_id: int | None  # the version in force on the last paid day of the month
    days: int
    amount: Decimal


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def add_months(month: date, n: int) -> date:
    y, m = divmod(month.year * 12 + month.month - 1 + n, 12)
    return date(y, m + 1, 1)


def _covers(v: Version, day: date) -> bool:
    return v.start <= day and (v.end is None or day <= v.end)


def due_for_month(versions: list[Version], month: date, gaps: list[tuple[date, date]] = ()) -> Due:
    """What the chain ``versions`` owes for ``month``; ``gaps`` are unpaid periods."""
    first, last = month_bounds(month)
    length = last.day
    ordered = sorted(versions, key=lambda v: v.version, reverse=True)
    top = ordered[0] if ordered else None
    if (not gaps and top is not None and top.start <= first
            and (top.end is None or top.end >= last)):  # fmt: skip
        # fast path: the latest version covers the whole month
        if top.kind in PAYING_KINDS and top.monthly:
            return Due(top.id, length, top.monthly.quantize(CENT, rounding=ROUND_HALF_UP))
        return Due(None, 0, Decimal("0.00"))
    per_version: dict[int, int] = {}
    monthly: dict[int, Decimal] = {}
    last_id = None
    day = first
    while day <= last:
        if not any(a <= day <= b for a, b in gaps):
            v = next((v for v in ordered if _covers(v, day)), None)
            if v is not None and v.kind in PAYING_KINDS and v.monthly:
                per_version[v.id] = per_version.get(v.id, 0) + 1
                monthly[v.id] = v.monthly
                last_id = v.id
        day += timedelta(days=1)
    days = sum(per_version.values())
    if days == 0:
        return Due(None, 0, Decimal("0.00"))
    exact = sum((monthly[i] * n / length for i, n in per_version.items()), Decimal(0))
    return Due(last_id, days, exact.quantize(CENT, rounding=ROUND_HALF_UP))


def first_month(versions: list[Version]) -> date | None:
    paying = [v.start for v in versions if v.kind in PAYING_KINDS and v.monthly]
    return min(paying).replace(day=1) if paying else None
