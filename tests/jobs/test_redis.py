"""The production queue: Redis (OPENOCMW_QUEUE_URL), a job end to end through a real worker."""

from __future__ import annotations

import time

import pytest

from . import procs
from .conftest import fresh_sqlite

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_up():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")


@procs.sqlite_run_only
def test_a_job_runs_end_to_end_through_redis_and_the_worker_stops_cleanly(
    redis_up,
    migrated_sqlite,
    tmp_path,
):
    import redis

    url = fresh_sqlite(migrated_sqlite, tmp_path, "redis")
    env = procs.environment(url, OPENOCMW_QUEUE_URL=REDIS)
    worker = procs.start_worker(env)
    try:
        done = procs.openocmw(env, "demo", "--persons", "300", "--requests-per-100-persons", "10")
    finally:
        t0 = time.monotonic()
        log = procs.stop_worker(worker)
        stopped_in = time.monotonic() - t0
    assert done.returncode == 0, done.stdout + done.stderr + log
    assert "] 100%" in done.stdout  # the progress bar, to the end
    ((persons,),) = procs.query(url, "SELECT count(*) FROM registry_person")
    assert 300 <= persons < 310 and f"demo data: {persons} persons" in done.stdout
    ((status, attempts),) = procs.query(url, "SELECT status, attempts FROM jobs_job")
    assert (status, attempts) == ("succeeded", 1)
    # Carried by Redis, not by the database's queue table; the result saved by django-q2.
    assert procs.query(url, "SELECT count(*) FROM django_q_ormq") == [(0,)]
    assert procs.query(url, "SELECT count(*) FROM django_q_task WHERE success") == [(1,)]
    name = env["OPENOCMW_QUEUE_NAME"]
    assert redis.Redis.from_url(REDIS).llen(f"django_q:{name}:q") == 0
    assert stopped_in < 30 and worker.returncode is not None
