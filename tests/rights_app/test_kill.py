"""A screening job killed with kill -9 resumes without duplicate worklist entries.

For real, like tests/jobs/test_kill.py: demo data are loaded once into a SQLite file; one copy
is screened without interruption (inline), another by a worker (`openocmw worker`) that is
SIGKILLed with all its processes mid-run (some rights written, not all); a new worker takes the
job over after its lease, and the run's entries must equal the clean run's: the same (right,
kind, person, reason) rows, none twice, and the same counts.
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.jobs import procs

DEMO = ["--persons", "400", "--requests-per-100-persons", "0"]
SCREEN = ["screen", "--ocmw", "24062", "--on", "2025-03-01"]
ENTRIES = (
    'SELECT e."right", e.kind, e.person_id, e.reason_nl FROM rights_worklistentry e '
    "ORDER BY 1, 2, 3"
)


@pytest.fixture(scope="module")
def with_demo(tmp_path_factory):
    """A migrated SQLite file with the demo data (made once for the module)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    env = procs.environment(f"sqlite:///{path}")
    done = procs.openocmw(env, "manage", "migrate", "-v0")
    assert done.returncode == 0, done.stderr
    done = procs.openocmw(env, "demo", "--inline", *DEMO)
    assert done.returncode == 0, done.stderr
    return str(path)


def _copy(source: str, tmp_path, name: str) -> str:
    target = tmp_path / f"{name}.sqlite3"
    shutil.copy(source, target)
    return f"sqlite:///{target}"


def _job(url: str):
    rows = procs.query(url, "SELECT status, done, total, attempts, result FROM jobs_job "
                            "WHERE kind = 'rights.screening'")  # fmt: skip
    return rows[0] if rows else None


def test_a_killed_screening_job_resumes_without_duplicate_entries(with_demo, tmp_path):
    clean = _copy(with_demo, tmp_path, "clean")
    done = procs.openocmw(procs.environment(clean), *SCREEN, "--inline")
    assert done.returncode == 0, done.stderr
    expected = procs.query(clean, ENTRIES)
    assert len(expected) > 20
    (counts,) = procs.query(clean, "SELECT counts FROM rights_screeningrun")[0]

    url = _copy(with_demo, tmp_path, "killed")
    env = procs.environment(url)
    worker = procs.start_worker(env)
    try:
        queued = procs.openocmw(env, *SCREEN, "--no-wait", "--pause", "0.4")
        assert queued.returncode == 0, queued.stderr
        # Mid-run: some rights written, not all.
        procs.wait_for(
            lambda: (s := _job(url)) and s[0] == "running" and 3 <= s[1] <= s[2] - 3, 120,
            every=0.05,
        )  # fmt: skip
        assert procs.kill_9(worker) >= 2
        status, done_units, total, attempts, _ = _job(url)
        assert status == "running" and attempts == 1 and done_units < total
    finally:
        if worker.poll() is None:
            procs.kill_9(worker)
    again = procs.start_worker(env)
    try:
        final = procs.wait_for(
            lambda: (s := _job(url)) and s[0] in ("succeeded", "failed") and s, 240, every=0.2
        )
    finally:
        log = procs.stop_worker(again)
    status, done_units, total, attempts, result = final
    assert status == "succeeded", log
    assert attempts == 2 and done_units == total
    got = procs.query(url, ENTRIES)
    assert len(got) == len(set(got))  # no entry twice
    assert got == expected  # and none missing
    runs = procs.query(url, "SELECT state, counts FROM rights_screeningrun")
    assert len(runs) == 1 and runs[0][0] == "done"
    assert json.loads(runs[0][1]) == json.loads(counts)
    result = json.loads(result) if isinstance(result, str) else result
    assert result["entries"] == len(expected)
