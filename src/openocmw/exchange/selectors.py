"""Reads of the facts received through the flows, for other apps (no change, no audit here:
the caller audits what it shows).

`status_facts` gives, per person of an OCMW, the latest fact on or before a date from the
consultations (the replies stored with each consultation) and from the changes a worker
accepted (`Mutation`, status accepted): whether the person receives a disability allowance,
and the taxable yearly income of the latest tax assessment.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from .messages import RESOURCE_FIELDS, month_start
from .models import Consultation, Mutation, MutationKind, MutationStatus, Source

# How long an allowance paid in a month counts as "receives it" (a reply lists the months paid).
RECENT_MONTHS = 3


def _amount(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _months_before(on: date, months: int) -> date:
    index = on.year * 12 + on.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def status_facts(ocmw_id: int, on: date, persons=None) -> dict[str, dict[int, tuple]]:
    """{"disability_allowance": {person: (as of, 1 or 0)}, "taxable_income": {person: (year,
    amount)}} from the facts known on `on` (only `persons`, if given)."""
    disability: dict[int, tuple] = {}
    taxable: dict[int, tuple] = {}
    consultations = Consultation.objects.filter(
        ocmw_id=ocmw_id, source__in=(Source.DISABILITY, Source.TAX), reply_date__lte=on
    )
    if persons is not None:
        consultations = consultations.filter(person_id__in=list(persons))
    allowance = RESOURCE_FIELDS["disability"]
    rows = consultations.order_by("reply_date", "pk").values_list(
        "person_id", "source", "reply_date", "facts"
    )
    for person_id, source, reply_date, facts in rows:
        facts = facts if isinstance(facts, list) else []
        if source == Source.DISABILITY:
            since = _months_before(reply_date, RECENT_MONTHS)
            paid = any(
                f.get("field") == allowance
                and f.get("month")
                and since <= month_start(str(f["month"])) <= reply_date
                and (_amount(f.get("amount")) or 0) > 0
                for f in facts
            )
            disability[person_id] = (reply_date, 1 if paid else 0)
            continue
        for fact in facts:
            amount, year = _amount(fact.get("amount")), str(fact.get("year") or "")
            if fact.get("field") != "taxable_income" or amount is None or not year.isdigit():
                continue
            if int(year) < on.year and (
                person_id not in taxable or taxable[person_id][0] <= int(year)
            ):
                taxable[person_id] = (int(year), float(amount))
    changes = Mutation.objects.filter(
        ocmw_id=ocmw_id, source=Source.DISABILITY, kind=MutationKind.BENEFIT,
        status=MutationStatus.ACCEPTED, effective_on__lte=on,
    )  # fmt: skip
    if persons is not None:
        changes = changes.filter(person_id__in=list(persons))
    for person_id, effective_on, data in changes.order_by("effective_on", "pk").values_list(
        "person_id", "effective_on", "data"
    ):
        amount = _amount((data or {}).get("amount"))
        if amount is None:
            continue
        if person_id not in disability or disability[person_id][0] <= effective_on:
            disability[person_id] = (effective_on, 1 if amount > 0 else 0)
    return {"disability_allowance": disability, "taxable_income": taxable}
