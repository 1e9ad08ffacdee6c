"""The observatory's counts per OCMW and period, computed once and stored
(:class:`stats.models.ObservatoryAggregate`), so that a page adds up at most one small row
per OCMW instead of reading every decision.

One OCMW's row holds, for the beneficiaries of the period (``selectors.beneficiaries``),
only sums that add up across OCMWs: the counts per value of each breakdown and of each pair
of breakdowns, the persons paid, in and out per month, a histogram of the days paid in the
two years after the start per cohort, and the months paid for the growth. The small-cell
suppression is applied afterwards, on the tables of the page's scope, exactly as before.

Kept current in three ways: a change of a decision, a person or a residence status deletes
the rows of its OCMW (signals, below), and a missing row is computed when a page asks for
it; the job ``stats.observatory_refresh`` (nightly, or by hand) recomputes every OCMW's rows
of the last years. The page says when the figures it shows were computed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import measures as m
from .dimensions import value_of
from .dimensions import values as _values
from .models import ObservatoryAggregate
from .selectors import beneficiaries

DIMS = ("age", "sex", "category", "nationality", "residence", "aid")


def month_end(year: int, month: int) -> date:
    from calendar import monthrange

    return date(year, month, monthrange(year, month)[1])


def _index():
    return {d: {v: i for i, v in enumerate(_values(d))} for d in DIMS}


def build(ocmw_id: int | None, year: int, until_month: int) -> dict:
    """The additive counts of the beneficiaries of ``ocmw_id`` (None: every OCMW, as one)."""
    start, end = date(year, 1, 1), month_end(year, until_month)
    before = date(year - 1, 1, 1)
    # One read for the growth's longer period: the periods depend on ``end`` only, so the
    # beneficiaries of the year are those of it paid on a day of the year.
    wide = beneficiaries([ocmw_id] if ocmw_id is not None else None, before, end)
    people = [b for b in wide if any(s <= end and e >= start for s, e in b.periods)]
    idx = _index()
    dims = {d: [0] * len(idx[d]) for d in DIMS}
    pairs = Counter()
    for b in people:
        pos = {d: idx[d].get(value_of(b, d, end)) for d in DIMS}
        for d, i in pos.items():
            if i is not None:
                dims[d][i] += 1
        pairs[tuple(pos[d] for d in DIMS)] += 1
    cross = {}
    for a in DIMS:
        for c in DIMS:
            if a == c:
                continue
            grid = [[0] * len(_values(c)) for _ in _values(a)]
            for key, n in pairs.items():
                i, j = key[DIMS.index(a)], key[DIMS.index(c)]
                if i is not None and j is not None:
                    grid[i][j] += n
            cross[f"{a}|{c}"] = grid
    paid = {b.person_id: b.periods for b in people}
    flows = [[f.paid, f.inflow, f.outflow] for f in m.flows(paid, start, end)]
    histogram: dict[str, Counter] = {}
    for periods in paid.values():
        merged = m._merge(periods)
        if merged and merged[0][0].year >= year - 2:
            days = m.days_paid_after_start(merged)
            histogram.setdefault(str(merged[0][0].year), Counter())[str(days)] += 1
    now = previous = 0
    for b in wide:
        for month in m.months_paid(b.periods):
            if month >= before and month.month <= until_month:
                if month.year == year:
                    now += 1
                elif month.year == year - 1:
                    previous += 1
    return {
        "n": len(people), "dims": dims, "cross": cross, "flows": flows,
        "durations": {y: dict(h) for y, h in sorted(histogram.items())},
        "growth": [previous, now],
    }  # fmt: skip


def merge(rows: list[dict], pairs: tuple[str, ...] | None = None) -> dict:
    """The sum of several OCMWs' counts (the same shape); of the crossed counts, only those
    of ``pairs`` ("by|within") when given."""
    out = {"n": 0, "dims": {}, "cross": {}, "flows": [], "durations": {}, "growth": [0, 0]}
    for r in rows:
        out["n"] += r["n"]
        for d, counts in r["dims"].items():
            acc = out["dims"].setdefault(d, [0] * len(counts))
            for i, n in enumerate(counts):
                acc[i] += n
        for k, grid in r["cross"].items():
            if pairs is not None and k not in pairs:
                continue
            acc = out["cross"].setdefault(k, [[0] * len(row) for row in grid])
            for i, row in enumerate(grid):
                for j, n in enumerate(row):
                    acc[i][j] += n
        if not out["flows"]:
            out["flows"] = [[0, 0, 0] for _ in r["flows"]]
        for acc, f in zip(out["flows"], r["flows"], strict=True):
            for i in range(3):
                acc[i] += f[i]
        for y, h in r["durations"].items():
            acc = out["durations"].setdefault(y, Counter())
            for days, n in h.items():
                acc[days] += n
        out["growth"][0] += r["growth"][0]
        out["growth"][1] += r["growth"][1]
    return out


def cohorts(durations: dict) -> dict[int, m.Cohort]:
    """The cohorts of ``measures.cohorts`` from histograms of days paid (the same figures:
    the mean and the median of the expanded list)."""
    out = {}
    for y in sorted(durations, key=int):
        hist = sorted((int(d), n) for d, n in durations[y].items() if n)
        total = sum(n for _d, n in hist)
        if not total:
            continue
        bands = dict.fromkeys(m.BANDS, 0)
        for d, n in hist:
            bands[m.duration_band(d)] += n
        mean = float(sum(d * n for d, n in hist)) / total

        half = total // 2
        median = _nth(hist, half) if total % 2 else (_nth(hist, half - 1) + _nth(hist, half)) / 2
        out[int(y)] = m.Cohort(int(y), total, bands, m.round1(mean), m.round1(median))
    return out


def _nth(hist: list[tuple[int, int]], k: int) -> int:
    """The ``k``-th (from 0) of the sorted values a histogram ``[(value, count)]`` stands for."""
    seen = 0
    for value, n in hist:
        seen += n
        if k < seen:
            return value
    raise IndexError(k)


def ensure(ocmw_ids: list[int], year: int, until_month: int) -> tuple[dict[int, dict], object]:
    """OCMW id -> its stored counts for the period, computing (and storing) the missing ones;
    and the time of the oldest of them."""
    rows = {
        r.ocmw_id: r
        for r in ObservatoryAggregate.objects.filter(
            ocmw_id__in=ocmw_ids, year=year, until_month=until_month
        )
    }
    for ocmw_id in ocmw_ids:
        if ocmw_id not in rows:
            rows[ocmw_id] = store(ocmw_id, year, until_month)
    oldest = min((r.computed_at for r in rows.values()), default=None)
    return {k: r.data for k, r in rows.items()}, oldest


def store(ocmw_id: int, year: int, until_month: int) -> ObservatoryAggregate:
    computed_at = timezone.now()
    data = build(ocmw_id, year, until_month)
    try:
        with transaction.atomic():
            row, _created = ObservatoryAggregate.objects.update_or_create(
                ocmw_id=ocmw_id, year=year, until_month=until_month,
                defaults={"data": data, "computed_at": computed_at},
            )  # fmt: skip
    except IntegrityError:  # computed at the same time by another request: theirs is as good
        row = ObservatoryAggregate.objects.get(ocmw_id=ocmw_id, year=year, until_month=until_month)
    return row


def refresh(years: list[int], progress=None) -> int:
    """Recompute every OCMW's counts of ``years`` (whole years; the current year up to the
    last complete month). The number of rows written."""
    from openocmw.accounts.models import Ocmw

    today = timezone.localdate()
    ocmw_ids = list(Ocmw.objects.order_by("pk").values_list("pk", flat=True))
    periods = []
    for y in years:
        if y < today.year:
            periods.append((y, 12))
        elif y == today.year and today.month > 1:
            periods.append((y, today.month - 1))
    from openocmw.accounts import audit

    total, done = len(ocmw_ids) * len(periods), 0
    for ocmw_id in ocmw_ids:
        for y, until in periods:
            store(ocmw_id, y, until)
            done += 1
            if progress:
                progress(done, total)
        audit.record(
            None, "view", object_type="observatory", ocmw_id=ocmw_id, username="job",
            purpose="observatory", detail={"refresh": [f"{y}/{u:02d}" for y, u in periods]},
        )  # fmt: skip
    return done


def invalidate(ocmw_id: int | None) -> None:
    if ocmw_id is not None:
        ObservatoryAggregate.objects.filter(ocmw_id=ocmw_id).delete()


def _on_decision(sender, instance, **kwargs):
    invalidate(instance.ocmw_id)


def _on_person(sender, instance, **kwargs):
    invalidate(instance.ocmw_id)


def _on_status(sender, instance, **kwargs):
    from openocmw.registry.models import Person

    invalidate(
        Person.objects.filter(pk=instance.person_id).values_list("ocmw_id", flat=True).first()
    )


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from openocmw.casework.models import Decision
    from openocmw.registry.models import Person, ResidenceStatus

    for model, handler in ((Decision, _on_decision), (Person, _on_person),
                           (ResidenceStatus, _on_status)):  # fmt: skip
        post_save.connect(handler, sender=model, dispatch_uid=f"stats.{model.__name__}.save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"stats.{model.__name__}.delete")
