"""Consulting a federal flow for a person, with a purpose (issue 13 §2).

A consultation needs an open file or request of the person in the worker's OCMW (as the
KSZ's directory of references requires before any consultation, ``ManageAccess``), records
its purpose and legal basis, and is audited with its access code. Its incomes become
*proposed* values on the request (:class:`Prefill`); only the worker's confirmation puts them
in the investigation's resources and the calculator: nothing is overwritten silently.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.casework.models import AidRequest, Decision
from openocmw.registry.models import Person

from .. import messages
from ..adapters import AdapterError, Query, adapter_for
from ..models import (
    OPEN_REQUEST,
    Consultation,
    ExchangeLog,
    LegalBasis,
    Prefill,
    PrefillStatus,
    Purpose,
    Source,
)


def log(ocmw_id, channel: str, outcome: str, reason: str = "", reference: str = "", **kw):
    return ExchangeLog.objects.create(
        ocmw_id=ocmw_id, channel=channel, outcome=outcome, reason=str(reason)[:500],
        reference=str(reference)[:200], **kw,
    )  # fmt: skip


def open_requests(actor: Actor, person: Person):
    return scope(AidRequest.objects.filter(OPEN_REQUEST, person=person), actor)


def has_open_file(actor: Actor, person: Person, on: date | None = None) -> bool:
    """An open request, a decision in force or a GPMI running, in the actor's OCMW."""
    on = on or timezone.localdate()
    if open_requests(actor, person).exists():
        return True
    in_force = scope(Decision.objects.filter(person=person), actor).filter(
        Q(effective_until__isnull=True) | Q(effective_until__gte=on),
        kind__in=["grant", "modify"], replaced_by__isnull=True,
    )  # fmt: skip
    if in_force.exists():
        return True
    from openocmw.gpmi.models import Gpmi

    return scope(Gpmi.objects.filter(person=person, ends_on__gte=on), actor).exists()


def _refuse(actor, person, source, reason_code: str, message) -> None:
    """Log and audit a refused consultation outside the caller's transaction, then raise."""
    log(actor.ocmw_id, "consultation", "refused", reason_code, reference=source)
    audit.record(
        actor, "denied", object_type="consultation", subject_person_id=person.pk,
        purpose="flow consultation", detail={"source": source, "reason": reason_code},
    )  # fmt: skip
    raise ValidationError(message)


