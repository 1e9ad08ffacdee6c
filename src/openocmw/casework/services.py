"""The only place that changes casework state. Every step is validated, audited, and
either completes or changes nothing (one transaction each)."""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.inputs import validation as v
from openocmw.inputs.uploads import ascii_filename, verify_upload
from openocmw.registry.models import Person

from . import flow
from .common import _audit, _lock_request
from .correspondence import send_investigation_letter  # noqa: F401
from .council import (  # noqa: F401  (the council's steps, used through this module)
    close_meeting,
    decide,
    move_item,
    plan_meeting,
    record_attendance,
    schedule,
    unschedule,
)
from .models import (
    AidKind,
    AidRequest,
    Channel,
    Decision,
    DecisionKind,
    Evidence,
    HomeVisit,
    InvestigationItem,
    ItemStatus,
    OtherAid,
    Proposal,
    ProposalState,
    RefusalReason,
    RequestState,
)
from .proposals import ProposalInput, _validate_proposal  # noqa: F401

# --- reading -----------------------------------------------------------------------------


def requests_for(actor: Actor) -> QuerySet[AidRequest]:
    require(actor, "case.view")
    return scope(AidRequest.objects.all(), actor).select_related("person")


def get_request(actor: Actor, request_id: int) -> AidRequest:
    require(actor, "case.view")
    return audit.fetch(
        actor,
        AidRequest.objects.select_related("person", "replaces_decision").defer(
            "replaces_decision__letter_pdf"
        ),
        request_id, object_type="aidrequest", subject=lambda r: r.person_id,
    )  # fmt: skip


def missing_items(
    req: AidRequest, items: list[InvestigationItem] | None = None
) -> list[InvestigationItem]:
    """The required items still open (of ``items`` when the caller has read them already)."""
    items = req.items.all() if items is None else items
    return [i for i in items if i.required and i.status == ItemStatus.OPEN]


def refused_for_non_cooperation(proposal: Proposal) -> bool:
    return (
        proposal.kind == DecisionKind.REFUSE
        and proposal.refusal_reason == RefusalReason.NO_COOPERATION
    )


# --- 1. request --------------------------------------------------------------------------


def _next_number(ocmw_id: int, year: int) -> str:
    prefix = f"{year}/"
    last = (
        AidRequest.objects.filter(ocmw_id=ocmw_id, number__startswith=prefix)
        .aggregate(m=Max("number"))
        .get("m")
    )
    n = int(last.split("/")[1]) + 1 if last else 1
    return f"{year}/{n:06d}"


@transaction.atomic
def register_request(
    actor: Actor,
    person: Person,
    *,
    received_on: date | None,
    kind: str,
    channel: str,
    other_aid: str = "",
    description: str = "",
    replaces_decision: Decision | None = None,
    checklist: str | None = None,
) -> AidRequest:
    """Register an aid request at first contact: the legal clocks start on ``received_on``.

    ``checklist`` chooses another list of investigation points than the one of the kind of aid
    (``"sanction"``: the hearing only, for a review that suspends a leefloon).
    """
    require(actor, "case.prepare")
    person = scope(Person.objects.all(), actor).get(pk=person.pk)
    errors = {}
    today = timezone.localdate()
    description = v.gather(errors, v.clean_text, description, field="description",
                           label=v.label_of(AidRequest, "description"))  # fmt: skip
    if received_on is None:
        errors["received_on"] = [_("This field is required.")]
    elif received_on < v.EVENT_DATE_MIN:
        v.gather(errors, v.check_date, received_on, kind=v.EVENT, field="received_on",
                 label=v.label_of(AidRequest, "received_on"))  # fmt: skip
    elif received_on > today:
        errors["received_on"] = [_("The date of the request lies in the future.")]
    elif received_on < person.birth_date:
        errors["received_on"] = [_("The date of the request lies before the birth date.")]
    if kind not in AidKind.values:
        errors["kind"] = [_("Choose the kind of aid.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Choose the channel.")]
    if kind == AidKind.OTHER and other_aid not in OtherAid.values:
        errors["other_aid"] = [_("Say which other aid is asked.")]
    if kind == AidKind.OTHER and other_aid == OtherAid.OTHER and not description.strip():
        errors["description"] = [_("Describe the aid asked.")]
    if replaces_decision is not None and replaces_decision.person_id != person.pk:
        errors["replaces_decision"] = [_("That decision concerns another person.")]
    if errors:
        raise ValidationError(errors)
    req = AidRequest.objects.create(
        ocmw_id=actor.ocmw_id,
        person=person,
        number=_next_number(actor.ocmw_id, received_on.year),
        received_on=received_on,
        kind=kind,
        other_aid=other_aid if kind == AidKind.OTHER else "",
        description=description.strip(),
        channel=channel,
        decision_due=AidRequest.due_for(received_on),
        replaces_decision=replaces_decision,
        assigned_to=actor.user,
        created_by=actor.user,
    )
    InvestigationItem.objects.bulk_create(
        InvestigationItem(request=req, code=code) for code in flow.CHECKLIST[checklist or kind]
    )
    _audit(actor, "create", req, person.pk, kind=kind, channel=channel)
    return req


