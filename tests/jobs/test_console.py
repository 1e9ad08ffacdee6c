"""The command line's progress bar."""

from __future__ import annotations

import io

from openocmw.cli import main
from openocmw.jobs import console
from openocmw.jobs.models import Job, Status


def test_the_bar_shows_the_share_done_the_counts_and_the_message():
    job = Job(kind="k", status=Status.RUNNING, done=3000, total=10000, message="Leuven")
    assert console.bar(job) == f"[{'#' * 9}{'.' * 21}]  30%  3,000/10,000  Leuven"
    assert console.bar(Job(kind="k", status=Status.SUCCEEDED)).startswith(f"[{'#' * 30}] 100%")


def test_waiting_prints_lines_when_the_output_is_not_a_terminal(counting_kind, actor_a):
    from openocmw.jobs import services

    job = services.enqueue("test.count", actor=actor_a, n=4)
    out = io.StringIO()
    assert console.wait(job, out, poll=0).status == Status.SUCCEEDED
    assert out.getvalue() == f"[{'#' * 30}] 100%  4/4  4/4\n"


def test_the_help_names_the_worker(capsys):
    assert main([]) == 0
    assert "openocmw worker" in capsys.readouterr().out
