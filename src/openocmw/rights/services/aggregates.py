"""Aggregates that leave an OCMW: the non-take-up per right, with small-cell suppression.

The federal inspector (and the OCMW's own management) sees, per OCMW's latest finished run
and per right, how many appear eligible and receive the right and how many appear eligible and
do not: counts only, protected by `accounts.disclosure` (threshold 5, secondary suppression);
a rate is shown only when both of its cells are.
"""

from __future__ import annotations

from dataclasses import dataclass

from openocmw.accounts.disclosure import Table
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import Actor, require

from ..models import RunState, ScreeningRun

COLUMNS = ("receiving", "not_receiving")


@dataclass
class OcmwAggregate:
    ocmw: Ocmw
    run: ScreeningRun
    rows: list[dict]  # right, receiving, not_receiving, total, rate (None: suppressed)


def aggregates(actor: Actor) -> list[OcmwAggregate]:
    """Per OCMW (the inspector: every OCMW; another role: its own), the latest run's table."""
    require(actor, "stats.aggregate")
    runs = ScreeningRun.objects.filter(state=RunState.DONE).select_related("ocmw")
    if actor.ocmw_id is not None:
        runs = runs.filter(ocmw_id=actor.ocmw_id)
    latest: dict[int, ScreeningRun] = {}
    for run in runs.order_by("ocmw_id", "-finished_at", "-pk"):
        latest.setdefault(run.ocmw_id, run)
    out = []
    for run in sorted(latest.values(), key=lambda r: r.ocmw.name_nl):
        rights = [code for code in run.rights if code in run.counts]
        if not rights:
            continue
        counts = []
        for code in rights:
            c = run.counts[code]
            not_receiving = int(c["eligible_not_receiving"])
            counts.append([max(0, int(c["eligible"]) - not_receiving), not_receiving])
        protected = Table(rows=rights, columns=COLUMNS, counts=counts).protect()
        rows = []
        for code in rights:
            receiving = protected.cell(code, "receiving")
            missing = protected.cell(code, "not_receiving")
            total = protected.row_total(code)
            rate = None
            if missing is not None and total:
                rate = missing / total
            rows.append({"right": code, "receiving": receiving, "not_receiving": missing,
                         "total": total, "rate": rate})  # fmt: skip
        out.append(OcmwAggregate(run.ocmw, run, rows))
    return out
