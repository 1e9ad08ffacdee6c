"""The hand-off of a recovery proposal to the finance app (issue 13 §4).

A warning resolved as *corrected* with an amount overpaid opens a recovery claim in finance
(:func:`openocmw.finance.services.recovery.open_claim`, the entry point finance offers other
apps; finance imports nothing of this app, so the dependency runs one way). The claim's
reference is the proposal's, so a second hand-off finds the same claim (idempotent). Finance
refuses a claim larger than what it paid for the period (nothing paid yet, another claim):
then the proposal stays pending, the reason is logged, and the nightly job tries again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor

from ..models import RecoveryProposal
from .consult import log


def reference(recovery: RecoveryProposal) -> str:
    return f"exchange-recovery-{recovery.pk}"


def hand_off(recovery: RecoveryProposal, actor: Actor | None = None) -> bool:
    """Open the finance claim of ``recovery``; True once it is handed off."""
    from openocmw.finance.models import ClaimOrigin
    from openocmw.finance.services.recovery import open_claim

    if recovery.handed_off_at is not None:
        return True
    if recovery.amount <= 0:
        return False
    try:
        with transaction.atomic():  # a refusal leaves the caller's transaction usable
            claim = open_claim(
                recovery.decision, (recovery.period_start, recovery.period_end),
                recovery.amount, ClaimOrigin.CROSSCHECK, reference(recovery),
            )  # fmt: skip
    except ValidationError as error:
        reason = "; ".join(m for ms in error.message_dict.values() for m in ms)[:300]
        log(recovery.ocmw_id, "finance", "refused", reason, reference=reference(recovery))
        return False
    recovery.handed_off_at, recovery.finance_reference = timezone.now(), str(claim.pk)
    recovery.save(update_fields=["handed_off_at", "finance_reference"])
    log(recovery.ocmw_id, "finance", "accepted", f"claim {claim.pk}", reference=reference(recovery))
    audit.record(
        actor, "update", ocmw_id=recovery.ocmw_id, object_type="recovery_proposal",
        object_id=recovery.pk, subject_person_id=recovery.person_id, purpose="e-box",
        detail={"handed_off": claim.pk, "amount": str(recovery.amount)},
    )  # fmt: skip
    return True


def hand_off_pending(ocmw_ids=None) -> int:
    """Try again every proposal still waiting for finance (the nightly job); how many went."""
    pending = RecoveryProposal.objects.filter(handed_off_at__isnull=True, amount__gt=0)
    if ocmw_ids is not None:
        pending = pending.filter(ocmw_id__in=ocmw_ids)
    done = 0
    for recovery in pending.select_related("decision").order_by("pk")[:10000]:
        with transaction.atomic():
            done += hand_off(recovery)
    return done
