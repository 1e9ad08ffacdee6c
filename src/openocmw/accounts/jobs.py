"""The security adviser's chain check, run as a job from the audit log page (issue 10 §6).

It only reads, so a retry after a killed worker simply checks again. The result keeps the
problems as codes and parameters; the page shows them in the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openocmw.jobs.kinds import kind

from . import audit

KIND = "audit.verify_ocmw"


@kind(KIND, label=_("Chain check of the audit log"), permission="audit.view", max_attempts=3)
def verify_ocmw(ctx, **arguments) -> dict:
    ocmw_id = ctx.job.ocmw_id
    ctx.progress(0, None, "")

    def progress(done: int, total: int) -> None:
        ctx.progress(done, total)

    report = audit.verify(ocmw_id, progress=progress)
    ctx.progress(report.entries, report.entries)
    return {
        "ok": report.ok,
        "entries": report.entries,
        "checkpoint": report.checkpoint,
        "problems": [
            {"code": p.code, "chain": p.chain, "params": p.params} for p in report.problems
        ],
    }


# The audit log's export job is declared with the export's code (registered on import).
from .audit_export import EXPORT_KIND, export_log  # noqa: E402, F401
