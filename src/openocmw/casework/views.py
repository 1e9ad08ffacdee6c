"""Casework pages. Thin: check the actor, validate a form, call a service, render."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts import audit
from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import require, scope
from openocmw.guard import int_param
from openocmw.inputs.uploads import attachment_response
from openocmw.registry.views import load_person as _load_person
from openocmw.web.helpers import act, apply_errors, valid

from . import calculator, council, flow, guards, letters, presenting, reports, services
from .calculation import calculate_for_proposal, situation_from_file
from .forms import (
    AttendanceForm,
    DecideForm,
    EvidenceForm,
    HomeVisitForm,
    ItemForm,
    MeetingForm,
    MoveForm,
    NotifyForm,
    ProposalForm,
    RequestForm,
    ReviewForm,
    ScheduleForm,
    WithdrawForm,
)
from .models import (
    AgendaItem,
    AidKind,
    AidRequest,
    Decision,
    Evidence,
    Meeting,
    Proposal,
    ProposalState,
)


def _request(request, request_id: int) -> AidRequest:
    try:
        return services.get_request(_actor(request), request_id)
    except AidRequest.DoesNotExist:
        raise Http404(_("No such request in your OCMW.")) from None


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- calculator --------------------------------------------------------------------------


def _calculate(actor, form, resources, members, spi, *, on: date | None = None):
    """Validate the calculator forms and calculate; returns (situation, result, errors)."""
    if not (form.is_valid() and resources.is_valid() and members.is_valid() and spi.is_valid()):
        return None, None, []
    situation = calculator.situation_from_forms(form, resources, members, spi)
    try:
        result = calculate_for_proposal(situation, on or form.cleaned_data["reference_date"])
    except ValidationError as exc:
        return (
            situation,
            None,
            [(k.removeprefix("situation."), v) for k, v in exc.message_dict.items()],
        )
    audit.record(
        actor,
        "calculate",
        object_type="leefloon",
        purpose="leefloon calculation",
        detail={"rules_version": result["rules_version"]},
    )
    return situation, result, []


@login_required
def calculator_page(request):
    actor = _actor(request)
    require(actor, "leefloon.calculate")
    person = None
    person_id = int_param(request.GET, "person")
    if person_id is not None:
        person = _load_person(request, person_id, purpose="leefloon calculation")
    result, rule_errors = None, []
    if request.method == "POST":
        form, resources, members, spi = calculator.bind(request.POST)
        _situation, result, rule_errors = _calculate(actor, form, resources, members, spi)
    else:
        on = timezone.localdate()
        situation = (
            situation_from_file(person, on) if person else {"reference_date": on.isoformat()}
        )
        form, resources, members, spi = calculator.bind(situation=situation)
    return render(request, "casework/calculator.html", {
        "form": form, "resources": resources, "members": members, "spi_periods": spi,
        "result": result,
        "rule_errors": rule_errors, "person": person, "lang": (get_language() or "nl")[:2],
    })  # fmt: skip


# --- requests ----------------------------------------------------------------------------


@login_required
def request_new(request, person_id: int):
    actor = _actor(request)
    require(actor, "case.prepare")
    person = _load_person(request, person_id, purpose="register aid request")
    replaces = None
    replaces_id = int_param(request.GET, "replaces") or int_param(request.POST, "replaces")
    if replaces_id is not None:
        replaces = (
            scope(Decision.objects.all(), actor).filter(pk=replaces_id, person=person).first()
        )
    initial = {"received_on": timezone.localdate()}
    if replaces:
        initial |= {"kind": replaces.aid_kind, "channel": "own_initiative"}
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.register_request(
                actor, person, replaces_decision=replaces, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Request %(n)s is registered. Print the acknowledgement of receipt.")
                % {"n": req.number},
            )
            return redirect("case_detail", request_id=req.pk)
    return render(
        request,
        "casework/request_form.html",
        {"form": form, "person": person, "replaces": replaces},
    )


@login_required
def case_detail(request, request_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    items = list(req.items.prefetch_related("evidence").order_by("pk"))
    for item in items:
        item.label = flow.ITEMS[item.code]["label"]
        item.help = flow.ITEMS[item.code]["help"]
        item.form = ItemForm(
            initial={"status": item.status, "notes": item.notes}, prefix=f"item{item.pk}"
        )
    proposals = list(
        req.proposals.select_related("prepared_by", "reviewed_by").order_by("-version")
    )
    missing = {i.pk for i in services.missing_items(req)}
    return render(request, "casework/case_detail.html", {
        "req": req, "person": req.person, "items": items,
        "missing": [i for i in items if i.pk in missing],  # with their labels
        "visits": req.home_visits.order_by("-visited_on"), "proposals": proposals,
        "open_proposal": next((p for p in proposals if p.state in ("draft", "submitted", "reviewed", "scheduled")), None),
        "decisions": req.decisions.select_related("meeting").order_by("-version"),
        "visit_form": HomeVisitForm(initial={"visited_on": timezone.localdate(), "visited_by": actor.user.get_full_name()}),
        "evidence_form": EvidenceForm(), "withdraw_form": WithdrawForm(), "review_form": ReviewForm(),
        "notify_form": NotifyForm(initial={"notified_on": timezone.localdate()}),
        "today": timezone.localdate(),
    })  # fmt: skip


@login_required
@require_POST
def item_update(request, request_id: int, item_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    item = req.items.filter(pk=item_id).first()
    if item is None:
        raise Http404
    form = ItemForm(request.POST, prefix=f"item{item.pk}")
    act(
        request, lambda: services.update_item(actor, item, **valid(form)),
        done=_("Saved."), prefix=f"{flow.ITEMS[item.code]['label']}: ",
    )  # fmt: skip
    return redirect(f"/cases/{req.pk}/#item-{item.pk}")


@login_required
@require_POST
def evidence_upload(request, request_id: int, item_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    item = req.items.filter(pk=item_id).first()
    if item is None:
        raise Http404
    act(
        request, lambda: services.add_evidence(actor, item, request.FILES.get("file")),
        done=_("The document is attached."), prefix=f"{flow.ITEMS[item.code]['label']}: ",
    )  # fmt: skip
    return redirect(f"/cases/{req.pk}/#item-{item.pk}")


@login_required
def evidence_download(request, request_id: int, evidence_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    evidence = Evidence.objects.filter(pk=evidence_id, item__request=req).first()
    if evidence is None:
        raise Http404
    audit.record(
        actor,
        "export",
        object_type="evidence",
        object_id=evidence.pk,
        subject_person_id=req.person_id,
    )
    return attachment_response(
        evidence.file.open("rb"), filename=evidence.filename, content_type=evidence.content_type
    )


@login_required
@require_POST
def home_visit(request, request_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    form = HomeVisitForm(request.POST)
    act(
        request, lambda: services.add_home_visit(actor, req, **valid(form)),
        done=_("The home visit is recorded."), prefix=_("Home visit: %(msg)s") % {"msg": ""},
    )  # fmt: skip
    return redirect(f"/cases/{req.pk}/#visits")


@login_required
@require_POST
def withdraw(request, request_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    act(request, lambda: services.withdraw_request(actor, req, request.POST.get("reason", "")))
    return redirect("case_detail", request_id=req.pk)


@login_required
def acknowledgement_pdf(request, request_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    audit.record(
        actor,
        "export",
        object_type="acknowledgement",
        object_id=req.pk,
        subject_person_id=req.person_id,
    )
    return _pdf_response(
        letters.acknowledgement(req), f"ontvangstbewijs-{req.number.replace('/', '-')}.pdf"
    )


# --- proposals ---------------------------------------------------------------------------


def _proposal_input(form, situation) -> services.ProposalInput:
    d = form.cleaned_data
    return services.ProposalInput(
        kind=d["kind"], effective_from=d["effective_from"], effective_until=d["effective_until"],
        monthly_amount=d["monthly_amount"], amount_justification=d["amount_justification"],
        refusal_reason=d["refusal_reason"], motivation=d["motivation"], situation=situation,
    )  # fmt: skip


@login_required
def proposal_edit(request, request_id: int):
    """Prepare or change the draft proposal; for a leefloon, with the calculator."""
    actor = _actor(request)
    require(actor, "case.prepare")
    req = _request(request, request_id)
    draft = req.proposals.filter(state=ProposalState.DRAFT).order_by("-version").first()
    needs_calc = req.kind in (AidKind.LEEFLOON, AidKind.EQUIVALENT)
    result, rule_errors, conflict = None, [], False
    if request.method == "POST":
        form = ProposalForm(request.POST)
        calc_forms = calculator.bind(request.POST) if needs_calc else None
        situation = None
        if form.is_valid():
            wants_calc = needs_calc and form.cleaned_data["kind"] in ("grant", "modify")
            if wants_calc:
                situation, result, rule_errors = _calculate(
                    actor, *calc_forms, on=form.cleaned_data["effective_from"]
                )
            if "save" in request.POST and not rule_errors and (situation or not wants_calc):
                try:
                    services.save_proposal(
                        actor, req, _proposal_input(form, situation), proposal=draft,
                        expected_edit_version=form.cleaned_data["edit_version"],
                    )  # fmt: skip
                except ValidationError as exc:
                    conflict = getattr(exc, "code", None) == "conflict"
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("The proposal is saved."))
                    return redirect("case_detail", request_id=req.pk)
    else:
        if draft is not None:
            form = ProposalForm(initial={
                "kind": draft.kind, "effective_from": draft.effective_from,
                "effective_until": draft.effective_until,
                "monthly_amount": draft.monthly_amount if draft.monthly_amount != draft.calculated_amount else None,
                "amount_justification": draft.amount_justification, "refusal_reason": draft.refusal_reason,
                "motivation": draft.motivation, "edit_version": draft.edit_version,
            })  # fmt: skip
            situation = draft.situation
        else:
            form = ProposalForm(initial={"kind": "grant", "effective_from": req.received_on})
            situation = situation_from_file(req.person, req.received_on) if needs_calc else None
        calc_forms = calculator.bind(situation=situation) if needs_calc else None
    context = {
        "req": req, "person": req.person, "form": form, "draft": draft, "result": result,
        "rule_errors": rule_errors, "conflict": conflict, "lang": (get_language() or "nl")[:2],
        "current": draft if conflict else None,
    }  # fmt: skip
    if calc_forms:
        context.update(
            zip(("calc_form", "resources", "members", "spi_periods"), calc_forms, strict=True)
        )
    return render(request, "casework/proposal_form.html", context)


def _proposal(actor, req, proposal_id) -> Proposal:
    p = req.proposals.filter(pk=proposal_id).first()
    if p is None:
        raise Http404
    return p


@login_required
@require_POST
def proposal_submit(request, request_id: int, proposal_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    proposal = _proposal(actor, req, proposal_id)
    act(
        request, lambda: services.submit_proposal(actor, proposal),
        done=_("The proposal is submitted to the team lead."),
    )  # fmt: skip
    return redirect("case_detail", request_id=req.pk)


@login_required
@require_POST
def proposal_review(request, request_id: int, proposal_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    approve = request.POST.get("decision") == "approve"
    proposal = _proposal(actor, req, proposal_id)
    note = request.POST.get("note", "")
    act(
        request, lambda: services.review_proposal(actor, proposal, approve=approve, note=note),
        done=_("Reviewed."),
    )  # fmt: skip
    return redirect("case_detail", request_id=req.pk)


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
    return _pdf_response(
        letters.minutes(meeting, (get_language() or "nl")[:2]), f"notulen-{meeting.held_on}.pdf"
    )


# --- decisions ---------------------------------------------------------------------------


def _decision(actor, decision_id) -> Decision:
    require(actor, "case.view")
    try:
        return audit.fetch(
            actor, Decision.objects.select_related("person", "request", "proposal"), decision_id,
            object_type="decision", record_view=False,
        )  # fmt: skip
    except Decision.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def decision_notify(request, decision_id: int):
    actor = _actor(request)
    decision = _decision(actor, decision_id)
    form = NotifyForm(request.POST)
    act(
        request,
        lambda: services.notify(actor, decision, notified_on=valid(form)["notified_on"]),
        done=_("The letter is generated and the notification recorded."),
    )
    return redirect("case_detail", request_id=decision.request_id)


@login_required
def decision_letter(request, decision_id: int):
    actor = _actor(request)
    decision = _decision(actor, decision_id)
    audit.record(
        actor,
        "export",
        object_type="decision_letter",
        object_id=decision.pk,
        subject_person_id=decision.person_id,
    )
    if decision.letter_pdf:
        data = bytes(decision.letter_pdf)
    else:  # a preview before sending; the sent letter is the stored one
        data, _lang = letters.decision_letter(decision, timezone.localdate())
    return _pdf_response(
        data, f"beslissing-{decision.request.number.replace('/', '-')}-v{decision.version}.pdf"
    )


# --- dashboards and register -------------------------------------------------------------


@login_required
def dashboard(request):
    actor = _actor(request)
    d = reports.dashboard(actor, timezone.localdate())
    mine = services.requests_for(actor).filter(state__in=reports.OPEN_STATES)
    if actor.role == "social_worker":
        mine = mine.filter(assigned_to=actor.user)
    return render(request, "casework/dashboard.html", {
        "d": d, "open_requests": mine.order_by("decision_due")[:100], "today": timezone.localdate(),
    })  # fmt: skip


def _period(request) -> tuple[date, date, list[str]]:
    today = timezone.localdate()
    start, end, errors = date(today.year, 1, 1), today, []
    for key in ("from", "until"):
        value = request.GET.get(key)
        if value:
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                errors.append(_("Dates are written as dd/mm/yyyy."))
                continue
            if key == "from":
                start = parsed
            else:
                end = parsed
    if end < start:
        errors.append(_("The end date lies before the start date."))
        start, end = end, start
    return start, end, errors


@login_required
def register_page(request):
    actor = _actor(request)
    start, end, errors = _period(request)
    reg = reports.register(actor, start, end)
    fmt = request.GET.get("format")
    if fmt == "csv":
        audit.record(actor, "export", object_type="register", detail={"format": "csv"})
        response = HttpResponse(reports.to_csv(reg), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="register-{start}-{end}.csv"'
        return response
    if fmt == "xlsx":
        audit.record(actor, "export", object_type="register", detail={"format": "xlsx"})
        response = HttpResponse(
            reports.to_xlsx(reg),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="register-{start}-{end}.xlsx"'
        return response
    return render(
        request,
        "casework/register.html",
        {"reg": reg, "tables": reg.tables(), "errors": errors, "start": start, "end": end},
    )
