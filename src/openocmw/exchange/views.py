"""Pages of the exchange app: the e-box, consultations, reported changes, the social report
and the inspection register. Thin: check the actor, validate a form, call a service, render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts import audit
from openocmw.accounts.disclosure import Table
from openocmw.accounts.models import User
from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import require, scope
from openocmw.casework.models import AidRequest
from openocmw.registry.models import Person
from openocmw.registry.services import get_person
from openocmw.web.helpers import act, apply_errors

from .forms import AssignForm, ConsultForm, RejectForm, ResolveForm, SocialReportForm
from .models import (
    CLOSED_WARNING,
    FlowWarning,
    Mutation,
    MutationStatus,
    Prefill,
    SocialReportRequest,
    fact_label,
    shown_amount,
)
from .services import consult as consult_service
from .services import ebox, mutations, socialreport


def _person(request, person_id, purpose):
    try:
        return get_person(_actor(request), person_id, purpose=purpose)
    except Person.DoesNotExist:  # the attempt is audited
        raise Http404(_("No such person in your OCMW.")) from None


def _request(actor, request_id) -> AidRequest:
    try:
        return audit.fetch(actor, AidRequest.objects.select_related("person"), request_id,
                           object_type="aidrequest", purpose="flow consultation",
                           subject=lambda r: r.person_id)  # fmt: skip
    except AidRequest.DoesNotExist:
        raise Http404(_("No such request in your OCMW.")) from None


# --- the e-box ---------------------------------------------------------------------------


@login_required
def ebox_page(request):
    actor = _actor(request)
    rows = ebox.warnings_for(actor)
    show = request.GET.get("show", "open")
    if show == "open":
        rows = rows.exclude(status__in=CLOSED_WARNING)
    elif show == "mine":
        rows = rows.exclude(status__in=CLOSED_WARNING).filter(assigned_to=actor.user)
    else:
        show = "all"
    rows = list(rows.order_by("due_on", "pk")[:500])
    audit.record(actor, "search", object_type="flow_warning", purpose="e-box",
                 detail={"show": show, "results": len(rows)})  # fmt: skip
    return render(request, "exchange/ebox.html", {
        "rows": rows, "show": show, "today": timezone.localdate(),
    })  # fmt: skip


def _workers(actor):
    return User.objects.filter(
        memberships__ocmw_id=actor.ocmw_id, memberships__active=True,
        memberships__role__in=["social_worker", "team_lead"],
    ).distinct().order_by("last_name", "username")  # fmt: skip


@login_required
def warning_detail(request, warning_id: int):
    actor = _actor(request)
    require(actor, "exchange.ebox")
    try:
        warning = ebox.get_warning(actor, warning_id)
    except FlowWarning.DoesNotExist:
        raise Http404(_("No such warning in your OCMW.")) from None
    users = _workers(actor)
    assign_form = AssignForm(initial={"assigned_to": warning.assigned_to_id}, users=users)
    resolve_form = ResolveForm()
    if request.method == "POST" and request.POST.get("action") == "assign":
        assign_form = AssignForm(request.POST, users=users)
        if assign_form.is_valid():
            try:
                ebox.assign(actor, warning, assign_form.cleaned_data["assigned_to"])
                messages.success(request, _("The warning is assigned."))
                return redirect("exchange_warning", warning.pk)
            except ValidationError as exc:
                apply_errors(assign_form, exc)
    elif request.method == "POST" and request.POST.get("action") == "resolve":
        resolve_form = ResolveForm(request.POST)
        if resolve_form.is_valid():
            try:
                ebox.resolve(actor, warning, outcome=resolve_form.cleaned_data["outcome"],
                             reason=resolve_form.cleaned_data["reason"])  # fmt: skip
                messages.success(request, _("The warning is resolved."))
                return redirect("exchange_warning", warning.pk)
            except ValidationError as exc:
                apply_errors(resolve_form, exc)
    recovery = getattr(warning, "recovery", None) if warning.status == "corrected" else None
    return render(request, "exchange/warning.html", {
        "w": warning, "assign_form": assign_form, "resolve_form": resolve_form,
        "closed": warning.status in CLOSED_WARNING, "recovery": recovery,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


# --- consultation ------------------------------------------------------------------------


@login_required
def consult_page(request, person_id: int):
    actor = _actor(request)
    require(actor, "exchange.consult")
    person = _person(request, person_id, "flow consultation")
    open_requests = list(consult_service.open_requests(actor, person).order_by("-received_on"))
    initial = (
        {"request": int(request.GET["request"])} if request.GET.get("request", "").isdigit() else {}
    )
    form = ConsultForm(initial=initial, requests=open_requests)
    consultation = None
    status = 200
    if request.method == "POST":
        form = ConsultForm(request.POST, requests=open_requests)
        if form.is_valid():
            data = form.cleaned_data
            req = next((r for r in open_requests if r.pk == data["request"]), None)
            try:
                consultation = consult_service.consult(
                    actor, person, source=data["source"], purpose=data["purpose"],
                    legal_basis=data["legal_basis"], request=req,
                )  # fmt: skip
                messages.success(request, _("Consulted. Access code: %(code)s")
                                 % {"code": consultation.access_code})  # fmt: skip
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
        else:
            status = 400
    facts = []
    for f in consultation.facts if consultation else []:
        shown = dict(f, label=fact_label(f.get("field", "")))
        if f.get("amount") not in (None, ""):
            shown["shown_amount"] = shown_amount(Decimal(f["amount"]))
        facts.append(shown)
    history = scope(person.consultations.all(), actor).select_related("by", "request")[:50]
    return render(request, "exchange/consult.html", {
        "person": person, "form": form, "consultation": consultation, "history": history,
        "facts": facts,
        "open_requests": open_requests,
    }, status=status)  # fmt: skip


@login_required
def prefill_page(request, request_id: int):
    actor = _actor(request)
    require(actor, "case.prepare")
    req = _request(actor, request_id)
    if request.method == "POST":
        try:
            prefill = Prefill.objects.get(
                pk=int(request.POST.get("prefill", "0") or 0), request=req
            )
        except (Prefill.DoesNotExist, ValueError):
            raise Http404(_("No such value.")) from None
        confirm = request.POST.get("action") == "confirm"
        act(request, lambda: consult_service.decide_prefill(actor, prefill, confirm=confirm),
            done=_("Taken over into the investigation.") if confirm else _("Left out."))  # fmt: skip
        return redirect("exchange_prefill", req.pk)
    rows = consult_service.prefills_for(actor, req).order_by("-month", "kind", "pk")
    return render(request, "exchange/prefill.html", {"req": req, "rows": rows})


@login_required
def calculator_with_flows(request, request_id: int):
    """The calculator pre-filled from the file and the confirmed flows (source and date are on
    the values page); a POST calculates exactly like the calculator page."""
    from openocmw.casework import calculator
    from openocmw.casework.views import calculator_page

    actor = _actor(request)
    require(actor, "leefloon.calculate")
    req = _request(actor, request_id)
    if request.method == "POST":
        return calculator_page(request)
    situation = consult_service.situation_with_flows(req, timezone.localdate())
    form, resources, members, spi = calculator.bind(situation=situation)
    return render(request, "casework/calculator.html", {
        "form": form, "resources": resources, "members": members, "spi_periods": spi,
        "result": None, "rule_errors": [], "person": req.person, "lang": request.LANGUAGE_CODE[:2],
    })  # fmt: skip


# --- reported changes --------------------------------------------------------------------


@login_required
def mutations_page(request):
    actor = _actor(request)
    rows = mutations.mutations_for(actor)
    show = request.GET.get("show", "proposed")
    if show == "proposed":
        rows = rows.filter(status=MutationStatus.PROPOSED)
    rows = list(rows[:300])
    audit.record(actor, "search", object_type="mutation", purpose="mutations",
                 detail={"results": len(rows)})  # fmt: skip
    return render(request, "exchange/mutations.html", {
        "rows": rows, "show": show, "reject_form": RejectForm(),
    })  # fmt: skip


@login_required
@require_POST
def mutation_decide(request, mutation_id: int):
    actor = _actor(request)
    try:
        m = mutations.mutations_for(actor).get(pk=mutation_id)
    except Mutation.DoesNotExist:
        raise Http404(_("No such change in your OCMW.")) from None
    if request.POST.get("action") == "accept":
        act(
            request,
            lambda: mutations.accept(actor, m),
            done=_("The change is recorded in the file."),
        )
    else:
        form = RejectForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
        else:
            act(request, lambda: mutations.reject(actor, m, form.cleaned_data["reason"]),
                done=_("The change is rejected."))  # fmt: skip
    return redirect("exchange_mutations")


# --- the social report -------------------------------------------------------------------


@login_required
def social_report_page(request, person_id: int):
    actor = _actor(request)
    require(actor, "exchange.report")
    person = _person(request, person_id, "social report")
    form = SocialReportForm()
    status = 200
    if request.method == "POST":
        form = SocialReportForm(request.POST)
        if form.is_valid():
            try:
                socialreport.request_report(actor, person, to_nis=form.cleaned_data["to_nis"])
                messages.success(request, _("The social report is requested; the answer comes "
                                            "without anyone at the former OCMW acting."))  # fmt: skip
                return redirect("exchange_social_report", person.pk)
            except ValidationError as exc:
                apply_errors(form, exc)
        status = 400
    reports = socialreport.reports_for(actor).filter(person=person)
    return render(request, "exchange/social_report.html", {
        "person": person, "form": form, "reports": reports,
    }, status=status)  # fmt: skip


@login_required
def social_report_pdf(request, report_id: int):
    actor = _actor(request)
    try:
        report = audit.fetch(actor, socialreport.reports_for(actor), report_id,
                             object_type="social_report", purpose="social report",
                             subject=lambda r: r.person_id)  # fmt: skip
    except SocialReportRequest.DoesNotExist:
        raise Http404(_("No such report in your OCMW.")) from None
    if not report.gpmi_pdf:
        raise Http404(_("This report has no GPMI contract."))
    response = HttpResponse(bytes(report.gpmi_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="gpmi-{report.pk}.pdf"'
    return response


# --- the inspection register -------------------------------------------------------------


COLUMNS = ["warnings", "corrected", "justified", "false_positive", "recoveries"]


@login_required
def inspection_page(request):
    actor = _actor(request)
    rows = ebox.register_for(actor)
    protected = actor.ocmw_id is None  # the federal inspector: small cells suppressed
    table = None
    if protected and rows:
        years = [str(r["year"]) for r in rows]
        counts = [
            [r[c] for c in ("corrected", "justified", "false_positive", "open")] for r in rows
        ]
        pt = Table(rows=years, columns=["corrected", "justified", "false_positive", "open"],
                   counts=counts).protect()  # fmt: skip
        table = []
        for r, shown in zip(rows, pt.rows()[:-1], strict=True):
            amount_ok = r["recoveries"] >= 5
            table.append({"year": r["year"], "cells": shown,
                          "recoveries": r["recoveries"] if amount_ok else pt.suppression.marker,
                          "amount": r["amount"] if amount_ok else pt.suppression.marker})  # fmt: skip
    audit.record(actor, "view", object_type="flow_warning", purpose="e-box",
                 detail={"register": True, "years": len(rows)})  # fmt: skip
    return render(request, "exchange/inspection.html", {
        "rows": rows, "table": table, "protected": protected,
    })  # fmt: skip
