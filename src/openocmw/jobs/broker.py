"""Handing a job to the queue of django-q2 (the database's queue table, or Redis)."""

from __future__ import annotations

from django.utils import timezone

from .models import Job


def push(job: Job) -> None:
    """Hand the job's id to the broker (django-q2: the database's queue table or Redis)."""
    from django_q.tasks import async_task

    async_task(
        "openocmw.jobs.runner.execute", job.pk,
        task_name=f"job-{job.pk}-{job.kind}"[:100], group=job.kind[:100],
    )  # fmt: skip
    Job.objects.filter(pk=job.pk).update(pushed_at=timezone.now())
