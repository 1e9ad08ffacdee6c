"""The only place that changes casework state. Every step is validated, audited, and
either completes or changes nothing (one transaction each)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.inputs import validation as v
from openocmw.inputs.uploads import ascii_filename, verify_upload
from openocmw.registry.models import Person

from . import flow
from .calculation import calculate_for_proposal
from .models import (
    NOTIFY_DAYS,
    AgendaItem,
    AidKind,
    AidRequest,
    Channel,
    Decision,
    DecisionKind,
    Evidence,
    HomeVisit,
    InvestigationItem,
    ItemStatus,
    Meeting,
    MeetingState,
    OtherAid,
    Outcome,
    Proposal,
    ProposalState,
    RefusalReason,
    RequestState,
)
from .signals import decision_recorded


def _audit(actor, action, obj, person_id, **detail):
    audit.record(
        actor,
        action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        subject_person_id=person_id,
        detail=detail,
    )


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


def _lock_request(actor: Actor, request_id: int) -> AidRequest:
    return scope(AidRequest.objects.select_for_update(), actor).get(pk=request_id)


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


@dataclass
class ProposalInput:
    kind: str
    effective_from: date | None
    effective_until: date | None = None
    monthly_amount: Decimal | None = None
    amount_justification: str = ""
    refusal_reason: str = ""
    motivation: str = ""
    situation: dict | None = None  # for a leefloon: the situation for the rules


def _validate_proposal(req: AidRequest, data: ProposalInput) -> dict:
    """Check a proposal; for a leefloon, calculate it and freeze inputs and result."""
    errors: dict[str, list[str]] = {}
    frozen: dict = {"situation": None, "calculation": None, "rules_version": "", "category": None,
                    "calculated_amount": None}  # fmt: skip
    if data.kind not in DecisionKind.values:
        errors["kind"] = [_("Choose the proposed decision.")]
    if data.effective_from is None:
        errors["effective_from"] = [_("This field is required.")]
    elif data.effective_from < req.received_on - timedelta(days=366):
        errors["effective_from"] = [
            _("The decision cannot take effect so long before the request.")
        ]
    for name in ("effective_from", "effective_until"):
        v.gather(errors, v.check_date, getattr(data, name), kind=v.EVENT, field=name,
                 label=v.label_of(Proposal, name))  # fmt: skip
    for name in ("amount_justification", "motivation"):  # stored as checked: NFC
        setattr(data, name, v.gather(errors, v.clean_text, getattr(data, name), field=name,
                                     label=v.label_of(Proposal, name)))  # fmt: skip
    if data.effective_until and data.effective_from and data.effective_until < data.effective_from:
        errors["effective_until"] = [_("The end date lies before the start date.")]
    if data.kind == DecisionKind.REFUSE:
        if data.refusal_reason not in RefusalReason.values:
            errors["refusal_reason"] = [_("A refusal needs a reason.")]
        elif data.refusal_reason == RefusalReason.OTHER and not data.motivation.strip():
            errors["motivation"] = [_("Explain the reason for the refusal.")]
    if data.monthly_amount is not None and data.monthly_amount < 0:
        errors["monthly_amount"] = [_("The amount cannot be negative.")]
    needs_calculation = req.kind in (AidKind.LEEFLOON, AidKind.EQUIVALENT) and data.kind in (
        DecisionKind.GRANT, DecisionKind.MODIFY,
    )  # fmt: skip
    if needs_calculation and not errors:
        if not data.situation:
            errors["situation"] = [_("Calculate the amount first.")]
        else:
            out = calculate_for_proposal(data.situation, data.effective_from)
            calculated = Decimal(out["monthly_amount"])
            frozen.update(
                situation=data.situation, calculation=out, rules_version=out["rules_version"],
                category=(out["category"] or {}).get("number"), calculated_amount=calculated,
            )  # fmt: skip
            amount = data.monthly_amount if data.monthly_amount is not None else calculated
            if amount != calculated and not data.amount_justification.strip():
                errors["amount_justification"] = [
                    _("The amount differs from the calculation (%(calc)s): write why.")
                    % {"calc": f"€ {calculated:.2f}".replace(".", ",")}
                ]
            frozen["monthly_amount"] = amount
    if errors:
        raise ValidationError(errors)
    frozen.setdefault("monthly_amount", data.monthly_amount)
    return frozen


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
    if missing:
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


# --- 4. council --------------------------------------------------------------------------


@transaction.atomic
def plan_meeting(actor: Actor, held_on: date | None) -> Meeting:
    require(actor, "case.review")
    if held_on is None:
        raise ValidationError({"held_on": _("This field is required.")})
    v.check_date(held_on, kind=v.EVENT, field="held_on", label=v.label_of(Meeting, "held_on"))
    meeting = Meeting.objects.create(ocmw_id=actor.ocmw_id, held_on=held_on, created_by=actor.user)
    audit.record(actor, "create", object_type="meeting", object_id=meeting.pk)
    return meeting


@transaction.atomic
def schedule(actor: Actor, meeting: Meeting, proposal: Proposal) -> AgendaItem:
    require(actor, "case.review")
    meeting = scope(Meeting.objects.select_for_update(), actor).get(pk=meeting.pk)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("This meeting is closed."), code="closed")
    req = _lock_request(actor, proposal.request_id)
    proposal = req.proposals.select_for_update().get(pk=proposal.pk)
    proposal.state = flow.proposal_next(proposal, "schedule")
    proposal.save(update_fields=["state"])
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, proposal=proposal, position=position)
    _audit(actor, "update", proposal, req.person_id, event="schedule", meeting=meeting.pk)
    return item


@transaction.atomic
def decide(
    actor: Actor, item: AgendaItem, *, outcome: str, note: str = "",
    amendment: ProposalInput | None = None,
) -> Decision | None:  # fmt: skip
    """A council member records the council's decision on one agenda item.

    Approved: the decision is created (a new version if it revises an earlier decision).
    Amended: a new version of the proposal with the amendment is approved instead.
    Rejected: the request goes back to the investigation, with the council's note.
    """
    require(actor, "case.decide")
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    meeting = scope(Meeting.objects.all(), actor).get(pk=item.meeting_id)
    if meeting.state != MeetingState.PLANNED or item.outcome:
        raise ValidationError(_("This item is already decided."), code="closed")
    if meeting.held_on > timezone.localdate():
        raise ValidationError(_("The meeting has not taken place yet."), code="too_early")
    req = _lock_request(actor, item.proposal.request_id)
    proposal = req.proposals.select_for_update().get(pk=item.proposal_id)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the council's decision.")})
    if outcome == Outcome.REJECTED and not note.strip():
        raise ValidationError({"note": _("Say why the council rejects the proposal.")})
    if meeting.held_on < req.received_on:
        raise ValidationError(
            {"held_on": _("The decision cannot be dated before the request (%(date)s).")
             % {"date": req.received_on.strftime("%d/%m/%Y")}}
        )  # fmt: skip
    item.outcome, item.note, item.decided_by, item.decided_at = (
        outcome,
        note.strip(),
        actor.user,
        timezone.now(),
    )
    item.save()
    if outcome == Outcome.REJECTED:
        proposal.state = flow.proposal_next(proposal, "reject")
        proposal.save(update_fields=["state"])
        req.state = flow.request_next(req, "reopen")
        req.save(update_fields=["state"])
        _audit(actor, "update", proposal, req.person_id, event="reject")
        return None
    if outcome == Outcome.AMENDED:
        if amendment is None:
            raise ValidationError({"outcome": _("Give the amended proposal.")})
        frozen = _validate_proposal(req, amendment)
        proposal.state = flow.proposal_next(proposal, "amend")
        proposal.save(update_fields=["state"])
        proposal = Proposal.objects.create(
            request=req, version=proposal.version + 1, previous=proposal,
            state=ProposalState.APPROVED, kind=amendment.kind,
            effective_from=amendment.effective_from, effective_until=amendment.effective_until,
            monthly_amount=frozen["monthly_amount"], category=frozen["category"],
            calculated_amount=frozen["calculated_amount"],
            amount_justification=amendment.amount_justification.strip(),
            refusal_reason=amendment.refusal_reason if amendment.kind == DecisionKind.REFUSE else "",
            motivation=amendment.motivation.strip(), situation=frozen["situation"],
            calculation=frozen["calculation"], rules_version=frozen["rules_version"],
            prepared_by=actor.user,
        )  # fmt: skip
    else:
        proposal.state = flow.proposal_next(proposal, "approve")
        proposal.save(update_fields=["state"])
    replaces = req.replaces_decision
    if replaces is not None and Decision.objects.filter(replaces=replaces).exists():
        raise ValidationError(_("The decision under review was already replaced."), code="replaced")
    decision = Decision.objects.create(
        ocmw_id=req.ocmw_id, person_id=req.person_id, request=req, proposal=proposal,
        meeting=meeting, aid_kind=req.kind, kind=proposal.kind, decided_on=meeting.held_on,
        effective_from=proposal.effective_from, effective_until=proposal.effective_until,
        monthly_amount=proposal.monthly_amount, category=proposal.category,
        refusal_reason=proposal.refusal_reason, replaces=replaces,
        version=(replaces.version + 1) if replaces else 1,
        notify_due=meeting.held_on + timedelta(days=NOTIFY_DAYS),
    )  # fmt: skip
    req.state = flow.request_next(req, "decide")
    req.closed_on = meeting.held_on
    req.save(update_fields=["state", "closed_on"])
    _audit(actor, "create", decision, req.person_id, outcome=outcome, kind=decision.kind)
    decision_recorded.send(sender=Decision, actor=actor, decision=decision)
    return decision


@transaction.atomic
def close_meeting(actor: Actor, meeting: Meeting) -> Meeting:
    require(actor, "case.decide")
    meeting = scope(Meeting.objects.select_for_update(), actor).get(pk=meeting.pk)
    open_items = meeting.items.filter(outcome="").count()
    if open_items:
        raise ValidationError(
            ngettext(
                "%(n)s item on the agenda is not decided yet.",
                "%(n)s items on the agenda are not decided yet.",
                open_items,
            )
            % {"n": open_items},
            code="open_items",
        )
    meeting.state = MeetingState.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["state", "closed_at"])
    audit.record(
        actor, "update", object_type="meeting", object_id=meeting.pk, detail={"closed": True}
    )
    return meeting


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
