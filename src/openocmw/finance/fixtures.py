"""Decisions written straight into the casework tables, for tests, benchmarks and demo data.

The real flow (request, investigation, proposal, council) lives in casework.services; payment
runs only read its decisions, so tests and the benchmark make them here in bulk.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from openocmw.casework.models import AidRequest, Decision, Meeting, Proposal


def make_decision(
    person,
    *,
    kind: str = "grant",
    start: date,
    end: date | None = None,
    amount: Decimal | str | None = "1000.00",
    replaces: Decision | None = None,
    decided_on: date | None = None,
    aid_kind: str = "leefloon",
) -> Decision:
    decided_on = decided_on or start
    req = AidRequest.objects.create(
        ocmw_id=person.ocmw_id, person=person, number=f"T{AidRequest.objects.count() + 1}",
        received_on=decided_on - timedelta(days=10), kind=aid_kind, channel="counter",
        state="decided", decision_due=decided_on + timedelta(days=20), replaces_decision=replaces,
    )  # fmt: skip
    amount = Decimal(str(amount)) if amount is not None else None
    proposal = Proposal.objects.create(
        request=req, kind=kind, effective_from=start, effective_until=end, monthly_amount=amount,
        state="approved",
    )  # fmt: skip
    meeting = Meeting.objects.create(ocmw_id=person.ocmw_id, held_on=decided_on, state="closed")
    return Decision.objects.create(
        ocmw_id=person.ocmw_id, person=person, request=req, proposal=proposal, meeting=meeting,
        aid_kind=aid_kind, kind=kind, decided_on=decided_on, effective_from=start,
        effective_until=end, monthly_amount=amount, replaces=replaces,
        version=(replaces.version + 1) if replaces else 1,
        notify_due=decided_on + timedelta(days=8),
    )  # fmt: skip


def bulk_decisions(ocmw, persons, *, start: date, amount: Decimal, batch: int = 5000) -> int:
    """One granted leefloon decision per person (for the benchmark): requests, proposals, one
    meeting and decisions, all with bulk inserts."""
    meeting = Meeting.objects.create(ocmw=ocmw, held_on=start, state="closed")
    made = 0
    for i in range(0, len(persons), batch):
        chunk = persons[i : i + batch]
        reqs = AidRequest.objects.bulk_create(
            [AidRequest(ocmw=ocmw, person=p, number=f"B{i + n}", received_on=start,
                        kind="leefloon", channel="counter", state="decided",
                        decision_due=start + timedelta(days=30)) for n, p in enumerate(chunk)]
        )  # fmt: skip
        props = Proposal.objects.bulk_create(
            [Proposal(request=r, kind="grant", effective_from=start, monthly_amount=amount,
                      state="approved") for r in reqs]
        )  # fmt: skip
        Decision.objects.bulk_create(
            [Decision(ocmw=ocmw, person=p, request=r, proposal=pr, meeting=meeting,
                      aid_kind="leefloon", kind="grant", decided_on=start, effective_from=start,
                      monthly_amount=amount, notify_due=start + timedelta(days=8))
             for p, r, pr in zip(chunk, reqs, props, strict=True)]
        )  # fmt: skip
        made += len(chunk)
    return made
