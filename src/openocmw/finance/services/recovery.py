"""Recovery of overpaid aid: claims, deductions from later payments, repayments.

- The leefloon paid is recovered only after a retroactive revision or when the person receives,
  for the same period, income he was entitled to (law of 26 May 2002, art. 24 §1); the centre
  notifies the decision (art. 25).
- Deduction from later payments is limited to 10 % of each payment (Judicial Code, art. 1410
  §4), except where the undue payment follows from fraud, when the limit does not apply.
- A claim is never larger than what was paid for its period (checked by :func:`open_claim`).

``open_claim`` is the entry point for other apps (e.g. the cross-checks of the exchange app).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require
from openocmw.casework.models import Decision

from ..models import (
    ClaimOrigin,
    ClaimState,
    Payment,
    Recovery,
    RecoveryClaim,
    Suspension,
    SuspensionBasis,
)

DEDUCTION_SHARE = Decimal("0.10")  # Judicial Code, art. 1410 §4: 10 % of each later payment
CENT = Decimal("0.01")


def chain_root(decision: Decision) -> Decision:
    d = decision
    while d.replaces_id is not None:
        d = Decision.objects.get(pk=d.replaces_id)
    return d


def paid_in(chain_id: int, start: date, end: date) -> Decimal:
    """The gross amount paid by a decision chain for the months of ``start``..``end``."""
    total = Payment.objects.filter(
        chain_id=chain_id, month__gte=start.replace(day=1), month__lte=end
    ).aggregate(s=Sum("gross"))["s"]
    return total or Decimal("0.00")


def open_claim(
    decision: Decision,
    period: tuple[date, date],
    amount: Decimal,
    origin: str,
    reference: str = "",
    *,
    actor: Actor | None = None,
    fraud: bool = False,
    instalment: Decimal | None = None,
) -> RecoveryClaim:
    """Open a claim to recover ``amount`` paid under ``decision`` for ``period``.

    Raises ValidationError naming the field: ``amount`` larger than what was paid for the
    period (less the claims already open for it), a period the wrong way round, an unknown
    origin. The same (decision, period start, origin, reference) gives the existing claim.
    """
    if actor is not None:
        require(actor, "finance.run")
        if actor.ocmw_id != decision.ocmw_id:
            raise ValidationError({"decision": [_("That decision is not of your OCMW.")]})
    start, end = period
    errors: dict[str, list[str]] = {}
    try:
        amount = Decimal(str(amount)).quantize(CENT)
    except ArithmeticError:
        errors["amount"] = [_("Enter an amount in euro.")]
    if origin not in ClaimOrigin.values:
        errors["origin"] = [_("Unknown origin of the claim.")]
    if end < start:
        errors["period"] = [_("The end of the period is before its start.")]
    if not errors and amount <= 0:
        errors["amount"] = [_("The amount to recover must be more than zero.")]
    if instalment is not None and instalment <= 0:
        errors["instalment"] = [_("The monthly instalment must be more than zero.")]
    if errors:
        raise ValidationError(errors)
    root = chain_root(decision)
    with transaction.atomic():
        existing = RecoveryClaim.objects.filter(
            decision=decision, period_start=start, origin=origin, reference=reference
        ).first()
        if existing is not None:
            return existing
        paid = paid_in(root.pk, start, end)
        claimed = RecoveryClaim.objects.filter(
            chain=root, period_start__lte=end, period_end__gte=start
        ).exclude(state=ClaimState.WAIVED).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if amount > paid - claimed:
            raise ValidationError(
                {
                    "amount": [
                        _(
                            "%(amount)s EUR is more than was paid for this period and is not "
                            "yet claimed (%(left)s EUR)."
                        )
                        % {"amount": amount, "left": paid - claimed}
                    ]
                }
            )
        try:
            with transaction.atomic():
                claim = RecoveryClaim.objects.create(
                    ocmw_id=decision.ocmw_id, person_id=decision.person_id, decision=decision,
                    chain=root, period_start=start, period_end=end, amount=amount,
                    origin=origin, reference=reference[:100], fraud=fraud,
                    instalment=instalment, created_by=actor.user if actor else None,
                )  # fmt: skip
        except IntegrityError:
            return RecoveryClaim.objects.get(
                decision=decision, period_start=start, origin=origin, reference=reference
            )
        audit.record(
            actor, "create", object_type="recovery_claim", object_id=claim.pk,
            subject_person_id=decision.person_id, purpose="recovery", ocmw_id=decision.ocmw_id,
            detail={"amount": str(amount), "origin": origin, "reference": reference},
        )  # fmt: skip
    return claim


def deduction_cap(claim: RecoveryClaim, gross: Decimal) -> Decimal:
    """What one payment of ``gross`` may lose to ``claim`` (art. 1410 §4 Judicial Code)."""
    cap = gross if claim.fraud else (gross * DEDUCTION_SHARE).quantize(CENT, rounding=ROUND_DOWN)
    if claim.instalment is not None:
        cap = min(cap, claim.instalment)
    return min(cap, claim.remaining)


def plan_deductions(claims: list[RecoveryClaim], gross: Decimal) -> list[tuple]:
    """(claim, amount) deducted from a payment of ``gross``, oldest claim first.

    Without fraud the deductions of all claims together stay within 10 % of the payment."""
    left_capped = (gross * DEDUCTION_SHARE).quantize(CENT, rounding=ROUND_DOWN)
    left_total = gross
    out = []
    for claim in sorted(claims, key=lambda c: (c.opened_at, c.pk)):
        amount = deduction_cap(claim, gross)
        if not claim.fraud:
            amount = min(amount, left_capped)
        amount = min(amount, left_total)
        if amount <= 0:
            continue
        out.append((claim, amount))
        left_total -= amount
        if not claim.fraud:
            left_capped -= amount
    return out


@transaction.atomic
def record_repayment(actor: Actor, claim: RecoveryClaim, amount: Decimal, on: date) -> Recovery:
    """The person repaid ``amount`` of ``claim`` (a transfer or cash)."""
    require(actor, "finance.run")
    claim = RecoveryClaim.objects.select_for_update().get(pk=claim.pk, ocmw_id=actor.ocmw_id)
    try:
        amount = Decimal(str(amount)).quantize(CENT)
    except ArithmeticError:
        raise ValidationError({"amount": [_("Enter an amount in euro.")]}) from None
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount repaid must be more than zero.")]})
    if amount > claim.remaining:
        raise ValidationError(
            {"amount": [_("More than what is left to recover (%(left)s EUR).")
                        % {"left": claim.remaining}]}
        )  # fmt: skip
    rec = Recovery.objects.create(claim=claim, amount=amount, on=on)
    claim.recovered += amount
    if claim.recovered >= claim.amount:
        claim.state = ClaimState.SETTLED
    claim.save(update_fields=["recovered", "state"])
    audit.record(
        actor, "update", object_type="recovery_claim", object_id=claim.pk,
        subject_person_id=claim.person_id, purpose="recovery",
        detail={"repaid": str(amount), "on": on.isoformat()},
    )  # fmt: skip
    return rec


@transaction.atomic
def suspend(actor: Actor, decision: Decision, *, start: date, end: date, basis: str,
            reference: str = "") -> Suspension:  # fmt: skip
    """Suspend the payments of a decision chain for a period: a sanction of art. 30 §1 (false
    or incomplete declarations) or §2 (breach of the GPMI) of the law of 26 May 2002, or a
    suspension of payment. Later runs pay nothing for those days; a run already paid for them
    gives a revision claim in the next run."""
    require(actor, "finance.run")
    errors = {}
    if decision.ocmw_id != actor.ocmw_id:
        errors["decision"] = [_("That decision is not of your OCMW.")]
    if end < start:
        errors["end"] = [_("The end of the period is before its start.")]
    if basis not in SuspensionBasis.values:
        errors["basis"] = [_("Choose the legal basis.")]
    if errors:
        raise ValidationError(errors)
    s = Suspension.objects.create(
        ocmw_id=actor.ocmw_id, chain=chain_root(decision), start=start, end=end, basis=basis,
        reference=reference[:100], created_by=actor.user,
    )  # fmt: skip
    audit.record(actor, "create", object_type="suspension", object_id=s.pk,
                 subject_person_id=decision.person_id, purpose="finance",
                 detail={"start": start.isoformat(), "end": end.isoformat(), "basis": basis})  # fmt: skip
    return s
