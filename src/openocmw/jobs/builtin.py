"""Job kinds of the platform itself (imported by the jobs app at start).

``jobs.ping`` does nothing but answer: a check that the queue and a worker work, and the
unit of work of ``bench/bench_jobs.py``.

Periodic kinds of the platform go here too (``every=``; scheduled by ``openocmw worker``, see
``schedules``): the audit's signed checkpoints every 15 minutes and the verification of every
chain against the latest checkpoint once a day (issue 9 §1). An app's own periodic jobs (a
nightly cross-check) go in that app's ``jobs`` module.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openocmw.accounts import audit

from .kinds import kind


@kind("jobs.ping", label=_("Queue check"), max_attempts=1)
def ping(ctx, **arguments) -> dict:
    """Which machine and process ran it, and when it started (for the queue's latency)."""
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "started": ctx.job.started_at.isoformat() if ctx.job.started_at else None,
        "at": timezone.now().isoformat(),
    }


class AuditChainBroken(RuntimeError):
    """The daily verification found a problem: the job fails, visibly, on the jobs page."""


@kind("audit.checkpoints", label=_("Audit checkpoints"), every=timedelta(minutes=15))
def audit_checkpoints(ctx, **arguments) -> dict:
    """A signed checkpoint of every audit chain, outside the database (accounts.checkpoints)."""
    files = audit.write_checkpoints()
    return {"files": [str(path) for path in files]}


@kind("audit.verify", label=_("Audit chain verification"), max_attempts=1, every=timedelta(days=1))
def audit_verify(ctx, **arguments) -> dict:
    """Every chain against its entries and the latest signed checkpoint; fails on a problem."""
    report = audit.verify()
    result = {"chains": report.chains, "entries": report.entries, "ok": report.ok}
    if not report.ok:
        raise AuditChainBroken("; ".join(str(problem) for problem in report.problems)[:2000])
    return result
