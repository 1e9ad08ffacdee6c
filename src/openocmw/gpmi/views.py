"""Thin views: check the actor, validate a form, call a service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts import audit
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import require
from openocmw.registry.models import Person
from openocmw.web.helpers import apply_errors

from . import exports, services
from .forms import (
    BreachForm,
    CloseForm,
    ConsentForm,
    ContractForm,
    EvaluationRecordForm,
    ExemptionForm,
    HearingForm,
    LeefloonStartForm,
    PeriodForm,
    SanctionForm,
    SignaturesForm,
    SocialBalanceForm,
    StaffTimeForm,
)
from .models import Breach, ContractVersion, Domain, Gpmi, Moment, Status
from .pdf import annual_report_pdf, fact_rows


def _gpmi(request, gpmi_id: int, purpose: str = "gpmi file") -> Gpmi:
    try:
        return services.get_gpmi(_actor(request), gpmi_id, purpose=purpose)
    except Gpmi.DoesNotExist:
        raise Http404(_("No such GPMI in your OCMW.")) from None


def _person(request, person_id: int) -> Person:
    actor = _actor(request)
    try:
        person = services.person_in_ocmw(actor, person_id)
    except Person.DoesNotExist:
        raise Http404(_("No such person in your OCMW.")) from None
    audit.record(
        actor,
        "view",
        object_type="gpmi",
        subject_person_id=person.pk,
        purpose="gpmi file",
        detail={"person": person.pk},
    )
    return person


@login_required
def home(request):
    """The worker's GPMI dashboard: overdue evaluations, running GPMIs, who needs one."""
    actor = _actor(request)
    require(actor, "gpmi.view")
    today = timezone.localdate()
    mine = actor.role != "team_lead" or request.GET.get("all") != "1"
    overdue = services.overdue_evaluations(actor, today, mine=mine)
    running = services.gpmis_for(actor).filter(status__in=[Status.DRAFT, Status.ACTIVE])
    if mine:
        running = running.filter(worker=actor.user)
    running = list(running.order_by("end")[:200])
    needs = services.worklist(actor, today)
    audit.record(
        actor,
        "view",
        object_type="gpmi",
        purpose="gpmi dashboard",
        detail={"overdue": len(overdue), "running": len(running)},
    )
    return render(
        request,
        "gpmi/home.html",
        {
            "overdue": overdue,
            "running": running,
            "needs": needs[:10],
            "needs_count": len(needs),
            "today": today,
            "mine": mine,
        },
    )


@login_required
def worklist(request):
    actor = _actor(request)
    today = timezone.localdate()
    rows = services.worklist(actor, today)
    return render(request, "gpmi/worklist.html", {"rows": rows, "today": today})


def _person_context(request, person, **forms):
    today = timezone.localdate()
    gpmis = list(person.gpmis.order_by("-start"))
    context = {
        "person": person,
        "requirement": services.requirement_for(person, today),
        "leefloon_starts": person.leefloon_starts.order_by("start"),
        "exemptions": person.gpmi_exemptions.order_by("decided_on"),
        "consents": person.gpmi_consents.order_by("on", "recorded_at"),
        "consent": services.current_consent(person),
        "gpmis": gpmis,
        "leefloon_form": LeefloonStartForm(),
        "exemption_form": ExemptionForm(),
        "consent_form": ConsentForm(initial={"on": today}),
        "today": today,
    }
    context.update(forms)
    return context


@login_required
def person_gpmi(request, person_id: int):
    person = _person(request, person_id)
    return render(request, "gpmi/person.html", _person_context(request, person))


