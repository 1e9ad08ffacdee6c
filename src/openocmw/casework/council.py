"""The council committee (BCSD): planning meetings, the agenda, attendance, votes, minutes.

The guard rails are the pure functions of :mod:`.guards`; here they become refusals (a
meeting in the past), confirmations (a weekend day, a second meeting on one day) and
justifications (a proposal decided after the legal 30-day deadline). Every step is audited
and runs in one transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.inputs import validation as v

from . import flow, guards
from .common import _audit, _lock_request
from .models import (
    NOTIFY_DAYS,
    AgendaItem,
    Attendee,
    AttendeeFunction,
    Decision,
    DecisionKind,
    Meeting,
    MeetingState,
    Outcome,
    Proposal,
    ProposalState,
)
from .proposals import ProposalInput, _validate_proposal
from .signals import decision_recorded


def _today() -> date:
    return timezone.localdate()


def _meeting_audit(actor, meeting, **detail):
    audit.record(actor, "update", object_type="meeting", object_id=meeting.pk, detail=detail)


def meeting_warnings(check: guards.MeetingDateCheck, held_on: date) -> list[str]:
    texts = {
        "weekend": _("%(date)s is a Saturday or a Sunday.")
        % {"date": held_on.strftime("%d/%m/%Y")},
        "same_day": _("Another meeting is already planned on %(date)s.")
        % {"date": held_on.strftime("%d/%m/%Y")},
    }
    return [texts[w] for w in check.warnings]


@transaction.atomic
def plan_meeting(
    actor: Actor, held_on: date | None, *, confirmed: bool = False, note: str = "",
    members_in_office: int | None = None,
) -> Meeting:  # fmt: skip
    """Plan a meeting. In the past: refused. On a weekend day or a day with another meeting:
    refused with code ``confirm`` unless ``confirmed`` (the form then asks to confirm)."""
    require(actor, "case.review")
    if held_on is None:
        raise ValidationError({"held_on": _("This field is required.")})
    label = v.label_of(Meeting, "held_on")
    v.check_date(held_on, kind=v.EVENT, field="held_on", label=label)
    note = v.clean_name(note or "", field="planning_note", label=_("reason for this date"))
    if members_in_office is not None and not 1 <= members_in_office <= 99:
        raise ValidationError(
            {"members_in_office": _("Give the number of sitting members (1 to 99).")}
        )
    same_day = scope(Meeting.objects.filter(held_on=held_on), actor).count()
    check = guards.check_meeting_date(held_on, _today(), same_day)
    if check.refusal == "past":
        msg = _("%(label)s: the date lies in the past; plan the meeting for today or later.")
        raise ValidationError({"held_on": ValidationError(msg % {"label": label}, code="past")})
    if check.warnings and not confirmed:
        raise ValidationError(
            {
                "held_on": [
                    ValidationError(w, code="confirm") for w in meeting_warnings(check, held_on)
                ]
            }
        )
    meeting = Meeting.objects.create(
        ocmw_id=actor.ocmw_id, held_on=held_on, created_by=actor.user,
        planning_note=note.strip(), members_in_office=members_in_office,
    )  # fmt: skip
    audit.record(
        actor, "create", object_type="meeting", object_id=meeting.pk,
        detail={"confirmed": list(check.warnings)} if check.warnings else {},
    )  # fmt: skip
    return meeting


def _lock_meeting(actor: Actor, meeting: Meeting, *, planned: bool = True) -> Meeting:
    meeting = scope(Meeting.objects.select_for_update(), actor).get(pk=meeting.pk)
    if planned and meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("This meeting is closed."), code="closed")
    return meeting


def lateness(meeting: Meeting, proposal: Proposal) -> int:
    """Days after the 30-day deadline at which this meeting would decide the proposal."""
    return guards.days_past_deadline(proposal.request.decision_due, meeting.held_on)


@transaction.atomic
def schedule(
    actor: Actor, meeting: Meeting, proposal: Proposal, *, justification: str = ""
) -> AgendaItem:
    """Put a reviewed proposal on the agenda. After the legal deadline (law of 26 May 2002,
    art. 21 §1) it is refused unless a justification is written (code ``late``)."""
    require(actor, "case.review")
    meeting = _lock_meeting(actor, meeting)
    req = _lock_request(actor, proposal.request_id)
    proposal = req.proposals.select_for_update().get(pk=proposal.pk)
    justification = v.clean_text(
        justification or "", field="late_justification", label=_("why after the legal deadline")
    ).strip()
    late = guards.days_past_deadline(req.decision_due, meeting.held_on)
    if late and not justification:
        raise ValidationError(
            {"late_justification": ValidationError(
                ngettext(
                    "This meeting is %(n)s day after the legal deadline of %(due)s (law of 26 May 2002, art. 21 §1): write why.",
                    "This meeting is %(n)s days after the legal deadline of %(due)s (law of 26 May 2002, art. 21 §1): write why.",
                    late,
                ) % {"n": late, "due": req.decision_due.strftime("%d/%m/%Y")},
                code="late",
            )}
        )  # fmt: skip
    proposal.state = flow.proposal_next(proposal, "schedule")
    proposal.save(update_fields=["state"])
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, proposal=proposal, position=position,
        late_justification=justification if late else "",
    )  # fmt: skip
    _audit(actor, "update", proposal, req.person_id, event="schedule", meeting=meeting.pk,
           days_late=late)  # fmt: skip
    return item


def _renumber(meeting: Meeting) -> None:
    for n, item in enumerate(meeting.items.order_by("position", "pk"), start=1):
        if item.position != n:
            AgendaItem.objects.filter(pk=item.pk).update(position=n)


def _undecided_item(actor: Actor, item: AgendaItem) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    scope(Meeting.objects.all(), actor).get(pk=item.meeting_id)  # of the actor's OCMW
    if item.outcome:
        raise ValidationError(_("This item is already decided."), code="closed")
    return item


@transaction.atomic
def unschedule(actor: Actor, item: AgendaItem) -> Proposal:
    """Take an undecided item off the agenda: the proposal is ready for a meeting again."""
    require(actor, "case.review")
    item = _undecided_item(actor, item)
    meeting = _lock_meeting(actor, item.meeting)
    req = _lock_request(actor, item.proposal.request_id)
    proposal = req.proposals.select_for_update().get(pk=item.proposal_id)
    proposal.state = flow.proposal_next(proposal, "unschedule")
    proposal.save(update_fields=["state"])
    item.delete()
    _renumber(meeting)
    _audit(actor, "update", proposal, req.person_id, event="unschedule", meeting=meeting.pk)
    return proposal


@transaction.atomic
def move_item(
    actor: Actor, item: AgendaItem, to: Meeting, *, justification: str = ""
) -> AgendaItem:
    """Move an undecided item to another planned meeting (the same deadline check applies)."""
    require(actor, "case.review")
    item = _undecided_item(actor, item)
    source = _lock_meeting(actor, item.meeting)
    target = _lock_meeting(actor, to)
    if target.pk == source.pk:
        raise ValidationError({"meeting": _("Choose another meeting.")})
    if target.items.filter(proposal_id=item.proposal_id).exists():
        raise ValidationError({"meeting": _("This proposal is already on that agenda.")})
    req = _lock_request(actor, item.proposal.request_id)
    justification = v.clean_text(
        justification or "", field="late_justification", label=_("why after the legal deadline")
    ).strip()
    late = guards.days_past_deadline(req.decision_due, target.held_on)
    if late and not (justification or item.late_justification):
        raise ValidationError(
            {"late_justification": ValidationError(
                ngettext(
                    "This meeting is %(n)s day after the legal deadline of %(due)s (law of 26 May 2002, art. 21 §1): write why.",
                    "This meeting is %(n)s days after the legal deadline of %(due)s (law of 26 May 2002, art. 21 §1): write why.",
                    late,
                ) % {"n": late, "due": req.decision_due.strftime("%d/%m/%Y")},
                code="late",
            )}
        )  # fmt: skip
    item.meeting = target
    item.position = (target.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item.late_justification = (justification or item.late_justification) if late else ""
    item.save(update_fields=["meeting", "position", "late_justification"])
    _renumber(source)
    _audit(actor, "update", item.proposal, req.person_id, event="move", meeting=source.pk,
           to=target.pk, days_late=late)  # fmt: skip
    return item


@transaction.atomic
def record_attendance(
    actor: Actor, meeting: Meeting, *, members_in_office: int | None,
    attendees: list[tuple[str, str, bool]],
) -> Meeting:  # fmt: skip
    """Record who was called and who was present: (name, function, present) per person.

    Replaces the earlier list while no item is decided yet. The quorum is a majority of the
    sitting members (:func:`guards.has_quorum`); the secretary does not count.
    """
    if not (actor.can("case.review") or actor.can("case.decide")):
        require(actor, "case.decide")  # refused, audited
    meeting = _lock_meeting(actor, meeting)
    errors: dict[str, list[str]] = {}
    if meeting.items.exclude(outcome="").exists():
        raise ValidationError(
            _("Items are already decided: the attendance can no longer change."), code="decided"
        )
    if members_in_office is None or not 1 <= members_in_office <= 99:
        errors["members_in_office"] = [_("Give the number of sitting members (1 to 99).")]
    rows = []
    for n, (name, function, present) in enumerate(attendees, start=1):
        name = v.gather(errors, v.clean_name, name or "", field=f"name_{n}", label=_("name"),
                        max_length=150).strip()  # fmt: skip
        if not name:
            continue
        if function not in AttendeeFunction.values:
            errors[f"function_{n}"] = [_("Choose the function.")]
            continue
        rows.append((name, function, bool(present)))
    functions = [f for _n, f, _p in rows]
    if functions.count(AttendeeFunction.CHAIR) != 1:
        errors.setdefault("attendees", []).append(_("Name one chair."))
    if functions.count(AttendeeFunction.SECRETARY) != 1:
        errors.setdefault("attendees", []).append(_("Name one secretary."))
    voting = [r for r in rows if r[1] != AttendeeFunction.SECRETARY]
    if members_in_office and len(voting) > members_in_office:
        errors["members_in_office"] = [
            _("More members are listed (%(n)s) than there are sitting members.")
            % {"n": len(voting)}
        ]
    if errors:
        raise ValidationError(errors)
    meeting.attendees.all().delete()
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, name=n, function=f, present=p) for n, f, p in rows
    )
    meeting.members_in_office = members_in_office
    meeting.save(update_fields=["members_in_office"])
    present = sum(1 for r in voting if r[2])
    _meeting_audit(actor, meeting, attendance=len(rows), present=present,
                   quorum=guards.has_quorum(members_in_office, present))  # fmt: skip
    return meeting


def quorum_of(meeting: Meeting) -> tuple[int, int, bool] | None:
    """(present, needed, reached), or None while the attendance is not recorded."""
    if not meeting.members_in_office or not meeting.attendees.exists():
        return None
    present = meeting.voting_present()
    needed = guards.quorum_needed(meeting.members_in_office)
    return present, needed, present >= needed


def _check_votes(meeting, outcome, votes) -> None:
    if votes is None or all(x is None for x in votes):
        return
    if any(x is None for x in votes):
        raise ValidationError({"votes_for": _("Give the votes for, against and the abstentions.")})
    check = guards.check_votes(*votes, present=meeting.voting_present())
    if check.problem == "negative":
        raise ValidationError({"votes_for": _("A number of votes cannot be negative.")})
    if check.problem == "more_votes_than_present":
        raise ValidationError(
            {"votes_for": _("More votes than members present (%(n)s).") % {"n": meeting.voting_present()}}
        )  # fmt: skip
    if check.problem == "no_votes":
        raise ValidationError({"votes_for": _("No vote for or against was cast.")})
    if outcome in (Outcome.APPROVED, Outcome.AMENDED) and not check.adopted:
        raise ValidationError(
            {"outcome": _("The votes do not adopt the proposal: more than half of the votes cast must be for (a tie rejects).")}
        )  # fmt: skip
    if outcome == Outcome.REJECTED and check.adopted:
        raise ValidationError(
            {"outcome": _("The votes adopt the proposal: it cannot be recorded as rejected.")}
        )


@transaction.atomic
def decide(
    actor: Actor, item: AgendaItem, *, outcome: str, note: str = "",
    amendment: ProposalInput | None = None, votes: tuple | None = None,
) -> Decision | None:  # fmt: skip
    """A council member records the council's decision on one agenda item.

    Only at a meeting that has taken place, whose attendance is recorded and reaches the
    quorum. ``votes`` = (for, against, abstentions) must agree with the outcome.
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
    quorum = quorum_of(meeting)
    if quorum is None:
        raise ValidationError(
            _(
                "Record the attendance first: who is present decides whether the council may decide."
            ),
            code="attendance",
        )
    if not quorum[2]:
        raise ValidationError(
            _("No quorum: %(present)s members present, %(needed)s needed (a majority of the sitting members).")
            % {"present": quorum[0], "needed": quorum[1]}, code="quorum",
        )  # fmt: skip
    req = _lock_request(actor, item.proposal.request_id)
    proposal = req.proposals.select_for_update().get(pk=item.proposal_id)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the council's decision.")})
    if outcome == Outcome.REJECTED and not note.strip():
        raise ValidationError({"note": _("Say why the council rejects the proposal.")})
    _check_votes(meeting, outcome, votes)
    if meeting.held_on < req.received_on:
        raise ValidationError(
            {"held_on": _("The decision cannot be dated before the request (%(date)s).")
             % {"date": req.received_on.strftime("%d/%m/%Y")}}
        )  # fmt: skip
    item.outcome, item.note, item.decided_by, item.decided_at = (
        outcome, note.strip(), actor.user, timezone.now(),
    )  # fmt: skip
    if votes and all(x is not None for x in votes):
        item.votes_for, item.votes_against, item.votes_abstain = votes
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
            prepared_by=actor.user, payment_iban=proposal.payment_iban,
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
    """Close the meeting: every item decided; the minutes are signed by the secretary and
    the chair present (their names are recorded with the minutes)."""
    require(actor, "case.decide")
    meeting = _lock_meeting(actor, meeting)
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
    present = {a.function: a.name for a in meeting.attendees.all() if a.present}
    if meeting.items.exists() and not (
        present.get(AttendeeFunction.CHAIR) and present.get(AttendeeFunction.SECRETARY)
    ):
        raise ValidationError(
            _("The minutes are signed by the chair and the secretary: record them as present."),
            code="signatures",
        )
    meeting.state = MeetingState.CLOSED
    meeting.closed_at = timezone.now()
    meeting.signed_by_chair = present.get(AttendeeFunction.CHAIR, "")
    meeting.signed_by_secretary = present.get(AttendeeFunction.SECRETARY, "")
    meeting.save(update_fields=["state", "closed_at", "signed_by_chair", "signed_by_secretary"])
    _meeting_audit(actor, meeting, closed=True)
    return meeting
