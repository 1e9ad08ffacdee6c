"""A person's art. 60 §7 contracts (and their outcome), forms of the law of 2 April 1965, and
medical aid decisions with their versions, on the person's finance page; the job coaches'
caseload, the list and export of the Law-65 forms, and the care provider's invoice split.
Thin: check, call a service (finance.services.employment / law65 / medical), render; a field
error shows the page again with the values entered (400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts import audit
from openocmw.accounts.models import User
from openocmw.accounts.tenancy import actor_of, require, scope
from openocmw.guard import int_param
from openocmw.web.helpers import apply_errors

from .forms import Art60Form, InvoiceLineForm, Law65RecordForm, MedicalDecisionForm, OutcomeForm
from .models import Art60Contract, Law65Form, MedicalDecision
from .person_views import coach_choices, load_person, medical_versions, render_person
from .services import employment, law65, medical


@login_required
@require_POST
def add_art60(request, person_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    require(actor, "finance.run")
    coaches = coach_choices(actor)
    form = Art60Form(request.POST, coaches=coaches, auto_id="id_a_%s")
    if form.is_valid():
        d = dict(form.cleaned_data)
        coach_id = d.pop("job_coach")
        coach = User.objects.get(pk=coach_id) if coach_id in dict(coaches) else None
        try:
            employment.add_contract(actor, person, job_coach=coach, **d)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The art. 60 §7 contract is saved."))
            return redirect("finance_person", person_id=person.pk)
    return render_person(request, actor, person, 400, art60_form=form)


@login_required
@require_POST
def art60_outcome(request, person_id: int, contract_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    require(actor, "finance.run")
    contract = scope(Art60Contract.objects.filter(person=person), actor).filter(pk=contract_id)
    form = OutcomeForm(request.POST, auto_id=f"id_o{contract_id}_%s")
    if contract.exists() and form.is_valid():
        try:
            employment.record_outcome(actor, contract.get(), form.cleaned_data["outcome"],
                                      form.cleaned_data["outcome_on"])  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect("finance_person", person_id=person.pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}")
    return redirect("finance_person", person_id=person.pk)


@login_required
def caseload_page(request):
    actor = actor_of(request)
    require(actor, "finance.view")
    on = timezone.localdate()
    contracts = (
        scope(Art60Contract.objects.filter(start__lte=on, end__gte=on), actor)
        .select_related("person", "job_coach").order_by("job_coach__username", "end")
    )  # fmt: skip
    audit.record(actor, "view", object_type="art60_contract", purpose="finance",
                 detail={"caseload": on.isoformat()})  # fmt: skip
    return render(request, "finance/caseload.html", {
        "on": on, "caseload": sorted(employment.caseload(actor, on).items()),
        "contracts": contracts,
    })  # fmt: skip


@login_required
@require_POST
def add_law65(request, person_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    require(actor, "finance.run")
    form = Law65RecordForm(request.POST, auto_id="id_l_%s")
    if form.is_valid():
        d = form.cleaned_data
        try:
            law65.record_form(actor, person, form=d["form"], event_date=d["event_date"],
                              period_start=d["period_start"], period_end=d["period_end"],
                              amount=d["amount"], reference=d["reference"])  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The form is recorded."))
            return redirect("finance_person", person_id=person.pk)
    return render_person(request, actor, person, 400, law65_form=form)


@login_required
def law65_list(request):
    actor = actor_of(request)
    require(actor, "finance.run")
    rows = scope(Law65Form.objects.select_related("person"), actor).order_by("deadline")
    page = Paginator(rows, 100).get_page(int_param(request.GET, "page", hi=10**6) or 1)
    audit.record(actor, "view", object_type="law65_form", purpose="finance",
                 detail={"list": page.number})  # fmt: skip
    return render(request, "finance/law65.html", {
        "page": page, "deadlines": sorted(law65.DEADLINES.items()),
    })  # fmt: skip


@login_required
def law65_export(request):
    actor = actor_of(request)
    body = law65.export_csv(actor)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="wet-1965.csv"'
    return response


@login_required
@require_POST
def add_medical(request, person_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    require(actor, "medical.decide")
    form = MedicalDecisionForm(request.POST, versions=medical_versions(actor, person),
                               auto_id="id_m_%s")  # fmt: skip
    if form.is_valid():
        d = dict(form.cleaned_data)
        replaces_id = d.pop("replaces")
        replaces = (
            scope(MedicalDecision.objects.all(), actor).get(pk=replaces_id)
            if replaces_id else None
        )  # fmt: skip
        try:
            medical.decide(actor, person, replaces=replaces, **d)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The medical aid decision is saved."))
            return redirect("finance_person", person_id=person.pk)
    return render_person(request, actor, person, 400, medical_form=form)


@login_required
def invoice_line_page(request):
    """The care provider's page: an INSZ and a date of care give the decision in force; the
    line's parts must add up to its amount (refused on the field otherwise)."""
    actor = actor_of(request)
    require(actor, "medical.lookup")
    form = InvoiceLineForm(request.POST or None)
    status, saved = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = dict(form.cleaned_data)
            found = medical.lookup(actor, d.pop("insz"), d["care_date"])
            decision = found.decision if found.covered else None
            if decision is None:
                form.add_error("insz", _("No medical aid decision covers this date of care."))
            else:
                try:
                    saved = medical.record_line(actor, decision, **d)
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("The invoice line is recorded."))
                    return redirect("finance_invoice_line")
    return render(request, "finance/invoice_line.html", {"form": form, "saved": saved},
                  status=status)  # fmt: skip
