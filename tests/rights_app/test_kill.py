"""Rights jobs killed with kill -9 resume without duplicates: a screening run, a run in
partitions and a hinge moment's screening.

For real, like tests/jobs/test_kill.py, and with one set-up for the three (the slow part:
a database migrated and loaded with demo data, `kill_setup`): OCMW Leuven is screened once
without interruption (the reference); then one worker (three processes) runs at the same time
a screening job (some rights written, not all), a partition of a partitioned run (some rights
written) and a hinge moment's screening (between its screening and its writing), and is
SIGKILLed with all its processes. A new worker takes the jobs over after their lease, and:
- the killed screening job's run and the partitioned run have exactly the reference's entries
  (right, kind, person, reason), none twice, and its counts; one run per job, not two;
- the hinge moment has exactly the matches the reference run lists for its household, once
  each, and put nothing twice on the worklist (the reference already lists them).
On a file-backed SQLite database (when the suite runs on SQLite) and on PostgreSQL (when the suite runs on PostgreSQL,
in its test database).
"""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urlparse

from django.db import connection

from tests.conftest import fresh_sqlite
from tests.jobs import procs


def _rows(url: str, sql: str) -> list[tuple]:
    return procs.query(url, sql)


def _execute(url: str, sql: str) -> None:
    """A statement without result (procs.query fetches one)."""
    address = urlparse(url)
    if address.scheme == "sqlite":
        import sqlite3

        with sqlite3.connect(address.path, timeout=20) as conn:
            conn.execute(sql)
        return
    import psycopg

    with psycopg.connect(
        dbname=address.path.lstrip("/"), user=address.username or "", host=address.hostname,
        port=address.port or 5432, autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(sql)


def _entries(url: str, run: int) -> list[tuple]:
    return _rows(
        url,
        'SELECT e."right", e.kind, e.person_id, e.reason_nl FROM rights_worklistentry e '  # noqa: S608
        f"WHERE e.run_id = {int(run)} ORDER BY 1, 2, 3",
    )


def _jobs(url: str) -> dict[int, tuple]:
    rows = _rows(url, "SELECT id, kind, status, done, total, attempts, parent_id FROM jobs_job")
    return {row[0]: row[1:] for row in rows}


def _counts(url: str, run: int):
    sql = f"SELECT state, counts FROM rights_screeningrun WHERE id = {int(run)}"  # noqa: S608
    [(state, counts)] = _rows(url, sql)
    return state, json.loads(counts) if isinstance(counts, str) else counts


def _killed_and_resumed(url: str) -> None:
    # A queued job whose message the killed worker had taken is sent again after 5 s.
    env = procs.environment(url, OPENOCMW_WORKERS="3", OPENOCMW_JOBS_REQUEUE_AFTER="5")
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "tests.rights_app.kill_setup"], env=env, cwd=procs.ROOT,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ids = json.loads(done.stdout.strip().splitlines()[-1])
    expected = _entries(url, ids["reference"])
    assert len(expected) > 20
    _, reference_counts = _counts(url, ids["reference"])
    screening, hinge = ids["screening_job"], ids["hinge_job"]

    def partitions(jobs):
        return {pk: job for pk, job in jobs.items() if job[0] == "rights.screen_partition"}

    worker = procs.start_worker(env)
    try:
        partitioned = (
            f"SELECT COUNT(*) FROM rights_worklistentry WHERE run_id = {ids['partitioned']}"  # noqa: S608
        )

        def mid_run():
            jobs = _jobs(url)
            status, done_units, total = jobs[screening][1:4]
            assert status in ("queued", "running"), jobs[screening]  # it must not end unkilled
            return (
                status == "running" and 3 <= done_units <= total - 3
                and jobs[hinge][1] == "running"
                and any(j[1] == "running" for j in partitions(jobs).values())
                and _rows(url, partitioned)[0][0] > 0
            )  # fmt: skip

        procs.wait_for(mid_run, 240, every=0.05)
        assert procs.kill_9(worker) >= 3
    finally:
        if worker.poll() is None:
            procs.kill_9(worker)
    jobs = _jobs(url)
    # The jobs that were running in the killed worker's processes (the parent of the partitions
    # waits for them in no process).
    killed = [
        pk for pk, job in jobs.items()
        if job[1] == "running" and job[0] != "rights.screen_partitioned"
    ]  # fmt: skip
    assert {screening, hinge} <= set(killed) and set(killed) & set(partitions(jobs))
    assert all(jobs[pk][4] == 1 for pk in killed)  # each on its first attempt
    written = _rows(url, partitioned)[0][0]
    assert 0 < written < len(expected)  # the partitioned run is half written
    # The retry need not wait: the pauses were only there to kill the worker mid-job.
    pause = (
        "json_set(arguments, '$.pause', 0)"
        if url.startswith("sqlite")
        else "arguments || '{\"pause\": 0}'::jsonb"
    )
    _execute(url, f"UPDATE jobs_job SET arguments = {pause} WHERE status IN ('queued', 'running')")  # noqa: S608

    again = procs.start_worker(env)
    try:

        def finished():
            state, _ = _counts(url, ids["partitioned"])
            jobs = _jobs(url)
            ours = [screening, hinge, *partitions(jobs)]
            return state == "done" and all(jobs[pk][1] in ("succeeded", "failed") for pk in ours)

        procs.wait_for(finished, 240, every=0.2)
    finally:
        log = procs.stop_worker(again)
    jobs = _jobs(url)
    for pk in [screening, hinge, *partitions(jobs)]:
        assert jobs[pk][1] == "succeeded", (jobs[pk], log)
    for pk in killed:
        assert jobs[pk][4] == 2  # retried once, by the other worker
    # The screening job: one run (not two), the reference's entries, none twice.
    runs = _rows(url, "SELECT id FROM rights_screeningrun ORDER BY id")
    assert len(runs) == 3  # the reference, the killed job's and the partitioned one
    resumed = next(r for (r,) in runs if r not in (ids["reference"], ids["partitioned"]))
    for run in (resumed, ids["partitioned"]):
        got = _entries(url, run)
        assert len(got) == len(set(got))  # no entry twice
        assert got == expected  # and none missing
        state, counts = _counts(url, run)
        assert state == "done" and counts == reference_counts
    # The hinge moment: the matches the reference lists for the household, once each; the
    # worklist already had them all (nothing added twice).
    matches = _rows(
        url,
        'SELECT "right", person_id, reason_nl FROM rights_hingematch '  # noqa: S608
        f"WHERE hinge_id = {ids['hinge']} ORDER BY 1, 2",
    )
    assert len(matches) == len(set(matches)) > 0
    members = {person for _, person, _ in matches}
    listed = sorted(
        (right, person, reason)
        for right, kind, person, reason in expected
        if kind == "missing" and person in members
    )
    assert matches == listed
    assert _rows(url, "SELECT COUNT(*) FROM rights_worklistentry WHERE hinge_id IS NOT NULL") == [
        (0,)
    ]
    sql = f"SELECT state FROM rights_hingemoment WHERE id = {int(ids['hinge'])}"  # noqa: S608
    assert _rows(url, sql) == [("screened",)]


@procs.sqlite_run_only
def test_killed_rights_jobs_resume_without_duplicates_on_sqlite(migrated_sqlite, tmp_path):
    _killed_and_resumed(fresh_sqlite(migrated_sqlite, tmp_path, "kill"))


@procs.postgresql_run_only  # decided before the test database is set up
def test_killed_rights_jobs_resume_without_duplicates_on_postgresql(transactional_db):
    s = connection.settings_dict
    url = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    connection.close()  # the workers own the database now
    _killed_and_resumed(url)
