"""Council pages: planning meetings, attendance, the agenda, decisions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts import audit
from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import require, scope
from openocmw.guard import int_param
from openocmw.web.helpers import act, apply_errors

from .. import council, guards, letters, presenting, services
from ..forms import AttendanceForm, DecideForm, MeetingForm, MoveForm, ScheduleForm
from ..models import AgendaItem, Decision, Meeting, Proposal, ProposalState
from . import _pdf_response

# --- council -----------------------------------------------------------------------------


def _codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


@login_required
def meetings(request):
    actor = _actor(request)
    require(actor, "case.view")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.plan_meeting(
                actor, d["held_on"], confirmed=d["confirm"], note=d["planning_note"],
                members_in_office=d["members_in_office"],
            )  # fmt: skip
        except ValidationError as exc:
            if "confirm" in _codes(exc):  # a weekend day or a second meeting: ask to confirm
                form.fields["confirm"].widget = forms.CheckboxInput()
            apply_errors(form, exc)
        else:
            return redirect("meeting_detail", meeting_id=meeting.pk)
    rows = scope(Meeting.objects.all(), actor).order_by("-held_on")[:50]
    return render(request, "casework/meetings.html", {"meetings": rows, "form": form})


def _meeting(actor, meeting_id) -> Meeting:
    try:
        return audit.fetch(
            actor, Meeting.objects.all(), meeting_id, object_type="meeting", record_view=False
        )
    except Meeting.DoesNotExist:
        raise Http404 from None


def _attendance_form(meeting, data=None) -> AttendanceForm:
    if data is not None:
        return AttendanceForm(data, prefix="att")
    people = list(meeting.attendees.all())
    ocmw = meeting.ocmw
    chair = next((a for a in people if a.function == "chair"), None)
    secretary = next((a for a in people if a.function == "secretary"), None)
    members = [a for a in people if a.function == "member"]
    return AttendanceForm(prefix="att", initial={
        "members_in_office": meeting.members_in_office,
        "chair": chair.name if chair else ocmw.chair_name,
        "chair_present": chair.present if chair else True,
        "secretary": secretary.name if secretary else ocmw.secretary_name,
        "present": "\n".join(a.name for a in members if a.present),
        "absent": "\n".join(a.name for a in members if not a.present),
    })  # fmt: skip


@login_required
def meeting_detail(request, meeting_id: int, *, attendance_form=None):
    actor = _actor(request)
    require(actor, "case.view")
    meeting = _meeting(actor, meeting_id)
    items = list(
        meeting.items.select_related("proposal__request__person", "decided_by").order_by("position")
    )
    others = list(
        scope(Meeting.objects.filter(state="planned", held_on__gte=timezone.localdate()), actor)
        .exclude(pk=meeting.pk).order_by("held_on")[:20]
    )  # fmt: skip
    for item in items:
        item.form = DecideForm(prefix=f"i{item.pk}")
        item.move_form = MoveForm(prefix=f"m{item.pk}", meetings=others)
        item.days_late = guards.days_past_deadline(
            item.proposal.request.decision_due, meeting.held_on
        )
        presenting.present(item.proposal)
        item.decision = Decision.objects.filter(
            request=item.proposal.request, meeting=meeting
        ).first()
    ready = []
    if actor.can("case.review") and meeting.state == "planned":
        ready = list(
            scope(
                Proposal.objects.filter(state=ProposalState.REVIEWED), actor, "request__ocmw"
            ).select_related("request__person")
        )
        for p in ready:
            p.days_late = guards.days_past_deadline(p.request.decision_due, meeting.held_on)
            p.schedule_form = ScheduleForm(prefix=f"s{p.pk}", initial={"proposal": p.pk})
    audit.record(
        actor, "view", object_type="meeting", object_id=meeting.pk, purpose="council agenda"
    )
    return render(request, "casework/meeting_detail.html", {
        "meeting": meeting, "items": items, "ready": ready,
        "attendance_form": attendance_form or _attendance_form(meeting),
        "attendees": list(meeting.attendees.all()), "quorum": council.quorum_of(meeting),
        "can_plan": actor.can("case.review"), "can_decide": actor.can("case.decide"),
    })  # fmt: skip


@login_required
@require_POST
def meeting_attendance(request, meeting_id: int):
    actor = _actor(request)
    meeting = _meeting(actor, meeting_id)
    form = _attendance_form(meeting, request.POST)
    if form.is_valid():
        try:
            services.record_attendance(
                actor, meeting, members_in_office=form.cleaned_data["members_in_office"],
                attendees=form.attendees(),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return meeting_detail(request, meeting_id, attendance_form=form)


@login_required
@require_POST
def meeting_schedule(request, meeting_id: int):
    actor = _actor(request)
    meeting = _meeting(actor, meeting_id)
    proposal_id = int_param(request.POST, "proposal", required=True)
    proposal = scope(Proposal.objects.all(), actor, "request__ocmw").filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    justification = request.POST.get(f"s{proposal.pk}-late_justification", "")
    act(
        request,
        lambda: services.schedule(actor, meeting, proposal, justification=justification),
        prefix=f"{proposal.request.number}: ",
    )
    return redirect("meeting_detail", meeting_id=meeting.pk)


def _agenda_item(meeting, item_id) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).select_related("proposal").first()
    if item is None:
        raise Http404
    return item


@login_required
@require_POST
def meeting_unschedule(request, meeting_id: int, item_id: int):
    actor = _actor(request)
    meeting = _meeting(actor, meeting_id)
    item = _agenda_item(meeting, item_id)
    act(
        request,
        lambda: services.unschedule(actor, item),
        done=_("The item is taken off the agenda."),
    )
    return redirect("meeting_detail", meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_move(request, meeting_id: int, item_id: int):
    actor = _actor(request)
    meeting = _meeting(actor, meeting_id)
    item = _agenda_item(meeting, item_id)
    target_id = int_param(request.POST, f"m{item.pk}-meeting", required=True)
    target = scope(Meeting.objects.all(), actor).filter(pk=target_id).first()
    if target is None:
        raise Http404
    justification = request.POST.get(f"m{item.pk}-late_justification", "")
    if act(
        request, lambda: services.move_item(actor, item, target, justification=justification),
        done=_("The item is moved to the meeting of %(date)s.") % {"date": target.held_on.strftime("%d/%m/%Y")},
        prefix=_("Item %(n)s: ") % {"n": item.position},
    ):  # fmt: skip
        return redirect("meeting_detail", meeting_id=target.pk)
    return redirect("meeting_detail", meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_decide(request, meeting_id: int, item_id: int):
    actor = _actor(request)
    meeting = _meeting(actor, meeting_id)
    item = _agenda_item(meeting, item_id)
    form = DecideForm(request.POST, prefix=f"i{item.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        d = form.cleaned_data
        amendment = None
        if d["outcome"] == "amended":
            p = item.proposal
            amendment = services.ProposalInput(
                kind=p.kind, effective_from=p.effective_from, effective_until=p.effective_until,
                monthly_amount=d["monthly_amount"] if d["monthly_amount"] is not None else p.monthly_amount,
                amount_justification=d["amount_justification"] or p.amount_justification,
                refusal_reason=p.refusal_reason, motivation=p.motivation, situation=p.situation,
            )  # fmt: skip
        services.decide(
            actor, item, outcome=d["outcome"], note=d["note"], amendment=amendment,
            votes=form.votes(),
        )  # fmt: skip
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, _("Item %(n)s: %(msg)s") % {"n": item.position, "msg": msg})
    return redirect("meeting_detail", meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_close(request, meeting_id: int):
    actor = _actor(request)
    meeting = _meeting(actor, meeting_id)
    act(request, lambda: services.close_meeting(actor, meeting))
    return redirect("meeting_detail", meeting_id=meeting.pk)


@login_required
def meeting_minutes(request, meeting_id: int):
    actor = _actor(request)
    require(actor, "case.view")
    meeting = _meeting(actor, meeting_id)
    audit.record(actor, "export", object_type="minutes", object_id=meeting.pk)
    language = (get_language() or "nl")[:2]
    return _pdf_response(
        letters.minutes(meeting, language),
        letters.file_name("minutes", language, meeting.held_on.isoformat()),
    )
