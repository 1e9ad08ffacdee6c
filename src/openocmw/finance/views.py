"""Finance pages: payment runs (start, follow, approve, download), a person's payments and
bank accounts, state refunds, and the annual report. Thin: check, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts import audit
from openocmw.accounts.tenancy import actor_of, require
from openocmw.guard import int_param
from openocmw.web.helpers import apply_errors

from . import report
from .forms import BankAccountForm, PayerAccountForm, RefundForm, RunForm
from .models import PayerAccount, Payment, PaymentRun, RunState
from .person_views import load_person, render_person
from .services import banking, refunds, runs


@login_required
def home(request):
    actor = actor_of(request)
    require(actor, "finance.view")
    today = timezone.localdate()
    form = RunForm(request.POST or None, initial={"month": today.strftime("%Y-%m"),
                                                  "execution_date": today})  # fmt: skip
    status = 200
    if request.method == "POST":
        require(actor, "finance.run")
        if form.is_valid():
            try:
                run = runs.start_run(actor, form.cleaned_data["month"],
                                     form.cleaned_data["execution_date"])  # fmt: skip
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The payment run is being computed."))
                return redirect("finance_run", run_id=run.pk)
        status = 400
    payer = PayerAccount.objects.filter(ocmw_id=actor.ocmw_id).first()
    return render(request, "finance/home.html", {
        "form": form, "runs": runs.runs_for(actor)[:36], "payer": payer,
        "can_run": actor.can("finance.run"), "can_approve": actor.can("finance.approve"),
    }, status=status)  # fmt: skip


@login_required
def payer_account(request):
    actor = actor_of(request)
    require(actor, "finance.approve")
    payer = PayerAccount.objects.filter(ocmw_id=actor.ocmw_id).first()
    initial = {"name": payer.name, "iban": payer.iban, "bic": payer.bic} if payer else {}
    form = PayerAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            banking.set_payer_account(actor, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The account of the OCMW is saved."))
            return redirect("finance_home")
    status = 400 if request.method == "POST" else 200
    return render(request, "finance/payer.html", {"form": form}, status=status)


def _run(actor, run_id) -> PaymentRun:
    try:
        return runs.get_run(actor, run_id)
    except PaymentRun.DoesNotExist:
        raise Http404 from None


@login_required
def run_detail(request, run_id: int):
    actor = actor_of(request)
    run = _run(actor, run_id)
    lines = (
        Payment.objects.filter(run=run)
        .select_related("person")
        .order_by("status", "person__last_name", "person__first_name", "month")
    )
    page = Paginator(lines, 100).get_page(int_param(request.GET, "page", hi=10**6) or 1)
    return render(request, "finance/run.html", {
        "run": run, "page": page, "can_approve": actor.can("finance.approve"),
        "computing": run.state == RunState.COMPUTING,
        "own_run": run.started_by_id == actor.user.pk,
    })  # fmt: skip


@login_required
@require_POST
def run_approve(request, run_id: int):
    actor = actor_of(request)
    require(actor, "finance.approve")
    run = _run(actor, run_id)
    try:
        run = runs.approve(actor, run)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        if run.state == RunState.APPROVED:
            messages.success(request, _("The run is approved; the transfer file is ready."))
        elif run.state == RunState.WRITING:
            messages.success(request, _("The run is approved; the transfer file is being written."))
    return redirect("finance_run", run_id=run.pk)


@login_required
def run_sepa(request, run_id: int):
    actor = actor_of(request)
    require(actor, "finance.approve")
    run = _run(actor, run_id)
    try:
        xml = runs.sepa_file(actor, run)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from None
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="sepa-{run.month:%Y-%m}.xml"'
    return response


@login_required
def person_finance(request, person_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    form = BankAccountForm(
        request.POST or None,
        initial={"holder": person.full_name, "valid_from": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        require(actor, "finance.run")
        if form.is_valid():
            try:
                banking.add_bank_account(actor, person, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The bank account is saved."))
                return redirect("finance_person", person_id=person.pk)
        status = 400
    return render_person(request, actor, person, status, form=form)


@login_required
def refunds_page(request):
    actor = actor_of(request)
    require(actor, "finance.refunds")
    year = int_param(request.GET, "year", lo=2002, hi=2100) or timezone.localdate().year
    form = RefundForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            claim = refunds.compute_claim(actor, form.cleaned_data["month"])
            messages.success(request, _("The claim is computed."))
            return redirect(f"{request.path}?year={claim.month.year}")
        status = 400
    return render(request, "finance/refunds.html", {
        "form": form, "settlement": refunds.settlement(actor, year), "year": year,
    }, status=status)  # fmt: skip


@login_required
def annual_report(request, fmt: str):
    actor = actor_of(request)
    require(actor, "finance.refunds")
    year = int_param(request.GET, "year", lo=2002, hi=2100) or timezone.localdate().year - 1
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    data = report.collect(actor, year)
    audit.record(actor, "export", object_type="refund_claim", purpose="finance",
                 detail={"annual_report": year, "format": fmt})  # fmt: skip
    if fmt == "xlsx":
        body, ctype = (
            report.workbook(data),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    else:
        body, ctype = report.pdf(data, request), "application/pdf"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="jaarverslag-{year}.{fmt}"'
    return response