def _person_post(request, person_id, form_class, key, call, done):
    actor = _actor(request)
    require(actor, "gpmi.change")
    person = _person(request, person_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(actor, person, form.cleaned_data, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("gpmi_person", person_id=person.pk)
    return render(
        request, "gpmi/person.html", _person_context(request, person, **{key: form}), status=400
    )


@login_required
@require_POST
def leefloon_add(request, person_id: int):
    return _person_post(
        request,
        person_id,
        LeefloonStartForm,
        "leefloon_form",
        lambda actor, person, d, f: services.record_leefloon_start(
            actor, person, d["start"], d["category"], end=d["end"], decision_date=d["decision_date"]
        ),
        _("The leefloon start is recorded."),
    )


@login_required
@require_POST
def exemption_add(request, person_id: int):
    return _person_post(
        request,
        person_id,
        ExemptionForm,
        "exemption_form",
        lambda actor, person, d, f: services.record_exemption(
            actor, person, d["reason"], d["decided_on"], d["explanation"]
        ),
        _("The exemption is recorded."),
    )


@login_required
@require_POST
def consent_add(request, person_id: int):
    return _person_post(
        request,
        person_id,
        ConsentForm,
        "consent_form",
        lambda actor, person, d, f: services.record_consent(
            actor,
            person,
            status=d["status"],
            on=d["on"],
            legal_basis=d["legal_basis"],
            note=d["note"],
        ),
        _("The consent is recorded."),
    )


@login_required
def gpmi_new(request, person_id: int):
    actor = _actor(request)
    require(actor, "gpmi.change")
    person = _person(request, person_id)
    initial = {}
    known, _new = services.current_leefloon_start(person, timezone.localdate())
    if known is not None:
        initial = {"leefloon_category": known.category, "leefloon_start": known.start}
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            gpmi = services.draft_gpmi(actor, person, form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The draft GPMI is saved. Sign it with the person to validate it.")
            )
            return redirect("gpmi_detail", gpmi_id=gpmi.pk)
    return render(
        request,
        "gpmi/contract_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


@login_required
def gpmi_revise(request, gpmi_id: int):
    actor = _actor(request)
    require(actor, "gpmi.change")
    gpmi = _gpmi(request, gpmi_id)
    latest = services.latest_version(gpmi)
    form = ContractForm(
        request.POST or None, initial=ContractForm.initial_from(latest), revision=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_contract(
                actor, gpmi, form.to_data(), form.cleaned_data.get("change_reason", "")
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("A new version of the contract is saved."))
            return redirect("gpmi_detail", gpmi_id=gpmi.pk)
    return render(
        request,
        "gpmi/contract_form.html",
        {"form": form, "person": gpmi.person, "gpmi": gpmi},
        status=400 if form.errors else 200,
    )


def _detail_context(request, gpmi: Gpmi, **forms) -> dict:
    today = timezone.localdate()
    in_force = services.validated_version(gpmi)
    pending = services.pending_version(gpmi)
    shown = in_force or pending
    evaluations = list(
        gpmi.evaluations.select_related("contract_version").order_by("due_on", "held_on", "pk")
    )
    breaches = list(gpmi.breaches.prefetch_related("hearings", "sanctions"))
    context = {
        "gpmi": gpmi,
        "person": gpmi.person,
        "in_force": in_force,
        "pending": pending,
        "facts": fact_rows(shown) if shown else [],
        "versions": services.versions_of(gpmi),
        "evaluations": evaluations,
        "warnings": services.evaluation_warnings(gpmi, today),
        "breaches": breaches,
        "sanction_forms": {b.pk: SanctionForm(hearings=b.hearings.all()) for b in breaches},
        "consent": services.current_consent(gpmi.person),
        "signatures_form": SignaturesForm(
            initial={
                "person_signatory": gpmi.person.full_name,
                "ocmw_signatory": actor_name(request),
            }
        ),
        "evaluation_form": EvaluationRecordForm(
            goals=in_force.goals if in_force else [],
            initial={"held_on": today, "form": "interview"},
        ),
        "close_form": CloseForm(initial={"closed_on": min(today, gpmi.end)}),
        "breach_form": BreachForm(),
        "hearing_form": HearingForm(),
        "today": today,
        "can_change": _actor(request).can("gpmi.change"),
    }
    context.update(forms)
    return context


def actor_name(request) -> str:
    user = request.user
    return user.get_full_name() or user.username


def _render_detail(request, gpmi, status=200, **forms):
    return render(
        request, "gpmi/detail.html", _detail_context(request, gpmi, **forms), status=status
    )


@login_required
def gpmi_detail(request, gpmi_id: int):
    return _render_detail(request, _gpmi(request, gpmi_id))


def _post_on_gpmi(request, gpmi_id, form, key, call, done, anchor="", gpmi=None):
    actor = _actor(request)
    require(actor, "gpmi.change")
    gpmi = gpmi or _gpmi(request, gpmi_id)
    if form.is_valid():
        try:
            call(actor, gpmi, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            response = redirect("gpmi_detail", gpmi_id=gpmi.pk)
            if anchor:
                response["Location"] += f"#{anchor}"
            return response
    return _render_detail(request, gpmi, status=400, **{key: form})


@login_required
@require_POST
def gpmi_validate(request, gpmi_id: int):
    def call(actor, gpmi, d):
        version = services.pending_version(gpmi)
        if version is None:
            raise ValidationError(_("There is no version waiting for signatures."))
        services.validate_contract(
            actor,
            version,
            person_signed_on=d["person_signed_on"],
            person_signatory=d["person_signatory"],
            ocmw_signed_on=d["ocmw_signed_on"],
            ocmw_signatory=d["ocmw_signatory"],
        )

    return _post_on_gpmi(
        request,
        gpmi_id,
        SignaturesForm(request.POST),
        "signatures_form",
        call,
        _("The contract is signed by both parties and validated."),
    )


@login_required
@require_POST
def gpmi_evaluate(request, gpmi_id: int):
    gpmi = _gpmi(request, gpmi_id)
    version = services.validated_version(gpmi)
    form = EvaluationRecordForm(request.POST, goals=version.goals if version else [])

    def call(actor, gpmi, d):
        services.record_evaluation(
            actor,
            gpmi,
            held_on=d["held_on"],
            form=d["form"],
            progress=form.progress(),
            adjustments=d["adjustments"],
        )

    return _post_on_gpmi(
        request,
        gpmi_id,
        form,
        "evaluation_form",
        call,
        _("The evaluation is recorded."),
        "evaluations",
        gpmi=gpmi,
    )


@login_required
@require_POST
def gpmi_close(request, gpmi_id: int):
    return _post_on_gpmi(
        request,
        gpmi_id,
        CloseForm(request.POST),
        "close_form",
        lambda actor, gpmi, d: services.close_gpmi(
            actor, gpmi, closed_on=d["closed_on"], outcome=d["outcome"], note=d["note"]
        ),
        _("The GPMI is closed."),
    )


@login_required
@require_POST
def breach_add(request, gpmi_id: int):
    return _post_on_gpmi(
        request,
        gpmi_id,
        BreachForm(request.POST),
        "breach_form",
        lambda actor, gpmi, d: services.record_breach(
            actor,
            gpmi,
            noted_on=d["noted_on"],
            description=d["description"],
            formal_notice_on=d["formal_notice_on"],
        ),
        _("The breach is recorded."),
        "breaches",
    )


def _breach(gpmi: Gpmi, breach_id: int) -> Breach:
    breach = gpmi.breaches.filter(pk=breach_id).first()
    if breach is None:
        raise Http404
    return breach


@login_required
@require_POST
def hearing_add(request, gpmi_id: int, breach_id: int):
    form = HearingForm(request.POST)

    def call(actor, gpmi, d):
        services.record_hearing(
            actor,
            _breach(gpmi, breach_id),
            held_on=d["held_on"],
            person_present=form.present(),
            statement=d["statement"],
            heard_by=d["heard_by"],
        )

    return _post_on_gpmi(
        request, gpmi_id, form, "hearing_form", call, _("The hearing is recorded."), "breaches"
    )


@login_required
@require_POST
def sanction_add(request, gpmi_id: int, breach_id: int):
    gpmi = _gpmi(request, gpmi_id)
    breach = _breach(gpmi, breach_id)
    form = SanctionForm(request.POST, hearings=breach.hearings.all())

    def call(actor, gpmi, d):
        hearing = breach.hearings.filter(pk=d["hearing"]).first() if d["hearing"] else None
        services.propose_sanction(actor, gpmi, breach, hearing, d["months"], d["motivation"])

    actor = _actor(request)
    require(actor, "gpmi.change")
    if form.is_valid():
        try:
            call(actor, gpmi, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The sanction proposal is recorded for the decision."))
            return redirect("gpmi_detail", gpmi_id=gpmi.pk)
    context = _detail_context(request, gpmi)
    context["sanction_forms"][breach.pk] = form
    return render(request, "gpmi/detail.html", context, status=400)


@login_required
def version_pdf(request, gpmi_id: int, number: int):
    actor = _actor(request)
    gpmi = _gpmi(request, gpmi_id, purpose="gpmi contract pdf")
    version = ContractVersion.objects.filter(
        gpmi=gpmi, number=number, validated_at__isnull=False
    ).first()
    if version is None or not version.pdf:
        raise Http404(_("This version is not signed yet."))
    audit.record(
        actor,
        "export",
        object_type="gpmi_contract",
        object_id=version.pk,
        subject_person_id=gpmi.person_id,
        purpose="gpmi contract pdf",
    )
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="gpmi-{gpmi.pk}-v{number}.pdf"'
    return response


@login_required
def social_report(request, gpmi_id: int):
    gpmi = _gpmi(request, gpmi_id)
    part = services.social_report_part(_actor(request), gpmi)
    return render(request, "gpmi/social_report.html", {"gpmi": gpmi, "part": part})


@login_required
def balance(request, gpmi_id: int):
    actor = _actor(request)
    gpmi = _gpmi(request, gpmi_id)
    form = SocialBalanceForm(
        request.POST or None,
        initial={"recorded_on": timezone.localdate(), "moment": _next_moment(gpmi)},
    )
    status = 200
    if request.method == "POST":
        require(actor, "gpmi.change")
        if form.is_valid():
            try:
                services.record_social_balance(
                    actor,
                    gpmi,
                    moment=form.cleaned_data["moment"],
                    recorded_on=form.cleaned_data["recorded_on"],
                    domains=form.domains(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The social balance is recorded."))
                return redirect("gpmi_balance", gpmi_id=gpmi.pk)
        status = 400
    balances, rows = services.balance_comparison(gpmi)
    return render(
        request,
        "gpmi/balance.html",
        {
            "gpmi": gpmi,
            "person": gpmi.person,
            "form": form,
            # Each cell with its moment's name: on a phone a row is a card of labelled cells.
            "rows": [
                r | {"labelled": list(zip(Moment.labels, r["cells"], strict=True))} for r in rows
            ],
            "moments": [(m, label, balances.get(m)) for m, label in Moment.choices],
            "domains": Domain.choices,
        },
        status=status,
    )


def _next_moment(gpmi: Gpmi) -> str:
    done = services.latest_balances(gpmi)
    return next((m for m in Moment.values if m not in done), Moment.END)


# --- statistics ------------------------------------------------------------------------------


def _period(request, actor):
    today = timezone.localdate()
    year = today.year - 1 if today.month < 3 else today.year
    data = request.GET if request.GET.get("start") else None
    ocmws = None if actor.ocmw_id is not None else Ocmw.objects.order_by("name_nl")
    form = PeriodForm(
        data, ocmws=ocmws, initial={"start": date(year, 1, 1), "until": date(year, 12, 31)}
    )
    if data is None:
        return form, date(year, 1, 1), date(year, 12, 31), None
    if not form.is_valid():
        return form, None, None, None
    ocmw_id = int(form.cleaned_data["ocmw"]) if form.cleaned_data.get("ocmw") else None
    return form, form.cleaned_data["start"], form.cleaned_data["until"], ocmw_id


@login_required
def statistics_page(request):
    actor = _actor(request)
    require(actor, "gpmi.stats")
    form, start, end, ocmw_id = _period(request, actor)
    result = None
    if start is not None:
        from .stats import statistics

        try:
            result = statistics(actor, start, end, ocmw_id=ocmw_id)
        except ValidationError as exc:
            apply_errors(form, exc)
    query = request.GET.urlencode() if request.GET.get("start") else ""
    return render(
        request,
        "gpmi/statistics.html",
        {
            "form": form,
            "s": result,
            "tables": result.tables() if result else [],
            "charts": result.charts() if result else [],
            "query": query,
        },
        status=200 if result or not form.errors else 400,
    )


@login_required
def statistics_export(request, fmt: str):
    from .stats import statistics

    actor = _actor(request)
    require(actor, "gpmi.stats")
    form, start, end, ocmw_id = _period(request, actor)
    if start is None:
        return render(request, "gpmi/statistics.html", {"form": form, "tables": []}, status=400)
    try:
        result = statistics(actor, start, end, ocmw_id=ocmw_id, export=fmt)
    except ValidationError as exc:  # e.g. a period longer than the statistics allow
        apply_errors(form, exc)
        return render(request, "gpmi/statistics.html", {"form": form, "tables": []}, status=400)
    name = f"gpmi-{start.isoformat()}-{end.isoformat()}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(result), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(result),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    elif fmt == "pdf":
        year = (
            start.year
            if (start.month, start.day, end.month, end.day, end.year) == (1, 1, 12, 31, start.year)
            else None
        )
        language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("nl", "fr", "de") else "nl"
        response = HttpResponse(
            annual_report_pdf(result, language, year), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    else:
        raise Http404
    return response


# --- staff time ----------------------------------------------------------------------------------


@login_required
def staff_time(request):
    actor = _actor(request)
    if not (actor.can("gpmi.change") or actor.can("gpmi.staff_time")):
        raise PermissionDenied
    form = StaffTimeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(actor, "gpmi.change")
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.record_staff_time(
                    actor,
                    period_start=d["period_start"],
                    period_end=d["period_end"],
                    share=(d["share"] or "").replace(",", "."),
                    note=d["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your time on GPMIs is recorded."))
                return redirect("gpmi_staff_time")
        status = 400
    report = None
    report_form = None
    if actor.can("gpmi.staff_time"):
        report_form, start, end, _ocmw = _period(request, actor)
        if start is not None:
            report = services.staff_time_report(actor, start, end)
    return render(
        request,
        "gpmi/staff_time.html",
        {
            "form": form,
            "mine": services.staff_time_of(actor) if actor.can("gpmi.change") else [],
            "report": report,
            "report_form": report_form,
        },
        status=status,
    )
