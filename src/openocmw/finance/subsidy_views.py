"""Subsidies: PSA (eligible and refused costs, indicators as counts without names, the
justification beyond the grant) and the GPMI subsidy from the staff time recorded in the GPMI
app with the supporting document of each line. Thin: check, call finance.services.subsidies,
render; a field error shows the page again with the values entered (400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import actor_of, require, scope
from openocmw.gpmi.models import StaffTime
from openocmw.guard import int_param
from openocmw.web.helpers import apply_errors

from .forms import PsaCostForm, PsaGrantForm, StaffChargeForm
from .models import GpmiSubsidyLine, PsaGrant
from .services import subsidies


def _times(actor, year):
    rows = scope(StaffTime.objects.filter(superseded_at__isnull=True, period_start__year__lte=year,
                                          period_end__year__gte=year), actor).select_related("worker")  # fmt: skip
    return [(t.pk, f"{t.worker.get_full_name() or t.worker.username} · {t.share} % · "
                   f"{t.period_start:%d/%m/%Y}–{t.period_end:%d/%m/%Y}") for t in rows]  # fmt: skip


@login_required
def subsidies_page(request):
    actor = actor_of(request)
    require(actor, "finance.refunds")
    year = int_param(request.GET, "year", lo=2002, hi=2100) or timezone.localdate().year
    grants = list(scope(PsaGrant.objects.filter(year=year), actor).order_by("part"))
    choices = [(g.pk, g.get_part_display()) for g in grants]
    post = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if post else None
    grant_form = PsaGrantForm(post if which == "grant" else None, auto_id="id_g_%s")
    cost_form = PsaCostForm(post if which == "cost" else None, grants=choices, auto_id="id_k_%s")
    staff_form = StaffChargeForm(post if which == "staff" else None,
                                 request.FILES if which == "staff" else None,
                                 times=_times(actor, year), auto_id="id_t_%s")  # fmt: skip
    form = {"grant": grant_form, "cost": cost_form, "staff": staff_form}.get(which)
    if form is not None and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            if which == "grant":
                subsidies.set_psa_grant(actor, year=year, **d)
            elif which == "cost":
                grant = scope(PsaGrant.objects.all(), actor).get(pk=d.pop("grant"))
                subsidies.record_psa_cost(actor, grant, **d)
            else:
                time = scope(StaffTime.objects.all(), actor).get(pk=d.pop("staff_time"))
                subsidies.charge_staff_time(actor, time, year=year, **d)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?year={year}")
    audit.record(actor, "view", object_type="psa_grant", purpose="finance",
                 detail={"subsidies": year})  # fmt: skip
    return render(request, "finance/subsidies.html", {
        "year": year, "grant_form": grant_form, "cost_form": cost_form, "staff_form": staff_form,
        "psa": [(g, subsidies.psa_justification(actor, g), g.costs.order_by("pk")) for g in grants],
        "gpmi": subsidies.gpmi_subsidy(actor, year),
    }, status=400 if form is not None else 200)  # fmt: skip


@login_required
def subsidy_document(request, line_id: int):
    actor = actor_of(request)
    require(actor, "finance.refunds")
    line = scope(GpmiSubsidyLine.objects.all(), actor).filter(pk=line_id).first()
    if line is None:
        raise Http404
    audit.record(actor, "export", object_type="gpmi_staff_time", object_id=line.pk,
                 purpose="finance")  # fmt: skip
    response = HttpResponse(bytes(line.document), content_type=line.document_type)
    response["Content-Disposition"] = f'attachment; filename="{line.document_name}"'
    return response
