"""`openocmw worker --check`: monitoring whether a worker takes this installation's jobs."""

from __future__ import annotations

from . import procs
from .conftest import fresh_sqlite


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
