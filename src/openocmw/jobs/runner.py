"""Running a job in a worker: claim it under a lease, run its kind, record the outcome.

The broker (django-q2) delivers a job's id at least once; this module makes delivery safe:

- a job is *claimed* by a conditional update from ``queued`` to ``running`` with a new lease
  token: a second delivery of the same job finds it running or finished and does nothing;
- the worker keeps a *heartbeat* (a thread updating ``heartbeat_at``); a job whose heartbeat
  stops (the worker was killed with ``kill -9``, the machine died) is put back in the queue by
  :func:`openocmw.jobs.services.recover` and claimed again, with ``attempts`` + 1;
- work is done in *steps* (:meth:`Context.step`): each step's writes, the job's checkpoint and
  its progress commit in one transaction, and only while the lease is still the worker's. A
  retry resumes from the last committed checkpoint, so nothing is done twice.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from . import kinds
from .broker import push
from .models import ACTIVE, Job, Status

log = logging.getLogger("openocmw.jobs")


class LeaseLost(Exception):
    """Another worker took the job over (this one was presumed dead): stop without writing."""


def job_settings() -> dict:
    defaults = {"INLINE": False, "LEASE": 60.0, "HEARTBEAT": 10.0}
    return {**defaults, **getattr(settings, "OPENOCMW_JOBS", {})}


class Context:
    """What a job kind's function receives: the job, its checkpoint, progress reporting."""

    def __init__(self, job: Job, heartbeat: _Heartbeat | None = None):
        self.job = job
        self.state: dict = dict(job.checkpoint or {})
        self._heartbeat = heartbeat
        self._last_write = 0.0
        self._in_step = False

    @property
    def attempt(self) -> int:
        return self.job.attempts

    @contextmanager
    def step(self):
        """One idempotent step: its writes, ``self.state`` (the checkpoint) and the progress
        commit together, or not at all. A retry starts again after the last committed step."""
        self._check()
        with transaction.atomic():
            self._in_step = True
            try:
                yield self
            finally:
                self._in_step = False
            self._save(checkpoint=True)

    def progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        """Report progress (``done`` of ``total`` units). Outside a step it is written at most
        twice a second; inside a step it commits with the step."""
        self.job.done = max(0, int(done))
        if total is not None:
            self.job.total = max(0, int(total))
        if self.job.total and self.job.done > self.job.total:
            self.job.done = self.job.total
        if message is not None:
            self.job.message = str(message)[:300]
        if self._in_step:
            return  # written when the step commits
        now = time.monotonic()
        if now - self._last_write >= 0.5 or (self.job.total and self.job.done >= self.job.total):
            self._save(checkpoint=False)

    def _check(self) -> None:
        if self._heartbeat is not None and self._heartbeat.lost.is_set():
            raise LeaseLost(self.job.pk)

    def _save(self, *, checkpoint: bool) -> None:
        self._check()
        fields = {
            "done": self.job.done,
            "total": self.job.total,
            "message": self.job.message,
            "heartbeat_at": timezone.now(),
        }
        if checkpoint:
            fields["checkpoint"] = self.state
        if not Job.objects.filter(pk=self.job.pk, lease=self.job.lease).update(**fields):
            raise LeaseLost(self.job.pk)
        self._last_write = time.monotonic()


def report_progress(job: Job | Context, done: int, total: int | None = None, message=None):
    """Report progress of a running job (also accepts its :class:`Context`)."""
    ctx = job if isinstance(job, Context) else Context(job)
    ctx.progress(done, total, message)


class _Heartbeat(threading.Thread):
    """Keeps the lease alive while the job runs, on a database connection of its own."""

    def __init__(self, job_id: int, token: str, every: float):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.token, self.every = job_id, token, every
        self.stopping, self.lost = threading.Event(), threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.every):
                try:
                    beat = Job.objects.filter(pk=self.job_id, lease=self.token)
                    if not beat.update(heartbeat_at=timezone.now()):
                        self.lost.set()
                        return
                except DatabaseError:  # e.g. SQLite busy during a long step: try again
                    log.warning("job %s: heartbeat not written", self.job_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=self.every + 5)


def _claim(job_id: int) -> Job | None:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != Status.QUEUED:
        return None  # a second delivery of a job that runs or ran already
    if job.attempts >= job.max_attempts:
        Job.objects.filter(pk=job_id, status=Status.QUEUED).update(
            status=Status.FAILED, finished_at=timezone.now(),
            error=f"gave up after {job.attempts} attempts (the worker stopped each time)",
        )  # fmt: skip
        return None
    now, token = timezone.now(), uuid.uuid4().hex
    claimed = Job.objects.filter(pk=job_id, status=Status.QUEUED, attempts=job.attempts).update(
        status=Status.RUNNING, lease=token, heartbeat_at=now, attempts=F("attempts") + 1,
        started_at=Coalesce(F("started_at"), now),
    )  # fmt: skip
    if not claimed:
        return None
    job.refresh_from_db()
    return job


