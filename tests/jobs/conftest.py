"""Jobs run inline in tests (no worker), except in the tests that start their own workers."""

from __future__ import annotations

import pytest

from openocmw.jobs import kinds
from tests.conftest import fresh_sqlite  # noqa: F401 - the jobs tests' helper


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}


class Crash(BaseException):
    """Stands for a worker killed mid-job: nothing after it runs, nothing is recorded."""


@pytest.fixture
def counting_kind(db):
    """A job kind ``test.count`` that adds ``n`` markers in steps of ``per_step``, resuming
    from its checkpoint; ``crash_at`` raises :class:`Crash` when that many are stored."""
    from openocmw.jobs.models import Marker

    calls = []

    @kinds.kind("test.count", label="count", personal_data=True, max_attempts=3)
    def count(ctx, *, n: int, per_step: int = 2, crash_at: int | None = None, prefix="c"):
        calls.append(ctx.attempt)
        i = ctx.state.get("i", 0)
        while i < n:
            with ctx.step():
                for k in range(i, min(n, i + per_step)):
                    Marker.objects.create(key=f"{prefix}:{k}", value={"attempt": ctx.attempt})
                i = min(n, i + per_step)
                ctx.state["i"] = i
                ctx.progress(i, n, f"{i}/{n}")
            if crash_at is not None and i >= crash_at and ctx.attempt == 1:
                raise Crash
        return {"stored": Marker.objects.filter(key__startswith=f"{prefix}:").count()}

    yield calls
    kinds.unregister("test.count")
