"""The security adviser's audit log page: filters, export, and the chain check as a job.

Issue 10 §6. Object types and purposes are shown in the reader's language
(``AUDIT_OBJECT_TYPES`` / ``AUDIT_PURPOSES``); the INSZ filter finds the person's internal
number through the registry (``accounts.subjects``) without showing any of the person's data.
Every view, export and check is itself audited.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw import exports
from openocmw.jobs.models import Job
from openocmw.jobs.services import enqueue

from . import audit
from .audit_export import EXPORT_KIND, FILTERS, FORMATS, filtered, recorded_filters
from .chain import Problem
from .jobs import KIND as VERIFY_KIND
from .models import AUDIT_OBJECT_TYPES, AUDIT_PURPOSES, AuditAction, AuditEntry, Role
from .subjects import persons_by_insz
from .tenancy import Actor, require
from .tenancy import actor_of as _actor

PAGE_SIZE = 50


def _choices(labels: dict, used) -> list[tuple[str, str]]:
    """Every labelled code, plus any code used in this OCMW's log, sorted by its label."""
    codes = set(labels) | {c for c in used if c}
    return sorted(((c, str(labels.get(c, c))) for c in codes), key=lambda x: x[1].lower())


@login_required
def audit_log(request):
    actor = _actor(request)
    require(actor, "audit.view")
    f = request.GET
    qs, errors = filtered(actor.ocmw_id, f)
    # Recorded first: the page then counts and shows the same entries (its own included).
    audit.record(
        actor, "view", object_type="audit_log", purpose="audit review",
        detail=recorded_filters(f),
    )  # fmt: skip
    page = Paginator(qs.select_related("user"), PAGE_SIZE).get_page(f.get("page"))
    own = AuditEntry.objects.filter(ocmw_id=actor.ocmw_id)
    query = f.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "page": page,
            "count": page.paginator.count,
            "actions": AuditAction.choices,
            "roles": Role.choices,
            "object_types": _choices(
                AUDIT_OBJECT_TYPES, own.values_list("object_type", flat=True).distinct()
            ),
            "purposes": _choices(AUDIT_PURPOSES, own.values_list("purpose", flat=True).distinct()),
            "f": f,
            "query": query.urlencode(),
            "export_filters": [(k, f.get(k)) for k in FILTERS if f.get(k)],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def audit_verify(request):
    """The chain check runs as a job (a long chain takes minutes); its page shows progress."""
    actor = _actor(request)
    require(actor, "audit.view")
    job = enqueue(VERIFY_KIND, actor=actor, key=f"audit-verify:{actor.ocmw_id}")
    audit.record(
        actor, "create", object_type="job", object_id=job.pk, purpose="chain check",
        detail={"kind": VERIFY_KIND},
    )  # fmt: skip
    return redirect("audit_verify_job", job_id=job.pk)


def _verify_job(request, job_id: int) -> Job:
    actor = _actor(request)
    require(actor, "audit.view")
    job = Job.objects.filter(pk=job_id, ocmw_id=actor.ocmw_id, kind=VERIFY_KIND).first()
    if job is None:
        audit.record(
            actor, "denied", object_type="job", object_id=job_id, purpose="chain check",
            detail={"reason": "not found in this OCMW"},
        )  # fmt: skip
        raise Http404(_("No such job in your OCMW."))
    return job


def _context(job: Job) -> dict:
    result = job.result or {}
    problems = [
        Problem(p["code"], p.get("chain", ""), p.get("params", {}))
        for p in result.get("problems", [])
    ]
    return {"job": job, "result": result, "problems": problems, "refresh": 2}


@login_required
def audit_verify_job(request, job_id: int):
    job = _verify_job(request, job_id)
    if job.finished:
        audit.record(
            _actor(request), "view", object_type="audit_log", purpose="chain check",
            detail={"job": job.pk, "ok": (job.result or {}).get("ok")},
        )  # fmt: skip
    return render(request, "accounts/audit_verify.html", _context(job))


@login_required
def audit_verify_progress(request, job_id: int):
    job = _verify_job(request, job_id)
    return render(request, "accounts/_audit_verify_progress.html", _context(job))


# --- the export, as a job -------------------------------------------------------------------


@login_required
@require_POST
def audit_export(request):
    """Start the export of the filtered log (CSV or Excel) as a job; its page shows progress
    and the download when done. A bad filter shows the log page with the error, no job."""
    actor = _actor(request)
    require(actor, "audit.view")
    f = {k: request.POST.get(k, "") for k in FILTERS}
    fmt = request.POST.get("format", "")
    _qs, errors = filtered(actor.ocmw_id, f)
    if fmt not in FORMATS:
        errors.append(_("Format: choose CSV or Excel."))
    if errors:
        for message in errors:
            messages.error(request, message)
        query = urlencode({k: v for k, v in f.items() if v})
        return redirect(f"{reverse('audit_log')}?{query}")
    persons = persons_by_insz(actor.ocmw_id, f["insz"]) if f.get("insz") else None
    job = enqueue(
        EXPORT_KIND, actor=actor, filters={k: v for k, v in f.items() if v and k != "insz"},
        fmt=fmt, language=get_language() or "nl", persons=persons,
    )  # fmt: skip
    audit.record(
        actor, "export", object_type="audit_log", purpose="audit review",
        detail={**recorded_filters(f), "format": fmt, "job": job.pk},
    )  # fmt: skip
    return redirect("audit_export_job", job_id=job.pk)


def _export_job(actor: Actor, job_id: int) -> Job:
    require(actor, "audit.view")
    job = Job.objects.filter(pk=job_id, ocmw_id=actor.ocmw_id, kind=EXPORT_KIND).first()
    if job is None:
        audit.record(
            actor, "denied", object_type="job", object_id=job_id, purpose="audit review",
            detail={"reason": "not found in this OCMW"},
        )  # fmt: skip
        raise Http404(_("No such job in your OCMW."))
    return job


def _export_context(job: Job) -> dict:
    return {"job": job, "result": job.result or {}, "refresh": 2}


@login_required
def audit_export_job(request, job_id: int):
    job = _export_job(_actor(request), job_id)
    return render(request, "accounts/audit_export.html", _export_context(job))


@login_required
def audit_export_progress(request, job_id: int):
    job = _export_job(_actor(request), job_id)
    return render(request, "accounts/_audit_export_progress.html", _export_context(job))


@login_required
def audit_export_download(request, job_id: int):
    actor = _actor(request)
    job = _export_job(actor, job_id)
    result = job.result or {}
    if job.status != "succeeded" or not result.get("file"):
        raise Http404(_("The export is not ready."))
    audit.record(
        actor, "export", object_type="audit_log", purpose="audit review",
        detail={"job": job.pk, "entries": result.get("entries"), "download": True},
    )  # fmt: skip
    content_type = exports.CSV_TYPE if result["format"] == "csv" else exports.XLSX_TYPE
    return FileResponse(
        default_storage.open(result["file"], "rb"), as_attachment=True,
        filename=result["filename"], content_type=content_type,
    )  # fmt: skip