def _finish(job: Job, **fields) -> None:
    fields.setdefault("finished_at", timezone.now())
    Job.objects.filter(pk=job.pk, lease=job.lease).update(**fields)
    if job.parent_id:
        finish_partitioned(job.parent_id)


def execute(job_id: int, *, inline: bool | None = None) -> str:
    """Run job ``job_id`` if it is queued (the function the broker's workers call)."""
    cfg = job_settings()
    inline = cfg["INLINE"] if inline is None else inline
    job = _claim(job_id)
    if job is None:
        return "skipped"
    try:
        kind = kinds.get(job.kind)
    except kinds.UnknownKind:
        _finish(job, status=Status.FAILED, error=f"unknown job kind {job.kind!r}")
        return "failed"
    heartbeat = None
    if not inline:
        heartbeat = _Heartbeat(job.pk, job.lease, float(cfg["HEARTBEAT"]))
        heartbeat.start()
    language = getattr(job.created_by, "language", "") or settings.LANGUAGE_CODE
    ctx = Context(job, heartbeat)
    with translation.override(language):
        return _run(job, kind, ctx, inline, heartbeat)


def _run(job: Job, kind: kinds.Kind, ctx: Context, inline: bool, heartbeat) -> str:
    try:
        result = kind.func(ctx, **job.arguments)
        ctx._check()
        if job.partitions.exists():
            # Its own work is done; it finishes with its last partition (perhaps now).
            # No lease or heartbeat while it waits: recovery leaves it alone (it has nothing
            # to redo; its partitions have leases of their own).
            state = {**ctx.state, "_own_done": True}
            Job.objects.filter(pk=job.pk, lease=job.lease).update(
                result=result, checkpoint=state, lease="", heartbeat_at=None
            )
            finish_partitioned(job.pk)
            return "partitioned"
        _finish(job, status=Status.SUCCEEDED, result=result, done=ctx.job.total or ctx.job.done,
                total=ctx.job.total or ctx.job.done, message=ctx.job.message)  # fmt: skip
        return "succeeded"
    except LeaseLost:
        log.warning("job %s: lease lost, another worker runs it now", job.pk)
        return "lease lost"
    except (OperationalError, InterfaceError) as exc:
        # The database went away or stayed locked: transient, retried while attempts remain.
        log.warning("job %s: database error, retried later: %s", job.pk, exc)
        retry = job.attempts < job.max_attempts
        _finish(job, status=Status.QUEUED if retry else Status.FAILED, error=str(exc)[:2000],
                lease="", finished_at=None if retry else timezone.now())  # fmt: skip
        if retry and not inline:
            push(Job.objects.get(pk=job.pk))
        return "retry" if retry else "failed"
    except ValidationError as exc:
        _finish(job, status=Status.FAILED, error="\n".join(exc.messages)[:2000])
        return "failed"
    except Exception:  # noqa: BLE001 - a job's failure is recorded, never lost
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, status=Status.FAILED, error=traceback.format_exc()[-4000:])
        return "failed"
    finally:
        if heartbeat is not None:
            heartbeat.stop()


def finish_partitioned(parent_id: int) -> None:
    """Finish a parent job whose own work and partitions are all done."""
    parent = Job.objects.filter(pk=parent_id).first()
    if parent is None or parent.status != Status.RUNNING:
        return
    parts = parent.partitions.all()
    if parts.filter(status__in=ACTIVE).exists() or not parent.checkpoint.get("_own_done"):
        # In the partitions' units once each has a total, else in partitions finished.
        totals = parts.aggregate(done=Sum("done"), total=Sum("total"))
        if parts.filter(total=0).exists():
            totals = {"done": parts.exclude(status__in=ACTIVE).count(), "total": parts.count()}
        Job.objects.filter(pk=parent_id).update(
            done=min(totals["done"] or 0, totals["total"] or 0), total=totals["total"] or 0
        )
        return
    failed = parts.filter(status=Status.FAILED).count()
    total = parts.aggregate(total=Sum("total"))["total"] or 0
    Job.objects.filter(pk=parent_id, status=Status.RUNNING).update(
        status=Status.FAILED if failed else Status.SUCCEEDED, done=total, total=total,
        error=f"{failed} partition(s) failed" if failed else "", finished_at=timezone.now(),
        result={"partitions": [p.result for p in parts.order_by("pk")], "own": parent.result},
    )  # fmt: skip
