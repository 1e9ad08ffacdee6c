"""The security adviser's audit log page: filters, export, and the chain check as a job.

Issue 10 §6. Object types and purposes are shown in the reader's language
(``AUDIT_OBJECT_TYPES`` / ``AUDIT_PURPOSES``); the INSZ filter finds the person's internal
number through the registry (``accounts.subjects``) without showing any of the person's data.
Every view, export and check is itself audited.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw import exports
from openocmw.jobs.models import Job
from openocmw.jobs.services import enqueue

from . import audit
from .chain import Problem
from .jobs import KIND as VERIFY_KIND
from .models import AUDIT_OBJECT_TYPES, AUDIT_PURPOSES, AuditAction, AuditEntry, Role
from .subjects import persons_by_insz
from .tenancy import actor_of as _actor
from .tenancy import require

PAGE_SIZE = 50
# An export of more entries is cut here, and says so (a larger period: export in parts).
EXPORT_LIMIT = 100_000
FILTERS = ("user", "role", "action", "object_type", "object_id", "purpose", "insz", "person",
           "from", "until")  # fmt: skip


def _filtered(actor, f) -> tuple:
    """The entries of the actor's OCMW that match the filters ``f``, and the errors found."""
    qs = AuditEntry.objects.filter(ocmw_id=actor.ocmw_id)
    errors: list[str] = []
    if f.get("user"):
        qs = qs.filter(username__icontains=f["user"].strip())
    for key in ("role", "action", "object_type", "purpose"):
        if f.get(key):
            qs = qs.filter(**{key: f[key]})
    if f.get("object_id"):
        qs = qs.filter(object_id=f["object_id"].strip())
    if f.get("person"):
        if re.fullmatch(r"[0-9]{1,18}", f["person"].strip()):
            qs = qs.filter(subject_person_id=int(f["person"]))
        else:
            errors.append(_("The person number must be a number."))
    if f.get("insz"):
        try:
            ids = persons_by_insz(actor.ocmw_id, f["insz"])
        except ValueError as exc:
            errors.append(_("INSZ: %(error)s") % {"error": exc})
        else:
            qs = qs.filter(subject_person_id__in=ids)
    for key, lookup in (("from", "at__date__gte"), ("until", "at__date__lte")):
        if f.get(key):
            try:
                qs = qs.filter(**{lookup: datetime.strptime(f[key], "%Y-%m-%d").date()})
            except ValueError:
                errors.append(_("Dates are written as dd/mm/yyyy."))
    if errors:
        qs = qs.none()  # a filter that cannot be applied shows nothing rather than everything
    return qs.order_by("-at", "-seq"), errors


def _recorded_filters(f) -> dict:
    # The INSZ is not copied into the log: the entry keeps the persons it resolved to.
    return {k: f[k] for k in FILTERS if f.get(k) and k != "insz"} | (
        {"insz_given": True} if f.get("insz") else {}
    )


def _choices(labels: dict, used) -> list[tuple[str, str]]:
    """Every labelled code, plus any code used in this OCMW's log, sorted by its label."""
    codes = set(labels) | {c for c in used if c}
    return sorted(((c, str(labels.get(c, c))) for c in codes), key=lambda x: x[1].lower())


@login_required
def audit_log(request):
    actor = _actor(request)
    require(actor, "audit.view")
    f = request.GET
    qs, errors = _filtered(actor, f)
    fmt = f.get("format")
    if fmt in ("csv", "xlsx") and not errors:
        return _export(actor, f, qs, fmt)
    # Recorded first: the page then counts and shows the same entries (its own included).
    audit.record(
        actor, "view", object_type="audit_log", purpose="audit review",
        detail=_recorded_filters(f),
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
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _header() -> list[str]:
    return [
        _("entry number"), _("when"), _("who"), _("role"), _("action"), _("record type"),
        _("record number"), _("person number"), _("purpose"), _("address"), _("details"),
    ]  # fmt: skip


def _rows(qs):
    for e in qs.iterator(chunk_size=2000):
        yield [
            e.seq, e.at, e.username, e.role_label(), e.get_action_display(),
            e.object_type_label(), e.object_id, e.subject_person_id, e.purpose_label(),
            e.ip or "", json.dumps(e.detail, ensure_ascii=False, sort_keys=True) if e.detail else "",
        ]  # fmt: skip


def _export(actor, f, qs, fmt: str):
    total = qs.count()
    limited = qs[:EXPORT_LIMIT]
    audit.record(
        actor, "export", object_type="audit_log", purpose="audit review",
        detail={**_recorded_filters(f), "format": fmt, "entries": min(total, EXPORT_LIMIT)},
    )  # fmt: skip
    note = []
    if total > EXPORT_LIMIT:
        note = [
            [_("Only the %(n)s most recent entries: narrow the filters.") % {"n": EXPORT_LIMIT}]
        ]
    name = f"audit-{actor.ocmw.nis_code}-{datetime.now():%Y%m%d-%H%M}"
    if fmt == "csv":
        return exports.csv_response([*note, _header(), *_rows(limited)], name)
    sheet = (_("Audit log"), _header(), [*_rows(limited), *note])
    return exports.xlsx_response(exports.workbook_bytes([sheet]), name)


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
