"""Pages of the rights circle (issue 12 §4). Nothing here is personal data; every query is
scoped to the actor's OCMW, and the public questionnaire page knows only its token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts.tenancy import actor_of, require
from openocmw.inputs.throttle import allow

from . import export as table_export
from . import services
from .forms import ActionForm, AssessmentForm, ProjectForm, SignalForm
from .frameworks import PROJECT_PHASES, items_of
from .models import Action, Group, MemberKind, ProjectPhase, Signal
from .pdf import report_pdf
from .radar import colour, radar_svg


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


@login_required
def home(request):
    actor = actor_of(request)
    assessments = services.assessments(actor)
    form = AssessmentForm(request.POST or None, earlier=assessments)
    if request.method == "POST":
        require(actor, "circle.change")
        if form.is_valid():
            data = form.cleaned_data
            previous = assessments.filter(pk=data["previous"]).first() if data["previous"] else None
            try:
                a = services.create_assessment(
                    actor, framework=data["framework"], title=data["title"],
                    held_on=data["held_on"], previous=previous,
                )  # fmt: skip
            except ValidationError as exc:
                for field, errs in _errors(exc).items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The assessment is created."))
                return redirect("circle_assessment", a.pk)
    return render(
        request,
        "circle/home.html",
        {
            "assessments": assessments,
            "projects": services.projects(actor),
            "form": form,
            "project_form": ProjectForm(),
            "can_change": actor.can("circle.change"),
        },
    )


def _assessment(request, pk: int):
    actor = actor_of(request)
    return actor, get_object_or_404(services.assessments(actor), pk=pk)


def _result(assessment) -> dict:
    res = services.result(assessment)
    for index, g in enumerate(res["groups"]):
        g.colour = colour(index)
    return res


def _chart(assessment, res) -> str:
    labels = [str(i.label) for i in items_of(assessment.framework)]
    series = []
    for index, g in enumerate(res["groups"]):
        values = [cells[index][1] for cells in (r.scores for r in res["rows"])]
        if all(v is None for v in values):
            continue  # a group that has not scored yet is not drawn (the table says so)
        series.append({"name": str(g.label), "values": values, "colour": colour(index)})
        if res["earlier"].get(g.name):
            series.append(
                {
                    "name": _("%(group)s (earlier: %(date)s)")
                    % {"group": g.label, "date": assessment.previous.held_on.strftime("%d/%m/%Y")},
                    "values": [r.previous.get(g.name) for r in res["rows"]],
                    "colour": colour(index),
                    "earlier": True,
                }
            )
    return radar_svg(
        labels,
        series,
        title=_("Radar chart: %(title)s") % {"title": assessment.title},
        description=_("The scores of each group per item; the same figures are in the table."),
    )


@login_required
def assessment(request, pk: int):
    actor, a = _assessment(request, pk)
    res = _result(a)
    return render(
        request,
        "circle/assessment.html",
        {
            "a": a,
            "res": res,
            "chart": _chart(a, res),
            "gaps": [r for r in res["rows"] if r.gap],
            "actions": a.actions.all(),
            "action_form": ActionForm(framework=a.framework),
            "labels": {i.code: i.label for i in items_of(a.framework)},
            "can_change": actor.can("circle.change"),
            "threshold": services.GAP_THRESHOLD,
        },
    )


@login_required
def group_scores(request, pk: int, group_id: int):
    actor, a = _assessment(request, pk)
    group = get_object_or_404(a.groups, pk=group_id)
    require(actor, "circle.change")
    errors: dict = {}
    existing = {s.item: s for s in group.scores.all()}
    values = {}
    for item in items_of(a.framework):
        s = existing.get(item.code)
        values[f"{item.code}-score"] = "" if s is None else str(s.score)
        values[f"{item.code}-justification"] = "" if s is None else s.justification
    if request.method == "POST":
        values.update({k: request.POST.get(k, "") for k in values})
        try:
            services.save_scores(actor, group, request.POST)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("The scores of %(group)s are saved.") % {"group": group})
            return redirect("circle_assessment", a.pk)
    rows = [
        {
            "item": item,
            "score_name": f"{item.code}-score",
            "why_name": f"{item.code}-justification",
            "score": values[f"{item.code}-score"],
            "why": values[f"{item.code}-justification"],
            "score_errors": errors.get(f"{item.code}-score", []),
            "why_errors": errors.get(f"{item.code}-justification", []),
        }
        for item in items_of(a.framework)
    ]
    return render(
        request,
        "circle/scores.html",
        {"a": a, "group": group, "rows": rows, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def add_group(request, pk: int):
    actor, a = _assessment(request, pk)
    try:
        services.add_group(actor, a, request.POST.get("name", ""))
    except ValidationError as exc:
        for errs in _errors(exc).values():
            for e in errs:
                messages.error(request, e)
    return redirect("circle_assessment", a.pk)


@login_required
@require_POST
def add_action(request, pk: int, action_id: int | None = None):
    actor, a = _assessment(request, pk)
    require(actor, "circle.change")
    action = get_object_or_404(a.actions, pk=action_id) if action_id else None
    data = request.POST.copy()
    if action is not None and set(data) <= {"csrfmiddlewaretoken", "status"}:
        data.update(
            {"item": action.item, "description": action.description, "owner": action.owner,
             "deadline": action.deadline.isoformat()}
        )  # fmt: skip
    form = ActionForm(data, framework=a.framework)
    if form.is_valid():
        try:
            services.save_action(actor, a, form.cleaned_data, action)
        except ValidationError as exc:
            for field, errs in _errors(exc).items():
                form.add_error(field if field in form.fields else None, errs)
    if form.errors:
        res = _result(a)
        return render(
            request,
            "circle/assessment.html",
            {
                "a": a, "res": res, "chart": _chart(a, res),
                "gaps": [r for r in res["rows"] if r.gap], "actions": a.actions.all(),
                "action_form": form, "labels": {i.code: i.label for i in items_of(a.framework)},
                "can_change": True, "threshold": services.GAP_THRESHOLD,
            },
            status=400,
        )  # fmt: skip
    messages.success(request, _("The improvement action is saved."))
    return redirect("circle_assessment", a.pk)


@login_required
@require_POST
def open_questionnaire(request, pk: int, group_id: int):
    actor, a = _assessment(request, pk)
    group = get_object_or_404(a.groups, pk=group_id)
    try:
        services.open_questionnaire(actor, group, request.POST.get("partner", ""))
    except ValidationError as exc:
        for errs in _errors(exc).values():
            for e in errs:
                messages.error(request, e)
    else:
        messages.success(request, _("The questionnaire is open: give the link to the partner."))
    return redirect("circle_assessment", a.pk)


@login_required
def report(request, pk: int):
    _actor, a = _assessment(request, pk)
    res = _result(a)
    language = (get_language() or "nl")[:2]
    pdf = report_pdf(a, res, _chart(a, res), language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rights-circle-{a.pk}.pdf"'
    return response


@login_required
def export(request, pk: int, fmt: str):
    _actor, a = _assessment(request, pk)
    res = services.result(a)
    if fmt == "csv":
        return table_export.csv_response(a, res)
    return table_export.xlsx_response(a, res, {i.code: i.label for i in items_of(a.framework)})


# --- the public, anonymous questionnaire -----------------------------------------------------


def questionnaire(request, token: str):
    link = services.link_for(token)
    if link is None:
        raise Http404
    framework = link.group.assessment.framework
    errors: dict = {}
    general: list[str] = []
    status = 200
    if request.method == "POST" and not allow(request, link.token):
        general = [
            _("Many answers were sent from this connection. Wait a few minutes and send again.")
        ]
        status = 429
    elif request.method == "POST":
        try:
            services.submit_questionnaire(link, request.POST)
        except ValidationError as exc:
            errors, status = _errors(exc), 400
        else:
            return render(request, "circle/questionnaire_thanks.html", {"link": link})
    rows = [
        {
            "item": item,
            "score_name": f"{item.code}-score",
            "reason_name": f"{item.code}-reason",
            "score": request.POST.get(f"{item.code}-score", ""),
            "reason": request.POST.get(f"{item.code}-reason", ""),
            "errors": errors.get(f"{item.code}-score", []) + errors.get(f"{item.code}-reason", []),
        }
        for item in items_of(framework)
    ]
    return render(
        request,
        "circle/questionnaire.html",
        {"link": link, "rows": rows, "errors": errors, "general": general, "scale": range(0, 11)},
        status=status,
    )


# --- the local proactive project -------------------------------------------------------------


@login_required
@require_POST
def project_create(request):
    actor = actor_of(request)
    require(actor, "circle.change")
    form = ProjectForm(request.POST)
    if form.is_valid():
        deadlines = {n: form.cleaned_data[f"deadline_{n}"] for n, _l, _t in PROJECT_PHASES}
        try:
            project = services.create_project(actor, form.cleaned_data["name"], deadlines)
        except ValidationError as exc:
            for field, errs in _errors(exc).items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("The project is created."))
            return redirect("circle_project", project.pk)
    assessments = services.assessments(actor)
    return render(
        request,
        "circle/home.html",
        {
            "assessments": assessments, "projects": services.projects(actor),
            "form": AssessmentForm(earlier=assessments), "project_form": form,
            "can_change": True,
        },
        status=400,
    )  # fmt: skip


def _project_page(request, project, *, signal_form=None, steering_errors=None, steering=None,
                  status=200):  # fmt: skip
    actor = actor_of(request)
    phases = {p.number: p for p in project.phases.all()}
    members = (
        steering
        if steering is not None
        else [(m.organisation, m.kind) for m in project.steering.all()]
    )
    members = list(members) + [("", "")] * 2
    return render(
        request,
        "circle/project.html",
        {
            "project": project,
            "phases": [(phases.get(n), label, tasks) for n, label, tasks in PROJECT_PHASES],
            "members": members,
            "member_kinds": MemberKind.choices,
            "steering_errors": steering_errors or {},
            "signals": project.signals.all(),
            "signal_form": signal_form or SignalForm(),
            "can_change": actor.can("circle.change"),
        },
        status=status,
    )


@login_required
def project(request, pk: int):
    actor = actor_of(request)
    return _project_page(request, get_object_or_404(services.projects(actor), pk=pk))


@login_required
@require_POST
def project_steering(request, pk: int):
    actor = actor_of(request)
    p = get_object_or_404(services.projects(actor), pk=pk)
    orgs = request.POST.getlist("organisation")
    kinds = request.POST.getlist("kind")
    members = list(zip(orgs, kinds + [""] * (len(orgs) - len(kinds)), strict=False))[:50]
    try:
        services.set_steering_group(actor, p, members)
    except ValidationError as exc:
        return _project_page(request, p, steering_errors=_errors(exc), steering=members, status=400)
    messages.success(request, _("The steering group is saved."))
    return redirect("circle_project", p.pk)


@login_required
@require_POST
def project_phase(request, pk: int, number: int):
    actor = actor_of(request)
    p = get_object_or_404(services.projects(actor), pk=pk)
    phase = get_object_or_404(ProjectPhase, project=p, number=number)
    try:
        services.set_phase_done(actor, phase, request.POST.get("done") == "1")
    except ValidationError as exc:
        for errs in _errors(exc).values():
            for e in errs:
                messages.error(request, e)
    return redirect("circle_project", p.pk)


@login_required
@require_POST
def project_signal(request, pk: int, signal_id: int | None = None):
    actor = actor_of(request)
    p = get_object_or_404(services.projects(actor), pk=pk)
    signal = get_object_or_404(Signal, project=p, pk=signal_id) if signal_id else None
    form = SignalForm(request.POST)
    if form.is_valid():
        try:
            services.save_signal(actor, p, form.cleaned_data, signal)
        except ValidationError as exc:
            for field, errs in _errors(exc).items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("The signal is saved."))
            return redirect("circle_project", p.pk)
    return _project_page(request, p, signal_form=form, status=400)


__all__ = ["Action", "Group"]
