"""A screening job killed with kill -9 resumes without duplicate worklist entries.

For real, like tests/jobs/test_kill.py: demo data are loaded into a database; the OCMW is
screened once without interruption (inline), then again by a worker (`openocmw worker`) that
is SIGKILLed with all its processes mid-run (some rights written, not all); a new worker takes
the job over after its lease, and the second run's entries must equal the first's: the same
(right, kind, person, reason) rows, none twice, and the same counts. On a file-backed SQLite
database (when the suite runs on SQLite) and on PostgreSQL (when the suite runs on PostgreSQL,
in its test database).
"""

from __future__ import annotations

import json

from django.db import connection

from tests.conftest import fresh_sqlite
from tests.jobs import procs

DEMO = ["--persons", "400", "--requests-per-100-persons", "0"]
SCREEN = ["screen", "--ocmw", "24062", "--on", "2025-03-01"]


def _entries(url: str, run: int) -> list[tuple]:
    return procs.query(
        url,
        'SELECT e."right", e.kind, e.person_id, e.reason_nl FROM rights_worklistentry e '  # noqa: S608
        f"WHERE e.run_id = {int(run)} ORDER BY 1, 2, 3",
    )


def _job(url: str):
    rows = procs.query(url, "SELECT status, done, total, attempts, result FROM jobs_job "
                            "WHERE kind = 'rights.screening' ORDER BY id DESC")  # fmt: skip
    return rows[0] if rows else None


def _runs(url: str) -> list[tuple]:
    return procs.query(url, "SELECT id, state, counts FROM rights_screeningrun ORDER BY id")


def _killed_and_resumed(url: str) -> None:
    env = procs.environment(url)
    done = procs.openocmw(env, "demo", "--inline", *DEMO)
    assert done.returncode == 0, done.stderr
    done = procs.openocmw(env, *SCREEN, "--inline")
    assert done.returncode == 0, done.stderr
    [(clean_run, _, clean_counts)] = _runs(url)
    expected = _entries(url, clean_run)
    assert len(expected) > 20

    worker = procs.start_worker(env)
    try:
        queued = procs.openocmw(env, *SCREEN, "--no-wait", "--pause", "0.5")
        assert queued.returncode == 0, queued.stderr
        # Mid-run: some rights written, not all. Half a second per right: when the look sees
        # three rights or more still to write, the job cannot end within 1.5 s, room enough
        # for the kill that follows the look at once, on a busy machine too.
        seen = []

        def mid_run():
            seen.append(_job(url))
            s = seen[-1]
            assert s is None or s[0] in ("queued", "running"), s  # it must not end unkilled
            return s and s[0] == "running" and 3 <= s[1] <= s[2] - 3

        procs.wait_for(mid_run, 240, every=0.05)
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
    runs = _runs(url)
    assert len(runs) == 2 and runs[1][1] == "done"  # one run for the killed job, not two
    got = _entries(url, runs[1][0])
    assert len(got) == len(set(got))  # no entry twice
    assert got == expected  # and none missing
    as_json = [json.loads(c) if isinstance(c, str) else c for c in (runs[1][2], clean_counts)]
    assert as_json[0] == as_json[1]
    result = json.loads(result) if isinstance(result, str) else result
    assert result["entries"] == len(expected)


@procs.sqlite_run_only
def test_a_killed_screening_job_resumes_without_duplicates_on_sqlite(migrated_sqlite, tmp_path):
    _killed_and_resumed(fresh_sqlite(migrated_sqlite, tmp_path, "kill"))


@procs.postgresql_run_only
def test_a_killed_screening_job_resumes_without_duplicates_on_postgresql(transactional_db):
    s = connection.settings_dict
    url = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    connection.close()  # the workers own the database now
    _killed_and_resumed(url)
