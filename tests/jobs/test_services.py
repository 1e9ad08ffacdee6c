"""The job service: enqueue, steps and checkpoints, retries after a crash, idempotency keys,
leases, partitions, periodic schedules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from openocmw.jobs import kinds, runner, schedules, services
from openocmw.jobs.models import Job, Marker, Status

from .conftest import Crash


def test_an_inline_job_runs_with_its_arguments_and_records_its_outcome(counting_kind, actor_a):
    job = services.enqueue("test.count", actor=actor_a, n=5)
    assert job.status == Status.SUCCEEDED and job.result == {"stored": 5}
    assert (job.done, job.total, job.percent, job.attempts) == (5, 5, 100, 1)
    assert job.ocmw_id == actor_a.ocmw_id and job.created_by == actor_a.user
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert job.arguments == {"n": 5}


def test_a_crashed_job_is_recovered_and_resumes_after_its_last_step(counting_kind, actor_a):
    """The in-process version of the kill -9 test (tests/jobs/test_kill.py does it for real)."""
    with pytest.raises(Crash):
        services.enqueue("test.count", actor=actor_a, n=9, per_step=2, crash_at=4)
    job = Job.objects.get()
    assert job.status == Status.RUNNING and job.checkpoint == {"i": 4} and job.done == 4
    assert services.recover() == []  # its heartbeat is fresh: presumed alive
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert services.recover() == [job.pk]
    assert runner.execute(job.pk, inline=True) == "succeeded"
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED and job.attempts == 2
    assert job.result == {"stored": 9}  # not 13: the first four are not stored again
    attempts = [m.value["attempt"] for m in Marker.objects.order_by("key")]
    assert attempts.count(1) == 4 and attempts.count(2) == 5
    assert counting_kind == [1, 2]


def test_a_second_delivery_of_a_job_does_nothing(counting_kind, actor_a):
    job = services.enqueue("test.count", actor=actor_a, n=3)
    assert runner.execute(job.pk, inline=True) == "skipped"
    assert Marker.objects.count() == 3 and counting_kind == [1]


def test_a_worker_that_lost_its_lease_commits_nothing_more(counting_kind, actor_a):
    job = services.enqueue("test.count", actor=actor_a, n=4, inline=False)
    claimed = runner._claim(job.pk)
    ctx = runner.Context(claimed)
    Job.objects.filter(pk=job.pk).update(lease="someone-else")  # taken over meanwhile
    with pytest.raises(runner.LeaseLost), ctx.step():
        Marker.objects.create(key="lost", value={})
    assert not Marker.objects.filter(key="lost").exists()  # the step was rolled back


def test_a_job_gives_up_after_its_attempts(counting_kind, actor_a):
    job = services.enqueue("test.count", actor=actor_a, n=1, inline=False)
    Job.objects.filter(pk=job.pk).update(attempts=3)
    assert runner.execute(job.pk, inline=True) == "skipped"
    job.refresh_from_db()
    assert job.status == Status.FAILED and "3 attempts" in job.error


def test_a_failing_job_is_failed_with_its_error(db, actor_a):
    @kinds.kind("test.fail", label="fail")
    def fail(ctx):
        raise RuntimeError("boom")

    try:
        job = services.enqueue("test.fail", actor=actor_a)
    finally:
        kinds.unregister("test.fail")
    assert job.status == Status.FAILED and "boom" in job.error and job.finished_at


def test_a_key_returns_the_active_job_instead_of_a_second_one(
    counting_kind, actor_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as pushed:
        first = services.enqueue("test.count", actor=actor_a, key="k", n=1, inline=False)
        again = services.enqueue("test.count", actor=actor_a, key="k", n=1, inline=False)
    assert again.pk == first.pk and len(pushed) == 1
    runner.execute(first.pk, inline=True)
    later = services.enqueue("test.count", actor=actor_a, key="k", n=1)
    assert later.pk != first.pk


def test_asked_to_run_here_a_keyed_job_that_waits_for_a_worker_runs_that_job_once(
    counting_kind, actor_a, django_capture_on_commit_callbacks
):
    """`openocmw demo` found no worker and said "or run it here with --inline": the second
    call runs the waiting job here instead of waiting for it forever."""
    with django_capture_on_commit_callbacks(execute=False):
        waiting = services.enqueue("test.count", actor=actor_a, key="k", n=3, inline=False)
    assert waiting.status == Status.QUEUED
    here = services.enqueue("test.count", actor=actor_a, key="k", n=3, inline=True)
    assert here.pk == waiting.pk and here.status == Status.SUCCEEDED
    assert here.result == {"stored": 3} and Job.objects.count() == 1
    assert Marker.objects.count() == 3 and counting_kind == [1]
    # A worker delivered the same job afterwards: nothing is done twice.
    assert runner.execute(waiting.pk) == "skipped" and Marker.objects.count() == 3


def test_enqueue_pushes_to_the_database_queue_after_commit(
    counting_kind, actor_a, django_capture_on_commit_callbacks
):
    from django_q.models import OrmQ

    with django_capture_on_commit_callbacks(execute=True):
        job = services.enqueue("test.count", actor=actor_a, n=1, inline=False)
    assert OrmQ.objects.count() == 1
    job.refresh_from_db()
    assert job.pushed_at is not None and job.status == Status.QUEUED


def test_bad_arguments_unknown_kinds_and_other_ocmws_are_refused(counting_kind, actor_a, ocmw_b):
    with pytest.raises(ValueError, match="JSON"):
        services.enqueue("test.count", actor=actor_a, n=timezone.now())
    with pytest.raises(kinds.UnknownKind):
        services.enqueue("no.such.kind", actor=actor_a)
    with pytest.raises(PermissionDenied):
        services.enqueue("test.count", actor=actor_a, ocmw=ocmw_b, n=1)
    assert not Job.objects.exists()


def test_a_job_of_personal_data_is_audited_when_started(counting_kind, actor_a):
    from openocmw.accounts.models import AuditEntry

    job = services.enqueue("test.count", actor=actor_a, n=1)
    entry = AuditEntry.objects.get(object_type="job")
    assert entry.action == "create" and entry.object_id == str(job.pk)
    assert entry.user == actor_a.user and entry.detail["kind"] == "test.count"


def test_a_parent_finishes_with_its_last_partition(db, actor_a):
    @kinds.kind("test.part", label="part")
    def part(ctx, *, n: int):
        ctx.progress(n, n)
        return n

    @kinds.kind("test.split", label="split")
    def split(ctx, *, parts: list):
        for n in parts:
            services.enqueue("test.part", actor=actor_a, parent=ctx.job, n=n)
        return "split"

    try:
        job = services.enqueue("test.split", actor=actor_a, parts=[2, 3])
    finally:
        kinds.unregister("test.part")
        kinds.unregister("test.split")
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED
    assert job.result == {"partitions": [2, 3], "own": "split"}
    assert (job.done, job.total) == (5, 5)


def test_periodic_kinds_get_a_schedule_and_one_job_at_a_time(db):
    from django_q.models import Schedule

    @kinds.kind("test.tick", label="tick", every=timedelta(minutes=5))
    def tick(ctx):
        return "tick"

    try:
        # Every periodic kind has its schedule (the apps add their own: exchange, ...).
        names = schedules.sync()
        assert names == sorted(names)
        assert {
            "openocmw:audit.checkpoints",
            "openocmw:audit.verify",
            "openocmw:test.tick",
            "openocmw:journal.reminders",
            "openocmw:rights.pension_age_hinges",
        } <= set(names)
        s = Schedule.objects.get(name="openocmw:test.tick")
        assert s.func == "openocmw.jobs.services.enqueue_periodic" and s.minutes == 5
        assert s.args == "'test.tick'"
        # What the schedule calls: a job (inline here), then another one next time.
        first = Job.objects.get(pk=services.enqueue_periodic("test.tick"))
        assert first.status == Status.SUCCEEDED and first.result == "tick"
        assert services.enqueue_periodic("test.tick") != first.pk
    finally:
        kinds.unregister("test.tick")
    schedules.sync()
    assert not Schedule.objects.filter(name__startswith="openocmw:test.").exists()


def test_queued_jobs_lost_by_the_broker_are_sent_again(counting_kind, actor_a, settings):
    job = services.enqueue("test.count", actor=actor_a, n=1, inline=False)
    Job.objects.filter(pk=job.pk).update(pushed_at=timezone.now() - timedelta(hours=1))
    assert services.recover() == [job.pk]
    job.refresh_from_db()
    assert job.pushed_at > timezone.now() - timedelta(minutes=1)


def test_a_job_whose_push_failed_is_sent_by_the_recovery(
    counting_kind, actor_a, django_capture_on_commit_callbacks, monkeypatch
):
    from openocmw.jobs import broker

    def down(job):
        raise ConnectionError("the broker is down")

    monkeypatch.setattr(services, "push", down)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.enqueue("test.count", actor=actor_a, n=1, inline=False)
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.pushed_at is None  # recorded all the same
    monkeypatch.undo()
    sent = []
    monkeypatch.setattr(services, "push", lambda j: sent.append(j.pk) or broker.push(j))
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert services.recover() == [job.pk] and sent == [job.pk]


def test_a_parent_waiting_for_its_partitions_is_not_taken_for_dead(db, actor_a):
    @kinds.kind("test.part", label="part")
    def part(ctx, *, n: int):
        ctx.progress(n, n)
        return n

    @kinds.kind("test.split", label="split")
    def split(ctx, *, parts: list):
        for n in parts:
            services.enqueue("test.part", actor=actor_a, parent=ctx.job, n=n, inline=False)
        return "split"

    try:
        parent = services.enqueue("test.split", actor=actor_a, parts=[2, 3])
        parent.refresh_from_db()
        assert parent.status == Status.RUNNING and parent.partitions.count() == 2
        later = timezone.now() + timedelta(hours=1)
        # Not requeued (its work would run twice); its unsent partitions are sent again.
        assert sorted(services.recover(now=later)) == sorted(p.pk for p in parent.partitions.all())
        parent.refresh_from_db()
        assert parent.status == Status.RUNNING
        first, second = parent.partitions.order_by("pk")
        runner.execute(first.pk, inline=True)
        parent.refresh_from_db()
        # The second has no total yet: progress counts partitions, not their units.
        assert parent.status == Status.RUNNING and (parent.done, parent.total) == (1, 2)
        runner.execute(second.pk, inline=True)
    finally:
        kinds.unregister("test.part")
        kinds.unregister("test.split")
    parent.refresh_from_db()
    assert parent.status == Status.SUCCEEDED and parent.result["partitions"] == [2, 3]


def test_the_audit_checkpoints_and_the_daily_verification_are_periodic_jobs(db, settings):
    """Issue 9 §1: signed checkpoints every 15 minutes, the chains verified once a day."""
    from openocmw.accounts import audit

    audit.record(None, "view", object_type="person", object_id=1, purpose="test")
    checkpoint = Job.objects.get(pk=services.enqueue_periodic("audit.checkpoints"))
    assert checkpoint.status == Status.SUCCEEDED
    assert len(checkpoint.result["files"]) == 1
    assert list(settings.OPENOCMW_AUDIT_CHECKPOINT_DIR.iterdir())
    verify = Job.objects.get(pk=services.enqueue_periodic("audit.verify"))
    assert verify.status == Status.SUCCEEDED and verify.result["ok"] is True
    assert verify.result["entries"] >= 1
