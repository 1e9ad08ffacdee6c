"""Periodic jobs: a kind registered with ``every=timedelta(...)`` is scheduled by the worker.

:func:`sync` writes one django-q2 ``Schedule`` per periodic kind (named ``openocmw:<kind>``)
and removes the schedules of kinds that are gone; ``openocmw worker`` calls it at start, so
that any number of worker machines agree. When a schedule is due, the cluster's scheduler
calls :func:`openocmw.jobs.services.enqueue_periodic`, which queues the kind as an ordinary job
(with its progress page and retries), unless the previous one is still queued or running.

To add a periodic job, register a kind in the ``jobs`` module of its app::

    @kind("accounts.audit_checkpoints", label=_("Audit checkpoints"), every=timedelta(hours=1))
    def audit_checkpoints(ctx):
        return audit.write_checkpoints()
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import kinds

PREFIX = "openocmw:"


def _minutes(every: timedelta) -> int:
    return max(1, int(every.total_seconds() // 60))


@transaction.atomic
def sync() -> list[str]:
    """Create, update or remove the schedules of the periodic kinds; their names."""
    from django_q.models import Schedule

    wanted = {k.name: k for k in kinds.all_kinds() if k.every is not None}
    for schedule in Schedule.objects.filter(name__startswith=PREFIX):
        if schedule.name.removeprefix(PREFIX) not in wanted:
            schedule.delete()
    for name, k in wanted.items():
        minutes = _minutes(k.every)
        schedule = Schedule.objects.filter(name=PREFIX + name).first()
        if schedule is None:
            Schedule.objects.create(
                name=PREFIX + name, func="openocmw.jobs.services.enqueue_periodic",
                args=repr(name), schedule_type=Schedule.MINUTES, minutes=minutes, repeats=-1,
                next_run=timezone.now() + timedelta(minutes=minutes),
            )  # fmt: skip
        elif schedule.minutes != minutes or schedule.schedule_type != Schedule.MINUTES:
            schedule.schedule_type, schedule.minutes = Schedule.MINUTES, minutes
            schedule.save(update_fields=["schedule_type", "minutes"])
    return sorted(PREFIX + n for n in wanted)
