"""Starting jobs, finding them, and putting back the jobs of a worker that died.

    job = enqueue("rights.screening", actor=actor, right="leefloon")
    job = enqueue("finance.payment_run", ocmw=ocmw, key=f"payments:{month}", month=month)

``enqueue`` records the job and hands its id to the queue once the transaction commits (so
that a worker never sees a job that was rolled back). With ``OPENOCMW_JOBS["INLINE"]`` (tests,
``openocmw demo --inline``) the job runs at once in this process.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from openocmw.accounts import audit
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import Actor, require, scope

from . import kinds
from .broker import push
from .models import ACTIVE, Job, Status
from .runner import execute, job_settings

log = logging.getLogger("openocmw.jobs")

RESERVED = ("ocmw", "actor", "key", "parent", "inline")


def enqueue(
    kind: str,
    *,
    ocmw: Ocmw | None = None,
    actor: Actor | None = None,
    key: str = "",
    parent: Job | None = None,
    inline: bool | None = None,
    **arguments,
) -> Job:
    """Record a job of ``kind`` with ``arguments`` (JSON values) and queue it.

    ``actor``: who starts it (the job belongs to the actor's OCMW); ``ocmw``: for a job started
    by the system. ``key``: while a job of this kind and key is queued or running, it is
    returned instead of a new one. ``parent``: the job is a partition of ``parent``, which
    finishes with its last partition.
    """
    k = kinds.get(kind)
    if actor is not None:
        if ocmw is not None and ocmw.pk != actor.ocmw_id:
            raise PermissionDenied("a job for another OCMW")
        ocmw = actor.ocmw
    try:
        arguments = json.loads(json.dumps(arguments))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"job arguments must be JSON values: {exc}") from None
    key = str(key)[:200]
    inline = job_settings()["INLINE"] if inline is None else inline
    existing = None
    with transaction.atomic():
        if key:
            existing = Job.objects.filter(kind=kind, key=key, status__in=ACTIVE).first()
        if existing is None:
            try:
                with transaction.atomic():
                    job = Job.objects.create(
                        kind=kind, ocmw=ocmw, created_by=actor.user if actor else None,
                        arguments=arguments, key=key, parent=parent, max_attempts=k.max_attempts,
                    )  # fmt: skip
            except IntegrityError:  # the same key, enqueued at the same moment elsewhere
                existing = Job.objects.filter(kind=kind, key=key, status__in=ACTIVE).first()
                if existing is None:
                    raise
        if existing is None:
            if actor is not None and k.personal_data:
                audit.record(
                    actor, "create", object_type="job", object_id=job.pk,
                    purpose="background job", detail={"kind": kind, "arguments": arguments},
                )  # fmt: skip
            if not inline:
                # robust: a broker that is down does not undo the job (recover sends it later).
                transaction.on_commit(lambda: push(job), robust=True)
    if existing is not None:
        return _waiting_here(existing) if inline else existing
    if inline:
        execute(job.pk, inline=True)
        job.refresh_from_db()
    return job


def _waiting_here(job: Job) -> Job:
    """Asked to run a job here (``inline``) while the same job waits for a worker, e.g.
    `openocmw demo --inline` after a `demo` that found no worker: the waiting job runs here.
    The claim is atomic: if a worker took it first, this returns it as the worker left it."""
    if job.status == Status.QUEUED:
        execute(job.pk, inline=True)
        job.refresh_from_db()
    return job


def recover(now=None) -> list[int]:
    """Put back in the queue the running jobs whose heartbeat stopped for longer than the
    lease (their worker died), and queue again the queued jobs that were never picked up
    after ``REQUEUE_AFTER`` seconds (a broker that lost the message). The worker command
    calls this every ``RECOVER_EVERY`` seconds; every worker machine may: a job is put back
    once (conditional update), and a duplicate delivery is harmless (see ``runner``)."""
    cfg = job_settings()
    now = now or timezone.now()
    stale = now - timedelta(seconds=float(cfg["LEASE"]))
    requeued = []
    for job in Job.objects.filter(status=Status.RUNNING, heartbeat_at__lt=stale).only("pk"):
        taken = Job.objects.filter(pk=job.pk, status=Status.RUNNING, heartbeat_at__lt=stale).update(
            status=Status.QUEUED, lease="", message=""
        )
        if taken:
            log.warning("job %s: its worker stopped; queued again", job.pk)
            requeued.append(job.pk)
    lost = now - timedelta(seconds=float(cfg.get("REQUEUE_AFTER", 600)))
    unsent = Q(pushed_at__lt=lost) | Q(pushed_at__isnull=True, created_at__lt=lost)
    for job in Job.objects.filter(unsent, status=Status.QUEUED).only("pk"):
        if Job.objects.filter(unsent, pk=job.pk, status=Status.QUEUED).update(pushed_at=now):
            requeued.append(job.pk)
    for pk in requeued:
        job = Job.objects.filter(pk=pk).first()
        if job is not None and job.status == Status.QUEUED:
            push(job)
    return requeued


def enqueue_periodic(kind: str) -> int:
    """What the django-q2 schedule of a periodic kind calls: one job, unless one still runs."""
    return enqueue(kind, key=f"periodic:{kind}").pk


# --- reading -----------------------------------------------------------------------------


def visible_jobs(actor: Actor):
    """The jobs of the actor's OCMW that the actor's role may see."""
    require(actor, "job.view")
    allowed = [k.name for k in kinds.all_kinds() if actor.can(k.permission)]
    return scope(Job.objects.all(), actor).filter(kind__in=allowed).select_related("created_by")


def job_for(actor: Actor, pk, *, record_view: bool = True) -> Job:
    """Job ``pk`` if the actor may see it. A view of a job about personal data is audited
    (not the progress refreshes of its page, which show no personal data); a denial always."""
    require(actor, "job.view")
    try:
        key = int(pk)
    except (TypeError, ValueError):
        key = None
    job = visible_jobs(actor).filter(pk=key).first() if key is not None else None
    if job is None:
        audit.record(
            actor, "denied", object_type="job", object_id=str(pk)[:64],
            detail={"reason": "not found in this OCMW"},
        )  # fmt: skip
        raise Job.DoesNotExist
    k = kinds.get(job.kind)
    if k.personal_data and record_view:
        audit.record(actor, "view", object_type="job", object_id=job.pk, purpose="background job")
    return job
