"""Casework pages. Thin: check the actor, validate a form, call a service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw import exports
from openocmw.accounts import audit
from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import require, scope
from openocmw.guard import int_param
from openocmw.inputs.uploads import attachment_response
from openocmw.registry.views import load_person as _load_person
from openocmw.web.helpers import act, apply_errors, valid

from .. import calculator, flow, letters, online, presenting, queues, reports, services
from ..calculation import (
    calculate_for_proposal,
    household_members,
    situation_from_file,
    with_exemption_clock,
)
from ..forms import (
    PERIODS,
    RESOURCE_KINDS,
    AssignForm,
    EvidenceForm,
    HomeVisitForm,
    ItemForm,
    LetterForm,
    NotifyForm,
    ProposalForm,
    RecordedResourceForm,
    RequestForm,
    ReviewForm,
    WithdrawForm,
)
from ..models import (
    AidKind,
    AidRequest,
    Decision,
    Evidence,
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
            calculator.place_errors(exc.message_dict, form, resources, members, spi),
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
            with_exemption_clock(actor, person, situation_from_file(person, on), on)
            if person else {"reference_date": on.isoformat()}
        )  # fmt: skip
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


def _incomes(req):
    kinds, periods = dict(RESOURCE_KINDS), dict(PERIODS)
    rows = list(req.resources.select_related("member"))
    for r in rows:
        r.kind_label, r.period_label = kinds.get(r.kind, r.kind), periods.get(r.period, r.period)
        r.whose = r.member.full_name if r.member_id else _("the applicant")
    return rows


def _income_form(req, data=None):
    """The form of an income, for the applicant or one of the household's members."""
    members = household_members(req.person, req.received_on)
    return RecordedResourceForm(data, prefix="income", members=members)


