"""Pages of the observatory: /stats/ (the page), /stats/export/<csv|xlsx> (the same tables)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import actor_of, require
from openocmw.gpmi import exports
from openocmw.web.helpers import apply_errors

from .forms import ObservatoryForm
from .observatory import observatory


def _form(request, actor):
    today = timezone.localdate()
    ocmws = None if actor.ocmw_id is not None else Ocmw.objects.order_by("name_nl")
    data = request.GET if request.GET.get("year") else None
    return ObservatoryForm(data, ocmws=ocmws, initial={"year": today.year - 1})


def _compute(request, actor, form, export=""):
    if not form.is_bound:
        return None
    if not form.is_valid():
        return None
    c = form.cleaned_data
    try:
        return observatory(
            actor,
            c["year"],
            c.get("until_month") or 12,
            ocmw_id=int(c["ocmw"]) if c.get("ocmw") else None,
            by=c.get("by") or "",
            within=c.get("within") or "",
            export=export,
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


@login_required
def page(request):
    actor = actor_of(request)
    require(actor, "stats.aggregate")
    form = _form(request, actor)
    result = _compute(request, actor, form)
    return render(
        request,
        "stats/observatory.html",
        {"form": form, "s": result, "query": request.GET.urlencode() if result else ""},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def export(request, fmt: str):
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    actor = actor_of(request)
    require(actor, "stats.aggregate")
    form = _form(request, actor)
    result = _compute(request, actor, form, export=fmt)
    if result is None:
        return render(request, "stats/observatory.html", {"form": form, "s": None}, status=400)
    result.tables_list = result.tables
    name = f"observatory-{result.start.isoformat()}-{result.end.isoformat()}"
    if fmt == "pdf":
        return _report_pdf(request, result, name)
    if fmt == "csv":
        response = HttpResponse(
            exports.to_csv(_Export(result)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            exports.to_xlsx(_Export(result)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _report_pdf(request, result, name):
    """The yearly report: every table with its chart (inline SVG), in the reader's language
    (the request's, as the page)."""
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    from openocmw.gpmi.pdf import html_to_pdf

    html = render_to_string(
        "stats/report_pdf.html",
        {
            "s": result, "year": result.start.year, "language": get_language(),
            "today": timezone.localdate(),
        },
    )  # fmt: skip
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


class _Export:
    """The observatory in the shape the shared CSV/Excel writers take."""

    def __init__(self, result):
        self.start, self.end, self.scope = result.start, result.end, result.scope
        self.disclosure_note = result.disclosure_note
        self._tables = result.tables

    def tables(self):
        return self._tables


@login_required
def reform_page(request):
    """Define a reform, run it as a job on the OCMW's beneficiaries, read the last results."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect

    from openocmw.jobs import services as jobs
    from openocmw.jobs.models import Job, Status

    from .forms import ReformForm

    actor = actor_of(request)
    require(actor, "stats.aggregate")
    if actor.ocmw_id is None:
        raise PermissionDenied  # the simulation reads one OCMW's own files
    form = ReformForm(
        request.POST or None,
        initial={
            "percentage": 100,
            "minimum": 0,
            "daily": "0",
            "on": timezone.localdate(),
            "population": "ocmw",
        },  # fmt: skip
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        job = jobs.enqueue(
            "stats.reform", actor=actor, percentage=str(c["percentage"]),
            minimum=str(c["minimum"]), maximum=str(c["maximum"]), daily=c["daily"],
            artists_removed=c["artists_removed"], on=c["on"].isoformat(),
            population=c["population"],
        )  # fmt: skip
        return redirect("job_detail", job_id=job.pk)
    done = Job.objects.filter(
        ocmw_id=actor.ocmw_id, kind="stats.reform", status=Status.SUCCEEDED
    ).order_by("-pk")[:5]
    from .reform_tables import tables

    for run in done:
        run.tables = tables(run.result or {})
    return render(
        request,
        "stats/reform.html",
        {"form": form, "runs": done},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def reform_export(request, job_id: int, fmt: str):
    """One simulation's tables as CSV or Excel (the OCMW's own runs only)."""
    from openocmw.jobs.models import Job, Status

    from .reform_tables import ReformExport

    if fmt not in ("csv", "xlsx"):
        raise Http404
    actor = actor_of(request)
    require(actor, "stats.aggregate")
    job = Job.objects.filter(
        pk=job_id, ocmw_id=actor.ocmw_id, kind="stats.reform", status=Status.SUCCEEDED
    ).first()
    if job is None or actor.ocmw_id is None:
        raise Http404
    source = (job.result or {}).get("population", {}).get("source", "ocmw")
    scope = _("synthetic national population") if source == "national" else actor.ocmw.name()
    data = ReformExport(job, scope)
    name = f"reform-{job.pk}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