def consult(
    actor: Actor,
    person: Person,
    *,
    source: str,
    purpose: str,
    legal_basis: str,
    request: AidRequest | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Consultation:
    """Consult ``source`` for ``person``; the consultation with its facts and pre-fills."""
    require(actor, "exchange.consult")
    person = scope(Person.objects.all(), actor).get(pk=person.pk)
    errors: dict[str, list[str]] = {}
    if source not in Source.values:
        errors["source"] = [_("Choose the source to consult.")]
    if purpose not in Purpose.values:
        errors["purpose"] = [_("Choose the purpose of the consultation.")]
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = [_("Choose the legal basis of the consultation.")]
    today = timezone.localdate()
    end = end or today
    start = start or (end - timedelta(days=365))
    if start > end:
        errors["start"] = [_("The start of the period lies after its end.")]
    if errors:
        raise ValidationError(errors)
    if not person.insz:
        _refuse(actor, person, source, "no national number",
                {"source": _("This person has no national number: no flow can be consulted.")})  # fmt: skip
    if request is not None:
        request = open_requests(actor, person).filter(pk=request.pk).first()
    if request is None:
        request = open_requests(actor, person).order_by("-received_on", "-pk").first()
    if request is None and not has_open_file(actor, person, today):
        _refuse(actor, person, source, "no open file",
                _("A flow can only be consulted for a person with an open file or request "
                  "in your OCMW."))  # fmt: skip
    access_code = f"AC-{today:%Y%m%d}-{secrets.token_hex(6)}"
    query = Query(
        source=source, insz=person.insz, start=start, end=end, purpose=purpose,
        legal_basis=legal_basis, access_code=access_code, user=actor.user.get_username(),
        nis=actor.ocmw.nis_code, email=actor.user.email or "",
    )  # fmt: skip
    try:
        data = adapter_for(source).consult(query)
        reply = messages.parse_reply(source, data)
    except (AdapterError, messages.MessageError) as exc:
        log(actor.ocmw_id, "consultation", "refused", str(exc), reference=access_code)
        audit.record(
            actor, "denied", object_type="consultation", subject_person_id=person.pk,
            purpose="flow consultation",
            detail={"source": source, "access_code": access_code, "reason": str(exc)[:300]},
        )  # fmt: skip
        raise ValidationError({"source": _("The source gave no usable answer: %(reason)s")
                               % {"reason": str(exc)[:300]}}) from None  # fmt: skip
    if reply["ssin"] != person.insz:
        log(actor.ocmw_id, "consultation", "refused", "reply for another person", access_code)
        raise ValidationError({"source": _("The source answered about another person.")})
    with transaction.atomic():
        consultation = Consultation.objects.create(
            ocmw_id=actor.ocmw_id, person=person, request=request, source=source,
            purpose=purpose, legal_basis=legal_basis, access_code=access_code,
            message_id=reply["message_id"], reply_date=date.fromisoformat(reply["date"]),
            facts=reply["facts"] if reply["status"] == "found" else [], by=actor.user,
        )  # fmt: skip
        if request is not None:
            _prefill(consultation, request, start, end)
        audit.record(
            actor, "view", object_type="consultation", object_id=consultation.pk,
            subject_person_id=person.pk, purpose="flow consultation",
            detail={"source": source, "access_code": access_code, "purpose": purpose,
                    "legal_basis": legal_basis, "found": reply["status"] == "found",
                    "request": request.number if request else None},
        )  # fmt: skip
        log(actor.ocmw_id, "consultation", "accepted", reply["status"], access_code)
    return consultation


def _prefill(consultation: Consultation, request: AidRequest, start: date, end: date) -> None:
    rows = []
    for fact in consultation.facts:
        kind = fact.get("field")
        if kind not in messages.RESOURCE_FIELDS.values() or not fact.get("month"):
            continue
        month = messages.month_start(fact["month"])
        if not (start.replace(day=1) <= month <= end):
            continue
        rows.append(Prefill(
            consultation=consultation, request=request, kind=kind,
            amount=Decimal(fact["amount"]), period="month", month=month,
        ))  # fmt: skip
    Prefill.objects.bulk_create(rows)


def prefills_for(actor: Actor, request: AidRequest):
    return Prefill.objects.filter(request=request, request__ocmw_id=actor.ocmw_id).select_related(
        "consultation", "mutation"
    )


@transaction.atomic
def decide_prefill(actor: Actor, prefill: Prefill, *, confirm: bool) -> Prefill:
    """The worker takes a proposed value over into the investigation, or leaves it out."""
    require(actor, "case.prepare")
    prefill = Prefill.objects.select_for_update().get(pk=prefill.pk, request__ocmw_id=actor.ocmw_id)
    if prefill.status != PrefillStatus.PENDING:
        raise ValidationError(_("This value was already decided."))
    prefill.status = PrefillStatus.CONFIRMED if confirm else PrefillStatus.DISMISSED
    prefill.decided_by, prefill.decided_at = actor.user, timezone.now()
    prefill.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor, "update", object_type="consultation", object_id=prefill.consultation_id,
        subject_person_id=prefill.request.person_id, purpose="flow consultation",
        detail={"prefill": prefill.pk, "status": prefill.status, "kind": prefill.kind},
    )  # fmt: skip
    return prefill


def confirmed_resources(request: AidRequest, month: date | None = None) -> list[dict]:
    """The confirmed values as the rules' applicant resources (latest month, or ``month``)."""
    rows = Prefill.objects.filter(request=request, status=PrefillStatus.CONFIRMED)
    if month is not None:
        rows = rows.filter(month=month.replace(day=1))
    latest: dict[str, Prefill] = {}
    for p in rows.order_by("month", "pk"):
        latest[p.kind] = p
    return [{"kind": p.kind, "amount": float(p.amount), "period": p.period}
            for p in latest.values()]  # fmt: skip


def situation_with_flows(request: AidRequest, on: date) -> dict:
    """The calculator's situation from the file, with the confirmed flows' resources added
    (a resource of the same kind already in the file is replaced, the worker confirmed it)."""
    from openocmw.casework.calculation import situation_from_file

    situation = situation_from_file(request.person, on)
    resources = confirmed_resources(request)
    if resources:
        kinds = {r["kind"] for r in resources}
        applicant = situation.setdefault("applicant", {})
        kept = [r for r in applicant.get("resources", []) if r.get("kind") not in kinds]
        applicant["resources"] = kept + resources
    return situation
