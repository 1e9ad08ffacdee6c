"""Microdata of the observatory, read from the council's decisions (no personal data leaves
this module: the callers only count).

A beneficiary is a person with a leefloon or an equivalent leefloon paid for at least one day
of the period. Paid periods come from the decisions in force (a decision replaced by a newer
version no longer counts): a grant or a change opens a period from its effective date until
its end date (or the end of the period asked for); a stop or a suspension closes what was open
on the day before it takes effect.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from openocmw.casework.models import AidKind, Decision, DecisionKind
from openocmw.registry.models import ResidenceStatus

PAID_KINDS = (AidKind.LEEFLOON, AidKind.EQUIVALENT)
OPENING = (DecisionKind.GRANT, DecisionKind.MODIFY)
CLOSING = (DecisionKind.STOP, DecisionKind.SUSPEND)


@dataclass
class Beneficiary:
    person_id: int
    ocmw_id: int
    aid_kind: str
    sex: str
    birth_date: date
    nationality: str
    category: int | None = None
    residence_status: str = ""
    periods: list[tuple[date, date]] = field(default_factory=list)


def _periods(decisions: list[dict], horizon: date) -> list[tuple[date, date]]:
    periods: list[list[date]] = []
    for d in decisions:
        start = d["effective_from"]
        if d["kind"] in CLOSING:
            for p in periods:
                if p[1] >= start:
                    p[1] = start - timedelta(days=1)
            continue
        end = min(d["effective_until"] or horizon, horizon)
        for p in periods:  # a change replaces what was open from its date on
            if p[1] >= start:
                p[1] = start - timedelta(days=1)
        periods.append([start, end])
    return [(s, e) for s, e in periods if e >= s]


def beneficiaries(ocmw_ids: list[int] | None, start: date, end: date) -> list[Beneficiary]:
    """Everyone paid for at least one day of [start, end], with their periods up to ``end``.
    Periods before ``start`` are kept (durations and flows look back)."""
    rows = Decision.objects.filter(
        aid_kind__in=PAID_KINDS,
        kind__in=(*OPENING, *CLOSING),
        replaced_by__isnull=True,
        effective_from__lte=end,
    )
    if ocmw_ids is not None:
        rows = rows.filter(ocmw_id__in=ocmw_ids)
    rows = rows.values(
        "person_id", "ocmw_id", "aid_kind", "kind", "effective_from", "effective_until",
        "category", "person__sex", "person__birth_date", "person__nationality",
    ).order_by("person_id", "effective_from", "pk")  # fmt: skip
    by_person: dict[int, list[dict]] = defaultdict(list)
    for row in rows.iterator(chunk_size=5000):
        by_person[row["person_id"]].append(row)
    out: dict[int, Beneficiary] = {}
    for person_id, decisions in by_person.items():
        periods = _periods(decisions, end)
        if not any(s <= end and e >= start for s, e in periods):
            continue
        last = [d for d in decisions if d["kind"] in OPENING][-1]
        out[person_id] = Beneficiary(
            person_id=person_id,
            ocmw_id=last["ocmw_id"],
            aid_kind=last["aid_kind"],
            sex=last["person__sex"],
            birth_date=last["person__birth_date"],
            nationality=last["person__nationality"],
            category=last["category"],
            periods=periods,
        )
    statuses = (
        ResidenceStatus.objects.filter(
            person_id__in=list(out), cancelled_at__isnull=True, valid_from__lte=end
        )
        .order_by("person_id", "valid_from", "pk")
        .values_list("person_id", "status")
    )
    for person_id, status in statuses.iterator(chunk_size=5000):
        out[person_id].residence_status = status  # the last one valid by the end wins
    return list(out.values())
