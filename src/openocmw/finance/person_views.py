"""A person's finance page, its parts that change something: suspensions and sanctions, recovery
claims (open, instalment, repaid) and the socio-professional exemption's clock. Thin: check,
call a service (finance.services.recovery / employment), render; on a field error the person's
page again with the values entered (400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts import audit
from openocmw.accounts.tenancy import actor_of, require, scope
from openocmw.casework.models import Decision
from openocmw.registry.models import Person
from openocmw.web.helpers import apply_errors

from .forms import (
    Art60Form,
    BankAccountForm,
    ClaimForm,
    Law65RecordForm,
    MedicalDecisionForm,
    SpiUseForm,
    SuspensionForm,
)
from .models import (
    Art60Contract,
    BankAccount,
    InvoiceLine,
    Law65Form,
    MedicalDecision,
    Payment,
    RecoveryClaim,
    Suspension,
)
from .models.employment import Art60Outcome
from .services import employment, recovery
from .services.runs import FINANCIAL_AID


def load_person(actor, person_id: int) -> Person:
    require(actor, "finance.view")
    try:
        return audit.fetch(actor, Person.objects.all(), person_id, object_type="person",
                           purpose="finance", subject=lambda p: p.pk)  # fmt: skip
    except Person.DoesNotExist:
        raise Http404 from None


def decision_choices(actor, person) -> list[tuple[int, str]]:
    rows = scope(Decision.objects.filter(person=person, aid_kind__in=FINANCIAL_AID), actor)
    return [
        (d.pk, f"{d.get_aid_kind_display()} · v{d.version} · {d.effective_from:%d/%m/%Y}")
        for d in rows.order_by("-effective_from", "-version")
    ]


def coach_choices(actor) -> list[tuple[int, str]]:
    from openocmw.accounts.models import Membership, Role

    rows = (
        Membership.objects.filter(
            ocmw_id=actor.ocmw_id, role__in=(Role.SOCIAL_WORKER, Role.TEAM_LEAD)
        )
        .select_related("user")
        .order_by("user__username")
    )
    return [(m.user_id, m.user.get_full_name() or m.user.username) for m in rows]


def medical_versions(actor, person) -> list[tuple[int, str]]:
    """The versions not yet replaced, to be replaced by a new one."""
    rows = scope(MedicalDecision.objects.filter(person=person, replaced_by__isnull=True), actor)
    return [(d.pk, f"v{d.version} · {d.start:%d/%m/%Y}–{d.end:%d/%m/%Y}") for d in rows]


def render_person(request, actor, person, status=200, repay=None, **forms):
    """The person's finance page with its forms (bound ones keep what was entered; ``repay``:
    the repayment refused, its claim, the amount as typed and the errors)."""
    choices = decision_choices(actor, person)
    today = timezone.localdate()
    forms.setdefault("form", BankAccountForm(
        initial={"holder": person.full_name, "valid_from": today}))  # fmt: skip
    forms.setdefault("suspension_form", SuspensionForm(decisions=choices, auto_id="id_s_%s"))
    forms.setdefault("claim_form", ClaimForm(decisions=choices, auto_id="id_c_%s"))
    forms.setdefault("spi_form", SpiUseForm(initial={"month": today.strftime("%Y-%m")},
                                            auto_id="id_e_%s"))  # fmt: skip
    forms.setdefault("art60_form", Art60Form(coaches=coach_choices(actor), auto_id="id_a_%s"))
    forms.setdefault("law65_form", Law65RecordForm(auto_id="id_l_%s"))
    forms.setdefault("medical_form", MedicalDecisionForm(
        versions=medical_versions(actor, person), auto_id="id_m_%s"))  # fmt: skip
    clock = employment.spi_clock(actor, person)
    return render(request, "finance/person.html", {
        "person": person, **forms, "can_change": actor.can("finance.run"), "clock": clock,
        "accounts": BankAccount.objects.filter(ocmw_id=actor.ocmw_id, person=person)
        .order_by("-valid_from"),
        "payments": Payment.objects.filter(ocmw_id=actor.ocmw_id, person=person)
        .order_by("-month", "kind")[:60],
        "claims": RecoveryClaim.objects.filter(ocmw_id=actor.ocmw_id, person=person)
        .order_by("-opened_at"),
        "suspensions": Suspension.objects.filter(ocmw_id=actor.ocmw_id, chain__person=person)
        .order_by("-start"),
        "contracts": Art60Contract.objects.filter(ocmw_id=actor.ocmw_id, person=person)
        .select_related("job_coach").order_by("-start"),
        "law65": Law65Form.objects.filter(ocmw_id=actor.ocmw_id, person=person)
        .order_by("-event_date"),
        "medical": MedicalDecision.objects.filter(ocmw_id=actor.ocmw_id, person=person)
        .annotate(line_count=Count("lines")).order_by("-start", "-version"),
        "invoice_lines": InvoiceLine.objects.filter(ocmw_id=actor.ocmw_id,
                                                    decision__person=person)
        .select_related("decision").order_by("-care_date", "-pk")[:100],
        "can_decide_medical": actor.can("medical.decide"),
        "outcome_choices": Art60Outcome.choices, "repay": repay or {},
    }, status=status)  # fmt: skip


def _decision(actor, person, pk) -> Decision:
    return scope(Decision.objects.all(), actor).get(pk=pk, person=person)


@login_required
@require_POST
def add_suspension(request, person_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    require(actor, "finance.run")
    form = SuspensionForm(request.POST, decisions=decision_choices(actor, person),
                          auto_id="id_s_%s")  # fmt: skip
    if form.is_valid():
        d = form.cleaned_data
        try:
            recovery.suspend(actor, _decision(actor, person, d["decision"]), start=d["start"],
                             end=d["end"], basis=d["basis"], reference=d["reference"])  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The suspension is saved."))
            return redirect("finance_person", person_id=person.pk)
    return render_person(request, actor, person, 400, suspension_form=form)


@login_required
@require_POST
def open_claim(request, person_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    require(actor, "finance.run")
    form = ClaimForm(request.POST, decisions=decision_choices(actor, person), auto_id="id_c_%s")
    if form.is_valid():
        d = form.cleaned_data
        try:
            recovery.open_claim(
                _decision(actor, person, d["decision"]), (d["period_start"], d["period_end"]),
                d["amount"], d["origin"], d["reference"], actor=actor,
                instalment=d["instalment"],
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The recovery claim is opened."))
            return redirect("finance_person", person_id=person.pk)
    return render_person(request, actor, person, 400, claim_form=form)


@login_required
@require_POST
def repay_claim(request, person_id: int, claim_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    require(actor, "finance.run")
    claim = scope(RecoveryClaim.objects.all(), actor).filter(pk=claim_id, person=person).first()
    if claim is None:
        raise Http404
    typed = request.POST.get("amount", "").strip()
    try:
        recovery.record_repayment(actor, claim, typed.replace(",", "."), timezone.localdate())
    except ValidationError as exc:
        # the page again, the amount as typed in its field and the error next to it (400)
        repay = {"claim_id": claim.pk, "value": typed, "errors": exc.messages}
        return render_person(request, actor, person, 400, repay=repay)
    messages.success(request, _("The repayment is recorded."))
    return redirect("finance_person", person_id=person.pk)


@login_required
@require_POST
def record_spi_use(request, person_id: int):
    actor = actor_of(request)
    person = load_person(actor, person_id)
    require(actor, "finance.run")
    form = SpiUseForm(request.POST, auto_id="id_e_%s")
    if form.is_valid():
        try:
            employment.record_spi_use(actor, person, form.cleaned_data["month"],
                                      form.cleaned_data["days_used"])  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The use of the exemption is recorded."))
            return redirect("finance_person", person_id=person.pk)
    return render_person(request, actor, person, 400, spi_form=form)
