"""A job killed with kill -9 is retried and ends with the same result, nothing doubled.

For real: a worker (`openocmw worker`: a django-q2 cluster) runs the demo load, which works
in idempotent steps (a batch of persons, then one OCMW's casework); the test SIGKILLs the
worker and all its processes mid-job, starts a worker again, and compares the outcome with
a clean run's: the job's result and digests of every person, status, household, membership,
aid request and decision. On a file-backed SQLite database (when the suite runs on SQLite)
and on PostgreSQL (when the suite runs on PostgreSQL, in its test database).
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from tests.conftest import migrated_postgresql

from . import procs
from .conftest import fresh_sqlite

DEMO = ["--persons", "1500", "--requests-per-100-persons", "20", "--batch", "20"]


@pytest.fixture(scope="module")
def clean_run(request, django_db_setup, tmp_path_factory):
    """The demo load run once without interruption, in this process's way (inline), on a copy
    of the suite's migrated database: a SQLite file, or when the suite runs on PostgreSQL a
    database made from its template (no migration: the SQLite variant does not run there)."""
    template = migrated_postgresql()
    if template is None:
        migrated = request.getfixturevalue("migrated_sqlite")
        yield _clean(fresh_sqlite(migrated, tmp_path_factory.mktemp("clean"), "clean"))
        return
    import psycopg

    s = connection.settings_dict
    server = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}"
    name = f"{template[:50]}_clean"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield _clean(f"{server}/{name}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _clean(url: str) -> dict:
    env = procs.environment(url)
    done = procs.openocmw(env, "demo", "--inline", *DEMO)
    assert done.returncode == 0, done.stderr
    ((result,),) = procs.query(url, "SELECT result FROM jobs_job")
    result = json.loads(result) if isinstance(result, str) else result
    return {"result": result, "snapshot": procs.snapshot(env)}


def _status(url: str):
    rows = procs.query(url, "SELECT status, done, total, attempts, result FROM jobs_job")
    return rows[0] if rows else None


def _killed_and_resumed(url: str, clean: dict) -> None:
    env = procs.environment(url)
    worker = procs.start_worker(env)
    try:
        queued = procs.openocmw(env, "demo", "--no-wait", *DEMO, "--pause", "0.05")
        assert queued.returncode == 0, queued.stderr
        # Mid-job: some persons stored, far from all.
        procs.wait_for(
            lambda: (s := _status(url)) and s[0] == "running" and 300 <= s[1] < 1000, 120,
            every=0.05,
        )  # fmt: skip
        assert procs.kill_9(worker) >= 3  # the command, the cluster and its processes
        status, done, total, attempts, _ = _status(url)
        assert status == "running" and attempts == 1 and done < total
        (stored,) = procs.query(url, "SELECT count(*) FROM registry_person")[0]
        assert 0 < stored < 1500
    finally:
        if worker.poll() is None:
            procs.kill_9(worker)
    again = procs.start_worker(env)
    try:
        final = procs.wait_for(lambda: (s := _status(url)) and s[0] in ("succeeded", "failed")
                               and s, 240, every=0.2)  # fmt: skip
    finally:
        log = procs.stop_worker(again)
    status, done, total, attempts, result = final
    assert status == "succeeded", log
    assert attempts == 2
    assert done == total > 0
    assert (json.loads(result) if isinstance(result, str) else result) == clean["result"]
    assert procs.snapshot(env) == clean["snapshot"]  # nothing doubled, nothing missing


@procs.sqlite_run_only
def test_a_killed_worker_s_job_is_resumed_with_the_same_result_on_sqlite(
    migrated_sqlite, clean_run, tmp_path
):
    _killed_and_resumed(fresh_sqlite(migrated_sqlite, tmp_path, "killed"), clean_run)


@procs.postgresql_run_only
def test_a_killed_worker_s_job_is_resumed_with_the_same_result_on_postgresql(
    transactional_db, clean_run
):
    s = connection.settings_dict
    url = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    connection.close()  # the workers own the database now
    _killed_and_resumed(url, clean_run)
