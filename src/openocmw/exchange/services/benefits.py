"""An accepted change of a benefit (issue 13 §3): the new dated value of the person's income.

The flows report that a benefit changed from a date (an unemployment benefit, a pension, another
benefit, wages). Accepting the change records the new value where the calculator and the
investigation read the person's incomes: a *confirmed* value from the flows on the person's
request (the investigation's "values from the data flows", with the source and the date of the
change; the worker's acceptance is the confirmation). Where a decision in force counts another
amount for that income, the decision is flagged for revision through the e-box: a warning of
the same kind as the nightly cross-checks make (its fingerprint keeps the night from making a
second one), whose resolution as *corrected* opens the revision and the recovery.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor
from openocmw.casework.models import AidRequest
from openocmw.registry.models import Person

from ..conf import options
from ..models import OPEN_REQUEST, Check, FlowWarning, Mutation, Prefill, PrefillStatus
from .crosschecks import TOLERANCE, counted_income, decisions_in_force, fingerprint


def _request_of(person: Person, decision) -> AidRequest | None:
    """The request the new value belongs to: the one under investigation, else the decision's."""
    open_request = (
        AidRequest.objects.filter(OPEN_REQUEST, person=person, ocmw_id=person.ocmw_id)
        .order_by("-received_on", "-pk").first()
    )  # fmt: skip
    if open_request is not None:
        return open_request
    if decision is not None:
        return decision.request
    return None


def apply(actor: Actor, person: Person, m: Mutation) -> Prefill:
    """Record the benefit's new value from ``m.effective_on``; flag the decision in force."""
    kind, amount = m.data["kind"], Decimal(m.data["amount"])
    month = m.effective_on.replace(day=1)
    decision = (
        decisions_in_force(month, [person.ocmw_id]).filter(person=person)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=m.effective_on))
        .select_related("request", "proposal").order_by("-effective_from", "-pk").first()
    )  # fmt: skip
    request = _request_of(person, decision)
    if request is None:
        raise ValidationError({"person": _(
            "This person has no aid request to record the income on: register the request "
            "first, then accept the change."
        )})  # fmt: skip
    value = Prefill.objects.create(
        mutation=m, request=request, kind=kind, amount=amount, period="month", month=month,
        status=PrefillStatus.CONFIRMED, decided_by=actor.user, decided_at=timezone.now(),
    )  # fmt: skip
    audit.record(
        actor, "create", object_type="prefill", object_id=value.pk, subject_person_id=person.pk,
        purpose="mutations",
        detail={"kind": kind, "amount": str(amount), "from": m.effective_on.isoformat(),
                "source": m.source, "message": m.message_id},
    )  # fmt: skip
    if decision is not None:
        _flag(actor, decision, m, kind, amount, month)
    return value


def _flag(actor: Actor, decision, m: Mutation, kind: str, amount: Decimal, month) -> None:
    held = counted_income(decision.proposal.situation if decision.proposal_id else None).get(
        kind, Decimal(0)
    )
    if abs(amount - held) <= TOLERANCE:
        return  # the decision already counts this amount
    check = Check.EMPLOYMENT if kind == "wages" else Check.INCOME
    warning, created = FlowWarning.objects.get_or_create(
        ocmw_id=decision.ocmw_id, fingerprint=fingerprint(decision.person_id, check, kind, month,
                                                          m.source),
        defaults={
            "person_id": decision.person_id, "decision": decision, "mismatch": check,
            "source": m.source, "field": kind, "month": month, "held": f"{held:.2f}",
            "reported": f"{amount:.2f}", "held_amount": held, "reported_amount": amount,
            "assigned_to_id": decision.request.assigned_to_id,
            "due_on": timezone.localdate() + timedelta(days=int(options()["WARNING_DUE_DAYS"])),
        },
    )  # fmt: skip
    if created:
        audit.record(
            actor, "create", object_type="flow_warning", object_id=warning.pk,
            subject_person_id=decision.person_id, purpose="e-box",
            detail={"from_change": m.message_id, "decision": decision.pk},
        )  # fmt: skip