@login_required
def case_detail(request, request_id: int, *, checklist_data=None, checklist_errors=None):
    actor = _actor(request)
    req = _request(request, request_id)
    items = list(req.items.prefetch_related("evidence").order_by("pk"))
    for item in items:
        item.label = flow.ITEMS[item.code]["label"]
        item.help = flow.ITEMS[item.code]["help"]
        prefix = f"item{item.pk}"
        if checklist_data is not None:  # what was typed stays, with the errors on its fields
            item.form = ItemForm(checklist_data, prefix=prefix)
            item.form.is_valid()
            for key in ("status", "notes"):
                for msg in (checklist_errors.message_dict if checklist_errors else {}).get(
                    f"{prefix}-{key}", []
                ):
                    item.form.add_error(key, msg)
        else:
            item.form = ItemForm(
                initial={"status": item.status, "notes": item.notes}, prefix=prefix
            )
    proposals = list(
        req.proposals.select_related("prepared_by", "reviewed_by").order_by("-version")
    )
    for p in proposals:
        presenting.present(p)
    missing = {i.pk for i in services.missing_items(req, items)}
    can_assign = actor.can("case.review") or req.assigned_to_id == actor.user.pk
    return render(request, "casework/case_detail.html", {
        "req": req, "person": req.person, "items": items,
        "missing": [i for i in items if i.pk in missing],  # with their labels
        "visits": list(req.home_visits.order_by("-visited_on")), "proposals": proposals,
        "open_proposal": next((p for p in proposals if p.state in ("draft", "submitted", "reviewed", "scheduled")), None),
        "decisions": list(req.decisions.defer("letter_pdf").order_by("-version")),
        "visit_form": HomeVisitForm(initial={"visited_on": timezone.localdate(), "visited_by": actor.user.get_full_name()}),
        "evidence_form": EvidenceForm(), "withdraw_form": WithdrawForm(), "review_form": ReviewForm(),
        "notify_form": NotifyForm(initial={"notified_on": timezone.localdate()}),
        "letter_form": LetterForm(prefix="letter"), "letters": req.letters.all(),
        "income_form": _income_form(req), "incomes": _incomes(req),
        "assign_form": AssignForm(workers=services.assignable_workers(actor), initial={"assigned_to": req.assigned_to_id}) if can_assign and actor.can("case.prepare") else None,
        "checklist_failed": checklist_errors is not None,
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
    data, language = letters.acknowledgement(req)
    return _pdf_response(data, letters.file_name("acknowledgement", language, req.number))


@login_required
@require_POST
def letter_new(request, request_id: int):
    """Send a letter of the investigation: documents asked, a reminder, a hearing."""
    actor = _actor(request)
    req = _request(request, request_id)
    form = LetterForm(request.POST, prefix="letter")
    act(
        request, lambda: services.send_investigation_letter(actor, req, **valid(form)),
        done=_("The letter is made: print it or send it."), prefix=_("Letter: "),
    )  # fmt: skip
    return redirect(f"/cases/{req.pk}/#letters")


@login_required
def letter_pdf(request, request_id: int, letter_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    letter = req.letters.filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    audit.record(actor, "export", object_type="letter", object_id=letter.pk,
                 subject_person_id=req.person_id)  # fmt: skip
    name = letters.file_name(letter.kind, letter.language, req.number, f"-{letter.pk}")
    return _pdf_response(bytes(letter.pdf), name)


@login_required
@require_POST
def request_assign(request, request_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    form = AssignForm(request.POST, workers=services.assignable_workers(actor))
    act(
        request,
        lambda: services.assign(
            actor, req, valid(form)["assigned_to"], reason=form.cleaned_data["reason"]
        ),
        done=_("The request is assigned."), prefix=_("Assigned worker: "),
    )  # fmt: skip
    return redirect("case_detail", request_id=req.pk)


@login_required
@require_POST
def resource_add(request, request_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    form = _income_form(req, request.POST)
    act(
        request, lambda: services.record_resource(actor, req, **valid(form)),
        done=_("The income is recorded."), prefix=_("Income: "),
    )  # fmt: skip
    return redirect(f"/cases/{req.pk}/#resources")


@login_required
@require_POST
def resource_remove(request, request_id: int, resource_id: int):
    actor = _actor(request)
    req = _request(request, request_id)
    act(request, lambda: services.remove_resource(actor, req, resource_id))
    return redirect(f"/cases/{req.pk}/#resources")


@login_required
@require_POST
def checklist_save(request, request_id: int):
    """The whole investigation checklist in one save."""
    actor = _actor(request)
    req = _request(request, request_id)
    entries = {
        item.pk: {
            "status": request.POST.get(f"item{item.pk}-status", item.status),
            "notes": request.POST.get(f"item{item.pk}-notes", item.notes),
        }
        for item in req.items.all()
    }
    try:
        n = services.update_checklist(actor, req, entries)
    except ValidationError as exc:
        return case_detail(request, request_id, checklist_data=request.POST, checklist_errors=exc)
    messages.success(request, ngettext("%(n)s point saved.", "%(n)s points saved.", n) % {"n": n})
    return redirect(f"/cases/{req.pk}/#investigation")


# --- proposals ---------------------------------------------------------------------------


def _proposal_input(form, situation) -> services.ProposalInput:
    d = form.cleaned_data
    return services.ProposalInput(
        kind=d["kind"], effective_from=d["effective_from"], effective_until=d["effective_until"],
        monthly_amount=d["monthly_amount"], amount_justification=d["amount_justification"],
        refusal_reason=d["refusal_reason"], motivation=d["motivation"], situation=situation,
        payment_iban=d.get("payment_iban", ""),
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
                "payment_iban": draft.payment_iban,
            })  # fmt: skip
            situation = draft.situation
        else:
            form = ProposalForm(initial={"kind": "grant", "effective_from": req.received_on})
            situation = (
                with_exemption_clock(actor, req.person,
                                     situation_from_file(req.person, req.received_on),
                                     req.received_on)
                if needs_calc else None
            )  # fmt: skip
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
    language = decision.letter_language or letters.letter_language(decision.person)
    return _pdf_response(
        data,
        letters.file_name("decision", language, decision.request.number, f"-v{decision.version}"),
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
        "d": d, "open_requests": mine.select_related("assigned_to").order_by("decision_due")[:100],
        "today": timezone.localdate(), "queues": queues.queue_counts(actor),
        "online_new": online.pending_count(actor),
    })  # fmt: skip


QUEUE_TITLES = {
    "to_review": gettext_lazy("Proposals to review"),
    "to_schedule": gettext_lazy("Approved, to put on an agenda"),
    "sent_back": gettext_lazy("Sent back to me"),
}


@login_required
def queue_page(request, queue: str):
    actor = _actor(request)
    if queue not in queues.QUEUES:
        raise Http404
    rows = list(queues.queue(actor, queue)[:200])
    audit.record(actor, "view", object_type="queue", object_id=queue, purpose="casework dashboard")
    return render(request, "casework/queue.html", {
        "rows": rows, "title": QUEUE_TITLES[queue], "queue": queue, "today": timezone.localdate(),
    })  # fmt: skip


@login_required
def team_page(request):
    actor = _actor(request)
    today = timezone.localdate()
    load = queues.caseload(actor, today)
    worker = int_param(request.GET, "worker")
    rows = list(queues.team_requests(actor, worker)[:200]) if worker is not None else []
    return render(request, "casework/team.html", {
        "load": load, "rows": rows, "worker": worker, "today": today,
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
        # With a byte-order mark, so that Excel reads the accents (issue 10 §7).
        return exports.csv_response(reports.to_csv(reg), f"register-{start}-{end}")
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
        {
            "reg": reg,
            "tables": reg.tables(),
            "errors": errors,
            "start": start,
            "end": end,
            "can_list": actor.can("case.view"),
        },  # fmt: skip
    )
