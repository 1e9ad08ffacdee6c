"""The screening as a background job: progress, one at a time per OCMW, the command, and a
crash mid-run that resumes without duplicate entries (in process; test_kill.py does it with
a real worker killed with kill -9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from openocmw.accounts.models import AuditEntry, Role
from openocmw.jobs import runner
from openocmw.jobs import services as jobs
from openocmw.jobs.models import Job, Status
from openocmw.rights.models import ScreeningRun, WorklistEntry
from openocmw.rights.services import screening

from .conftest import make_person

ON = date(2025, 3, 1)
RIGHTS = ["urgent_medical_aid", "income_guarantee_elderly", "material_aid_reception"]


class Crash(BaseException):
    """A worker killed mid-step: nothing after it runs, the step's transaction is undone."""


@pytest.fixture
def people(actor_a):
    make_person(actor_a, "no_legal_residence", date(1990, 5, 5), first="Omar")
    make_person(actor_a, "asylum_seeker", date(1988, 1, 1), first="Lina")
    make_person(actor_a, "belgian", date(1950, 2, 2), first="Maria")


def _signature(run) -> list[tuple]:
    return sorted(
        WorklistEntry.objects.filter(run=run).values_list("right", "kind", "person_id", "reason_nl")
    )


def test_the_team_lead_s_screening_runs_as_a_job_with_progress(people, lead_a):
    job = screening.start_screening(lead_a, ON, purpose="Campagne", rights=RIGHTS)
    assert job.status == Status.SUCCEEDED and job.kind == "rights.screening"
    assert (job.done, job.total) == (len(RIGHTS) + 1, len(RIGHTS) + 1)
    run = ScreeningRun.objects.get(pk=job.result["run"])
    assert run.state == "done" and run.job_id == job.pk and run.started_by == lead_a.user
    assert set(run.counts) == set(RIGHTS)
    assert job.result["non_take_up"]["urgent_medical_aid"] == 1.0
    assert AuditEntry.objects.filter(object_type="screening_run", purpose="rights screening")


def test_a_second_screening_of_the_same_ocmw_waits_for_the_first(people, lead_a, settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": False}
    first = screening.start_screening(lead_a, ON, purpose="a", rights=RIGHTS)
    again = screening.start_screening(lead_a, ON, purpose="b", rights=RIGHTS)
    assert again.pk == first.pk and first.status == Status.QUEUED


def test_a_crashed_screening_resumes_after_its_last_right_without_duplicates(
    people, lead_a, monkeypatch
):
    clean = screening.run_screening(lead_a, ON, purpose="clean", rights=RIGHTS)
    written = []
    real = screening.write_right

    def crashing(run, population, right, workers=None, **local):
        counts = real(run, population, right, workers, **local)  # the rows are in, not committed
        written.append(right.code)
        if len(written) == 2 and run.purpose == "crash":
            raise Crash
        return counts

    monkeypatch.setattr(screening, "write_right", crashing)
    with pytest.raises(Crash):
        screening.start_screening(lead_a, ON, purpose="crash", rights=RIGHTS)
    job = Job.objects.get(kind="rights.screening")
    assert job.status == Status.RUNNING and job.checkpoint["done"] == RIGHTS[:1]
    run = ScreeningRun.objects.get(pk=job.checkpoint["run"])
    assert run.state == "running"
    # The second right's rows were undone with their step.
    assert set(WorklistEntry.objects.filter(run=run).values_list("right", flat=True)) <= {RIGHTS[0]}
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert jobs.recover() == [job.pk]
    assert runner.execute(job.pk, inline=True) == "succeeded"
    job.refresh_from_db()
    assert job.attempts == 2 and ScreeningRun.objects.filter(purpose="crash").count() == 1
    run.refresh_from_db()
    assert run.state == "done" and run.counts == clean.counts
    assert _signature(run) == _signature(clean)  # nothing doubled, nothing missing
    # The first right was written once (attempt 1); the second again after the crash.
    assert written == [RIGHTS[0], RIGHTS[1], RIGHTS[1], RIGHTS[2]]


def test_openocmw_screen_queues_the_job_and_shows_its_progress(people, users, capsys):
    call_command("screen", "--ocmw", "24062", "--right", "urgent_medical_aid", "--on", "2025-03-01")
    out = capsys.readouterr().out
    assert "100%" in out  # the progress bar
    assert "urgent_medical_aid: eligible 1, receiving 0, not receiving 1 (100.0 %)" in out
    run = ScreeningRun.objects.get()
    assert run.started_by is None  # the OCMW's own run, from the command line
    entry = AuditEntry.objects.get(object_type="screening_run", action="create")
    assert entry.ocmw_id == run.ocmw_id


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--ocmw", "99999"], "--ocmw"),
        (["--ocmw", "24062", "--right", "nope"], "--right"),
        (["--ocmw", "24062", "--on", "1-3-2025"], "--on"),
        (["--ocmw", "24062", "--user", "nobody"], "--user"),
        (["--ocmw", "24062", "--user", "a-social_worker"], "--user"),
        (["--ocmw", "24062", "--purpose", " "], "--purpose"),
    ],
)
def test_the_command_names_a_bad_option(users, args, option):
    with pytest.raises(CommandError, match=option):
        call_command("screen", *args)
    assert not ScreeningRun.objects.exists()


def test_the_cli_has_a_screen_command(users):
    from openocmw import cli

    assert "openocmw screen --ocmw NIS" in cli.__doc__
    assert Role.TEAM_LEAD  # the team lead's button: tests/rights_app/test_views.py
