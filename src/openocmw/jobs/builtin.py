"""Job kinds of the platform itself (imported by the jobs app at start).

``jobs.ping`` does nothing but answer: a check that the queue and a worker work, and the
unit of work of ``bench/bench_jobs.py``.

Periodic kinds of the platform go here too (``every=``; scheduled by ``openocmw worker``, see
``schedules``). The audit's signed checkpoints (issue 9 §1) belong here once
``openocmw.accounts.audit.write_checkpoints`` exists::

    @kind("audit.checkpoints", label=_("Audit checkpoints"), every=timedelta(hours=1))
    def audit_checkpoints(ctx):
        return audit.write_checkpoints()

An app's own periodic jobs (a nightly cross-check) go in that app's ``jobs`` module.
"""

from __future__ import annotations

import os
import socket

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
