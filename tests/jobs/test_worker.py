"""`openocmw worker --check`: monitoring whether a worker takes this installation's jobs.

On a SQLite file of their own: run by the SQLite run of the suite (procs.sqlite_run_only)."""

from __future__ import annotations

from . import procs
from .conftest import fresh_sqlite


@procs.sqlite_run_only
def test_worker_check_says_whether_a_worker_takes_jobs(migrated_sqlite, tmp_path):
    env = procs.environment(fresh_sqlite(migrated_sqlite, tmp_path, "check"))
    none = procs.openocmw(env, "worker", "--check", "1")
    assert none.returncode != 0 and "no worker ran the check job" in none.stderr
    worker = procs.start_worker(env)
    try:
        done = procs.openocmw(env, "worker", "--check", "60")
    finally:
        procs.stop_worker(worker)
    assert done.returncode == 0 and done.stdout.startswith("ok: job 2 ran on "), done.stderr


@procs.sqlite_run_only
def test_sigterm_lets_the_job_at_hand_finish_then_stops(migrated_sqlite, tmp_path):
    url = fresh_sqlite(migrated_sqlite, tmp_path, "term")
    env = procs.environment(url)
    worker = procs.start_worker(env)
    try:
        queued = procs.openocmw(
            env, "demo", "--no-wait", "--persons", "1200", "--requests-per-100-persons", "0",
            "--batch", "20", "--pause", "0.05",
        )  # fmt: skip
        assert queued.returncode == 0, queued.stderr
        procs.wait_for(
            lambda: procs.query(url, "SELECT done FROM jobs_job WHERE status = 'running' "
                                "AND done >= 200"), 120, every=0.05,
        )  # fmt: skip
    finally:
        procs.stop_worker(worker)  # SIGTERM, as systemd
    assert worker.returncode == 0
    assert procs.query(url, "SELECT status, attempts FROM jobs_job") == [("succeeded", 1)]
    ((persons,),) = procs.query(url, "SELECT count(*) FROM registry_person")
    assert persons >= 1200