@transaction.atomic
def withdraw_request(actor: Actor, req: AidRequest, reason: str) -> AidRequest:
    require(actor, "case.prepare")
    req = scope(AidRequest.objects.select_for_update(), actor).get(pk=req.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    reason = v.clean_name(reason, field="reason", label=_("reason"))
    req.state = flow.request_next(req, "withdraw")
    req.withdrawn_reason = reason.strip()
    req.closed_on = timezone.localdate()
    req.save(update_fields=["state", "withdrawn_reason", "closed_on"])
    _audit(actor, "update", req, req.person_id, event="withdraw")
    return req


# --- 2. investigation --------------------------------------------------------------------


@transaction.atomic
def update_item(
    actor: Actor, item: InvestigationItem, *, status: str, notes: str = ""
) -> InvestigationItem:
    require(actor, "case.prepare")
    req = _lock_request(actor, item.request_id)
    item = req.items.get(pk=item.pk)
    if req.state not in (
        RequestState.REGISTERED,
        RequestState.INVESTIGATING,
        RequestState.PROPOSED,
    ):
        raise ValidationError(
            {"status": _("The investigation of this request is closed.")}, code="closed"
        )
    if status not in ItemStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    notes = v.clean_text(notes, field="notes", label=v.label_of(InvestigationItem, "notes"))
    if status == ItemStatus.NOT_APPLICABLE and item.required and not notes.strip():
        raise ValidationError({"notes": _("Explain why this point does not apply.")})
    if (
        status == ItemStatus.DONE
        and flow.ITEMS[item.code].get("needs_home_visit")
        and not req.home_visits.exists()
    ):
        raise ValidationError({"status": _("Record the home visit first.")})
    item.status = status
    item.notes = notes.strip()
    item.updated_by = actor.user
    item.save()
    if req.state == RequestState.REGISTERED:
        req.state = flow.request_next(req, "investigate")
        req.save(update_fields=["state"])
    _audit(actor, "update", item, req.person_id, code=item.code, status=status)
    return item


@transaction.atomic
def update_checklist(actor: Actor, req: AidRequest, entries: dict[int, dict]) -> int:
    """Save the whole investigation checklist at once: ``{item_id: {"status", "notes"}}``.

    Every point is checked first; one bad point refuses the whole save and nothing changes
    (the errors are keyed ``item<id>-status`` / ``item<id>-notes``, the names of the form's
    fields). Only the points that changed are written and audited. Returns how many changed.
    """
    require(actor, "case.prepare")
    req = _lock_request(actor, req.pk)
    if req.state not in (
        RequestState.REGISTERED,
        RequestState.INVESTIGATING,
        RequestState.PROPOSED,
    ):
        raise ValidationError(_("The investigation of this request is closed."), code="closed")
    items = {i.pk: i for i in req.items.all()}
    has_visit = req.home_visits.exists()
    errors: dict[str, list[str]] = {}
    changes = []
    for item_id, entry in entries.items():
        item = items.get(item_id)
        if item is None:
            continue
        label = flow.ITEMS[item.code]["label"]
        key = f"item{item.pk}"
        status = entry.get("status") or item.status
        try:
            notes = v.clean_text(
                entry.get("notes") or "", field=f"{key}-notes", label=str(label)
            ).strip()
        except ValidationError as exc:
            errors.setdefault(f"{key}-notes", []).extend(exc.messages)
            continue
        if status not in ItemStatus.values:
            errors[f"{key}-status"] = [_("%(item)s: unknown status.") % {"item": label}]
        elif status == ItemStatus.NOT_APPLICABLE and item.required and not notes:
            errors[f"{key}-notes"] = [
                _("%(item)s: explain why this point does not apply.") % {"item": label}
            ]
        elif (
            status == ItemStatus.DONE
            and item.status != ItemStatus.DONE
            and flow.ITEMS[item.code].get("needs_home_visit")
            and not has_visit
        ):
            errors[f"{key}-status"] = [
                _("%(item)s: record the home visit first.") % {"item": label}
            ]
        elif status != item.status or notes != item.notes:
            changes.append((item, status, notes))
    if errors:
        raise ValidationError(errors)
    for item, status, notes in changes:
        item.status, item.notes, item.updated_by = status, notes, actor.user
        item.save()
        _audit(actor, "update", item, req.person_id, code=item.code, status=status)
    if changes and req.state == RequestState.REGISTERED:
        req.state = flow.request_next(req, "investigate")
        req.save(update_fields=["state"])
    return len(changes)


def assignable_workers(actor: Actor):
    """The users who may be assigned a request of the actor's OCMW: its active social
    workers and team leads."""
    from openocmw.accounts.models import Membership, Role, User

    ids = Membership.objects.filter(
        ocmw_id=actor.ocmw_id, active=True, role__in=[Role.SOCIAL_WORKER, Role.TEAM_LEAD]
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name")


@transaction.atomic
def assign(actor: Actor, req: AidRequest, user_id: int | None, *, reason: str) -> AidRequest:
    """Hand a request over to another worker (a hand-over, an absence). The team lead assigns
    any request; a social worker hands over the requests assigned to them. Audited with the
    previous and the new worker and the reason."""
    require(actor, "case.prepare")
    req = _lock_request(actor, req.pk)
    if not actor.can("case.review") and req.assigned_to_id != actor.user.pk:
        raise ValidationError(
            {"assigned_to": _("Only the team lead or the assigned worker can hand this request over.")}
        )  # fmt: skip
    errors: dict[str, list[str]] = {}
    worker = assignable_workers(actor).filter(pk=user_id).first() if user_id else None
    if worker is None:
        errors["assigned_to"] = [_("Choose a social worker of your OCMW.")]
    elif worker.pk == req.assigned_to_id:
        errors["assigned_to"] = [_("This worker is already assigned.")]
    reason = v.gather(errors, v.clean_name, reason or "", field="reason", label=_("reason")).strip()
    if not reason and "reason" not in errors:
        errors["reason"] = [_("Give the reason (a hand-over, an absence, ...).")]
    if errors:
        raise ValidationError(errors)
    previous = req.assigned_to_id
    req.assigned_to = worker
    req.save(update_fields=["assigned_to"])
    _audit(actor, "update", req, req.person_id, event="assign", previous=previous,
           assigned_to=worker.pk, reason=reason)  # fmt: skip
    return req


@transaction.atomic
def record_resource(
    actor: Actor,
    req: AidRequest,
    *,
    kind: str,
    amount,
    period: str = "month",
    notes: str = "",
    member: int | None = None,
):
    """Record an income in the investigation (the calculator uses it): the applicant's, or,
    with ``member`` (a person id), that of a member of the applicant's household on the date
    of the request (partner, parents of a young adult, ...; RD of 11 July 2002, art. 34)."""
    from .calculation import household_members
    from .forms import PERIODS, RESOURCE_KINDS
    from .models import RecordedResource

    require(actor, "case.prepare")
    req = _lock_request(actor, req.pk)
    if req.state not in (
        RequestState.REGISTERED,
        RequestState.INVESTIGATING,
        RequestState.PROPOSED,
    ):
        raise ValidationError(_("The investigation of this request is closed."), code="closed")
    errors: dict[str, list[str]] = {}
    if kind not in dict(RESOURCE_KINDS):
        errors["kind"] = [_("Choose the kind of income.")]
    if amount is None:
        errors["amount"] = [_("Give the amount.")]
    elif amount < 0 or amount >= 10_000_000:
        errors["amount"] = [
            _("The amount cannot be negative.") if amount < 0 else _("The amount is too large.")
        ]
    if period not in dict(PERIODS):
        errors["period"] = [_("Choose the period.")]
    if member in ("", None):
        member = None
    elif int(member) not in {
        m["person_id"] for m in household_members(req.person, req.received_on)
    }:
        errors["member"] = [
            _("This person does not live with the applicant on the request's date.")
        ]
    notes = v.gather(errors, v.clean_name, notes or "", field="notes", label=_("source")).strip()
    if errors:
        raise ValidationError(errors)
    row = RecordedResource.objects.create(
        request=req, kind=kind, amount=amount, period=period, notes=notes,
        recorded_by=actor.user, member_id=member and int(member),
    )  # fmt: skip
    if req.state == RequestState.REGISTERED:
        req.state = flow.request_next(req, "investigate")
        req.save(update_fields=["state"])
    _audit(actor, "create", row, req.person_id, kind=kind, member=row.member_id)
    return row


@transaction.atomic
def remove_resource(actor: Actor, req: AidRequest, resource_id: int) -> None:
    require(actor, "case.prepare")
    req = _lock_request(actor, req.pk)
    row = req.resources.filter(pk=resource_id).first()
    if row is None:
        raise ValidationError(_("This income is not recorded for this request."))
    if req.state not in (
        RequestState.REGISTERED,
        RequestState.INVESTIGATING,
        RequestState.PROPOSED,
    ):
        raise ValidationError(_("The investigation of this request is closed."), code="closed")
    _audit(actor, "update", row, req.person_id, removed=True, kind=row.kind)
    row.delete()


@transaction.atomic
def add_home_visit(
    actor: Actor, req: AidRequest, *, visited_on: date | None, visited_by: str, findings: str
) -> HomeVisit:
    require(actor, "case.prepare")
    req = _lock_request(actor, req.pk)
    errors = {}
    if visited_on is None:
        errors["visited_on"] = [_("This field is required.")]
    elif visited_on > timezone.localdate():
        errors["visited_on"] = [_("The visit lies in the future.")]
    else:
        v.gather(errors, v.check_date, visited_on, kind=v.EVENT, field="visited_on",
                 label=v.label_of(HomeVisit, "visited_on"))  # fmt: skip
    visited_by = v.gather(errors, v.clean_name, visited_by, field="visited_by",
                          label=v.label_of(HomeVisit, "visited_by"), max_length=150)  # fmt: skip
    findings = v.gather(errors, v.clean_text, findings, field="findings",
                        label=v.label_of(HomeVisit, "findings"))  # fmt: skip
    if not visited_by.strip():
        errors["visited_by"] = [_("This field is required.")]
    if not findings.strip():
        errors["findings"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    visit = HomeVisit.objects.create(
        request=req, visited_on=visited_on, visited_by=visited_by.strip(),
        findings=findings.strip(), recorded_by=actor.user,
    )  # fmt: skip
    if req.state == RequestState.REGISTERED:
        req.state = flow.request_next(req, "investigate")
        req.save(update_fields=["state"])
    _audit(actor, "create", visit, req.person_id)
    return visit


@transaction.atomic
def add_evidence(actor: Actor, item: InvestigationItem, upload) -> Evidence:
    """Attach a PDF or image (at most 20 MB, verified by parsing: ``inputs.uploads``) to an
    item, stored with its SHA-256."""
    require(actor, "case.prepare")
    req = _lock_request(actor, item.request_id)
    item = req.items.get(pk=item.pk)
    verified = verify_upload(upload, field="file", label=_("document"))
    digest = verified.sha256
    evidence = Evidence(
        item=item, filename=verified.filename, content_type=verified.content_type,
        size=verified.size, sha256=digest, uploaded_by=actor.user,
    )  # fmt: skip
    stored = f"{digest[:16]}-{ascii_filename(verified.filename)}"
    evidence.file.save(stored, ContentFile(verified.data), save=False)
    evidence.save()
    _audit(actor, "create", evidence, req.person_id, sha256=digest, size=verified.size)
    return evidence


# --- 3. proposal -------------------------------------------------------------------------


@transaction.atomic
def save_proposal(
    actor: Actor,
    req: AidRequest,
    data: ProposalInput,
    *,
    proposal: Proposal | None = None,
    expected_edit_version: int | None = None,
) -> Proposal:
    """Create the draft proposal of a request, or change it. A stale edit is refused."""
    require(actor, "case.prepare")
    req = _lock_request(actor, req.pk)
    if req.state not in (
        RequestState.REGISTERED,
        RequestState.INVESTIGATING,
        RequestState.PROPOSED,
    ):
        raise ValidationError(_("This request is already decided."), code="closed")
    frozen = _validate_proposal(req, data)
    fields = {
        "kind": data.kind, "effective_from": data.effective_from,
        "effective_until": data.effective_until, "monthly_amount": frozen["monthly_amount"],
        "amount_justification": data.amount_justification.strip(),
        "refusal_reason": data.refusal_reason if data.kind == DecisionKind.REFUSE else "",
        "motivation": data.motivation.strip(), "situation": frozen["situation"],
        "payment_iban": data.payment_iban if data.kind in (DecisionKind.GRANT, DecisionKind.MODIFY) else "",
        "calculation": frozen["calculation"], "rules_version": frozen["rules_version"],
        "category": frozen["category"], "calculated_amount": frozen["calculated_amount"],
    }  # fmt: skip
    if proposal is None:
        if req.proposals.filter(
            state__in=[
                ProposalState.DRAFT,
                ProposalState.SUBMITTED,
                ProposalState.REVIEWED,
                ProposalState.SCHEDULED,
            ]
        ).exists():
            raise ValidationError(_("This request already has an open proposal."), code="exists")
        version = (req.proposals.aggregate(m=Max("version"))["m"] or 0) + 1
        proposal = Proposal.objects.create(
            request=req, version=version, prepared_by=actor.user, **fields
        )
        _audit(actor, "create", proposal, req.person_id, kind=data.kind)
        return proposal
    proposal = req.proposals.select_for_update().get(pk=proposal.pk)
    if expected_edit_version is not None and proposal.edit_version != expected_edit_version:
        raise ValidationError(
            _(
                "Someone else changed this proposal in the meantime. Your input was kept below: "
                "compare it with the current proposal and save again."
            ),
            code="conflict",
        )
    flow.proposal_next(proposal, "edit")
    for k, value in fields.items():
        setattr(proposal, k, value)
    proposal.edit_version += 1
    proposal.save()
    _audit(actor, "update", proposal, req.person_id, edit_version=proposal.edit_version)
    return proposal


@transaction.atomic
def submit_proposal(actor: Actor, proposal: Proposal) -> Proposal:
    """The social worker submits the proposal; every required investigation point must be done."""
    require(actor, "case.prepare")
    req = _lock_request(actor, proposal.request_id)
    proposal = req.proposals.select_for_update().get(pk=proposal.pk)
    missing = missing_items(req)
    # A refusal because the person did not cooperate is what an incomplete investigation
    # leads to: it is submitted with the open points listed in its motivation (law of
    # 26 May 2002, art. 19 §2: the person gives every useful information; refusing to
    # cooperate is a ground for refusal).
    if missing and not refused_for_non_cooperation(proposal):
        raise ValidationError(
            _("The investigation is not complete: %(items)s.")
            % {"items": ", ".join(str(flow.ITEMS[i.code]["label"]) for i in missing)},
            code="investigation_incomplete",
        )
    proposal.state = flow.proposal_next(proposal, "submit")
    proposal.save(update_fields=["state"])
    req.state = flow.request_next(req, "propose")
    req.save(update_fields=["state"])
    _audit(actor, "update", proposal, req.person_id, event="submit")
    return proposal


@transaction.atomic
def review_proposal(actor: Actor, proposal: Proposal, *, approve: bool, note: str = "") -> Proposal:
    """The team lead approves the proposal for the council, or sends it back with a note."""
    require(actor, "case.review")
    req = _lock_request(actor, proposal.request_id)
    proposal = req.proposals.select_for_update().get(pk=proposal.pk)
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say what must change.")})
    proposal.state = flow.proposal_next(proposal, "review" if approve else "send_back")
    proposal.reviewed_by = actor.user
    proposal.reviewed_at = timezone.now()
    proposal.review_note = note.strip()
    proposal.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    if not approve:
        req.state = flow.request_next(req, "reopen")
        req.save(update_fields=["state"])
    _audit(actor, "update", proposal, req.person_id, event="review" if approve else "send_back")
    return proposal


# --- 5. notification ---------------------------------------------------------------------


@transaction.atomic
def notify(actor: Actor, decision: Decision, *, notified_on: date | None = None) -> Decision:
    """Generate the letter in the person's language, store it with its checksum, and record
    the notification. A letter is generated once; it is never regenerated over the old one."""
    from .letters import decision_letter

    require(actor, "case.prepare")
    decision = scope(Decision.objects.select_for_update(), actor).get(pk=decision.pk)
    req = _lock_request(actor, decision.request_id)
    notified_on = notified_on or timezone.localdate()
    if notified_on < decision.decided_on:
        raise ValidationError({"notified_on": _("The letter cannot be sent before the decision.")})
    if notified_on > timezone.localdate():
        raise ValidationError({"notified_on": _("The date lies in the future.")})
    req.state = flow.request_next(req, "notify")
    pdf, language = decision_letter(decision, notified_on)
    decision.letter_pdf = pdf
    decision.letter_sha256 = hashlib.sha256(pdf).hexdigest()
    decision.letter_language = language
    decision.notified_on = notified_on
    decision.save(update_fields=["letter_pdf", "letter_sha256", "letter_language", "notified_on"])
    req.save(update_fields=["state"])
    _audit(actor, "create", decision, decision.person_id, letter=decision.letter_sha256)
    return decision
