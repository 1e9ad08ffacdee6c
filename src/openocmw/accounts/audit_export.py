"""The audit log's filters and its export (CSV or Excel), shared by the page and the export
job (issue 10 §6). An export runs as a job (``audit.export``): a year of a busy OCMW's log is
hundreds of thousands of entries; the page shows its progress and offers the file when done.

The export file is kept in the media storage under ``exports/audit/`` with a random name; it
is served only to the security adviser of the same OCMW, and every download is audited.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from openocmw import exports
from openocmw.jobs.kinds import kind

from .models import AuditEntry, Ocmw
from .subjects import persons_by_insz

EXPORT_KIND = "audit.export"
# An export of more entries is cut here, and says so (a larger period: export in parts).
EXPORT_LIMIT = 100_000
FILTERS = ("user", "role", "action", "object_type", "object_id", "purpose", "insz", "person",
           "from", "until")  # fmt: skip
FORMATS = ("csv", "xlsx")


def filtered(ocmw_id: int, f, persons: list[int] | None = None) -> tuple:
    """The entries of the OCMW that match the filters ``f``, and the errors found. ``persons``:
    the person numbers an INSZ was resolved to earlier (the export job gets these, not the
    INSZ)."""
    qs = AuditEntry.objects.filter(ocmw_id=ocmw_id)
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
            persons = persons_by_insz(ocmw_id, f["insz"])
        except ValueError as exc:
            errors.append(_("INSZ: %(error)s") % {"error": exc})
    if persons is not None:
        qs = qs.filter(subject_person_id__in=persons)
    for key, lookup in (("from", "at__date__gte"), ("until", "at__date__lte")):
        if f.get(key):
            try:
                qs = qs.filter(**{lookup: datetime.strptime(f[key], "%Y-%m-%d").date()})
            except ValueError:
                errors.append(_("Dates are written as dd/mm/yyyy."))
    if errors:
        qs = qs.none()  # a filter that cannot be applied shows nothing rather than everything
    return qs.order_by("-at", "-seq"), errors


def recorded_filters(f) -> dict:
    # The INSZ is not copied into the log: the entry keeps the persons it resolved to.
    return {k: f[k] for k in FILTERS if f.get(k) and k != "insz"} | (
        {"insz_given": True} if f.get("insz") else {}
    )


def header() -> list[str]:
    return [
        _("entry number"), _("when"), _("who"), _("role"), _("action"), _("record type"),
        _("record number"), _("person number"), _("purpose"), _("address"), _("details"),
    ]  # fmt: skip


def rows(qs):
    for e in qs.iterator(chunk_size=2000):
        yield [
            e.seq, e.at, e.username, e.role_label(), e.get_action_display(),
            e.object_type_label(), e.object_id, e.subject_person_id, e.purpose_label(),
            e.ip or "", json.dumps(e.detail, ensure_ascii=False, sort_keys=True) if e.detail else "",
        ]  # fmt: skip


def file_name(ocmw: Ocmw, fmt: str, at: datetime) -> str:
    return f"audit-{ocmw.nis_code}-{timezone.localtime(at):%Y%m%d-%H%M}.{fmt}"


@kind(EXPORT_KIND, label=gettext_lazy("Export of the audit log"), personal_data=True,
      permission="audit.view", max_attempts=2)  # fmt: skip
def export_log(ctx, *, filters: dict, fmt: str, language: str, persons=None) -> dict:
    """Write the filtered entries (newest first, at most ``EXPORT_LIMIT``) as a file, in the
    language of the person who asked, reporting progress every 1,000 entries."""
    job = ctx.job
    with override(language):
        qs, errors = filtered(job.ocmw_id, filters, persons)
        if errors:
            raise ValueError("; ".join(errors))
        total = qs.count()
        count = min(total, EXPORT_LIMIT)
        ctx.progress(0, count)
        out = []
        for n, row in enumerate(rows(qs[:EXPORT_LIMIT]), start=1):
            out.append(row)
            if n % 1000 == 0:
                ctx.progress(n, count)
        note = []
        if total > EXPORT_LIMIT:
            note = [
                [_("Only the %(n)s most recent entries: narrow the filters.") % {"n": EXPORT_LIMIT}]
            ]
        if fmt == "csv":
            data = exports.to_csv([*note, header(), *out]).encode("utf-8")
        else:
            data = exports.workbook_bytes([(_("Audit log"), header(), [*out, *note])])
    stored = default_storage.save(
        f"exports/audit/{job.pk}-{secrets.token_hex(12)}.{fmt}", ContentFile(data)
    )
    ctx.progress(count, count)
    return {
        "file": stored, "entries": count, "format": fmt, "cut": total > EXPORT_LIMIT,
        "filename": file_name(job.ocmw, fmt, job.created_at), "size": len(data),
    }  # fmt: skip
