"""The nightly cross-checks of the decisions in force against the flows (issue 13 §4).

The POD MI matches the OCMWs' files against the KSZ flows and sends the mismatches to the
OCMW's e-box ("knipperlichten" / "clignotants", seed 000). Here the OCMW runs the same checks
itself: for each leefloon (or equivalent) decision in force in a month, the month's flows:

- ``income``: an income (unemployment benefit, pension, disability allowance) reported for
  the month and not counted in the decision's calculation, or higher than counted;
- ``employment``: wages declared for the month while the decision counts none;
- ``death``: a death reported; ``moved``: a main residence in another municipality;
- ``second_ocmw``: another OCMW's integration income attest for the same month.

A warning's fingerprint (person, check, field, month, source) is unique per OCMW: running
again, or a retried job, adds no warning.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from openocmw.accounts import audit
from openocmw.accounts.models import Ocmw
from openocmw.casework.models import Decision

from ..conf import options
from ..models import Check, FlowRecord, FlowWarning, Source

INCOME_FIELDS = {"unemployment_benefit", "pension", "other_benefit"}
AMOUNT_FIELDS = INCOME_FIELDS | {"wages"}
TOLERANCE = Decimal("0.01")


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def decisions_in_force(month: date, ocmw_ids=None):
    qs = Decision.objects.filter(
        Q(effective_until__isnull=True) | Q(effective_until__gte=month),
        effective_from__lte=month_end(month), kind__in=["grant", "modify"],
        aid_kind__in=["leefloon", "equivalent_leefloon"], replaced_by__isnull=True,
    )  # fmt: skip
    if ocmw_ids is not None:
        qs = qs.filter(ocmw_id__in=ocmw_ids)
    return qs


def counted_income(situation: dict | None) -> dict[str, Decimal]:
    """The applicant's monthly resources per kind, as the decision's calculation counted."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for r in ((situation or {}).get("applicant") or {}).get("resources") or []:
        amount = Decimal(str(r.get("amount", 0)))
        out[r.get("kind", "")] += amount / 12 if r.get("period") == "year" else amount
    return out


def fingerprint(person_id: int, check: str, field: str, month: date, source: str) -> str:
    raw = f"{person_id}|{check}|{field}|{month.isoformat()}|{source}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _eur(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _flows(month: date) -> dict[str, list[tuple]]:
    by: dict[str, list[tuple]] = defaultdict(list)
    rows = FlowRecord.objects.filter(month=month).values_list(
        "insz", "source", "field", "amount", "value"
    )
    for insz, source, field, amount, value in rows.iterator(chunk_size=20000):
        by[insz].append((source, field, amount, value))
    return by


# The columns a warning is written with (one multi-row INSERT ... ON CONFLICT DO NOTHING, which
# SQLite and PostgreSQL both understand: a warning already there is left as it is).
COLUMNS = (
    "ocmw_id", "person_id", "decision_id", "mismatch", "source", "field", "month", "held",
    "reported", "held_amount", "reported_amount", "fingerprint", "status", "assigned_to_id",
    "due_on", "reason", "created_at",
)  # fmt: skip


def _insert(rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(FlowWarning._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def run(month: date, ocmw_ids=None, progress=None, batch: int = 5000) -> dict:
    """Compare every decision in force in ``month`` with that month's flows."""
    month = month.replace(day=1)
    flows = _flows(month)
    nis = dict(Ocmw.objects.values_list("pk", "nis_code"))
    due = timezone.localdate() + timedelta(days=int(options()["WARNING_DUE_DAYS"]))
    now = timezone.now()
    existing = set(FlowWarning.objects.filter(month=month).values_list("fingerprint", flat=True))
    decisions = decisions_in_force(month, ocmw_ids)
    total = decisions.count()
    rows = decisions.values_list("pk", "ocmw_id", "person_id", "person__insz",
                                 "request__assigned_to_id")  # fmt: skip
    checked = created = 0
    waiting: list[tuple] = []  # decisions with a fact to compare
    per_ocmw: dict[int, int] = {}

    def compare():
        nonlocal created, waiting
        need = [w[0] for w in waiting if any(f[1] in AMOUNT_FIELDS for f in flows[w[3]])]
        situations = {}
        for start in range(0, len(need), 2000):  # only where an amount is to be compared
            situations.update(Decision.objects.filter(pk__in=need[start:start + 2000])
                              .values_list("pk", "proposal__situation"))  # fmt: skip
        out = []
        for pk, ocmw_id, person_id, insz, assigned in waiting:
            for w in _compare(person_id, nis.get(ocmw_id), situations.get(pk), flows[insz]):
                check, source, field, held, reported, held_amount, reported_amount = w
                print_ = fingerprint(person_id, check, field, month, source)
                if print_ in existing:
                    continue
                existing.add(print_)
                out.append((ocmw_id, person_id, pk, check, source, field, month, held[:100],
                            reported[:100], held_amount, reported_amount, print_, "open",
                            assigned, due, "", now))  # fmt: skip
        _insert(out)
        created += len(out)
        for row in out:
            per_ocmw[row[0]] = per_ocmw.get(row[0], 0) + 1
        waiting = []

    for row in rows.iterator(chunk_size=5000):
        checked += 1
        if row[3] in flows:
            waiting.append(row)
        if len(waiting) >= batch:
            compare()
        if progress is not None and checked % batch == 0:
            progress(checked, total)
    compare()
    for ocmw_id, n in per_ocmw.items():  # one audit entry per OCMW and run, not per warning
        audit.record(None, "create", ocmw_id=ocmw_id, object_type="flow_warning", purpose="e-box",
                     detail={"cross-checks": month.isoformat(), "warnings": n})  # fmt: skip
    if progress is not None:
        progress(checked, total)
    return {"month": month.isoformat(), "decisions": checked, "warnings": created,
            "persons_in_flows": len(flows)}  # fmt: skip


def _compare(person_id, own_nis, situation, facts) -> list[tuple]:
    """The mismatches of one decision: (check, source, field, held, reported, amounts)."""
    out = []
    counted = None
    for source, field, amount, value in facts:
        if field in AMOUNT_FIELDS:
            if amount is None:
                continue
            counted = counted if counted is not None else counted_income(situation)
            held = counted.get(field, Decimal(0))
            if amount > held + TOLERANCE:
                check = Check.EMPLOYMENT if field == "wages" else Check.INCOME
                out.append((check, source, field, _eur(held), _eur(amount), held, amount))
        elif field == "death":
            out.append((Check.DEATH, source, field, "—", value, None, None))
        elif field == "municipality":
            if value and own_nis and value != own_nis:
                out.append((Check.MOVED, source, field, own_nis, value, None, None))
        elif field == "ocmw_paying" and value and own_nis and value != own_nis:
            out.append((Check.SECOND_OCMW, source or Source.ATTESTS, field, own_nis, value,
                        None, amount))  # fmt: skip
    return out
