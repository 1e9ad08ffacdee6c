"""Helpers for the tests that run real workers: subprocesses of `openocmw`, on a database the
test names, and a kill -9 of a worker with all its processes."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psutil
import pytest
from django.db import connection

from tests.conftest import sqlite_run_only  # noqa: F401 - for the jobs tests

ROOT = Path(__file__).resolve().parents[2]

# The tests on a SQLite file of their own run in the SQLite run of the suite (tests.conftest);
# those on the suite's PostgreSQL database are skipped before their fixtures run elsewhere.
postgresql_run_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the suite runs on SQLite (the PostgreSQL run of the suite does this)",
)


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        DATABASE_URL=database_url,
        OPENOCMW_DEBUG="1",
        OPENOCMW_FAST_HASHER="1",
        # A killed job is presumed dead after 4 s (8 heartbeats missed: margin for a busy
        # machine) and put back within the half second after.
        OPENOCMW_JOBS_LEASE="4",
        OPENOCMW_JOBS_HEARTBEAT="0.5",
        OPENOCMW_JOBS_RECOVER_EVERY="0.5",
        OPENOCMW_QUEUE_NAME=f"test-{uuid.uuid4().hex[:12]}",
        OPENOCMW_WORKERS="2",
    )
    env.pop("OPENOCMW_JOBS_INLINE", None)
    env.update(extra)
    return env


def openocmw(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "openocmw.cli", *args], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=timeout, check=False,
    )  # fmt: skip


def snapshot(env: dict) -> dict:
    """Digests of what the demo load wrote, by natural keys (ids may differ)."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.jobs.snapshot"], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "openocmw.cli", "worker"], env=env, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def _tree(proc: subprocess.Popen) -> list[psutil.Process]:
    try:
        parent = psutil.Process(proc.pid)
    except psutil.NoSuchProcess:
        return []
    return [parent, *parent.children(recursive=True)]


def kill_9(proc: subprocess.Popen) -> int:
    """SIGKILL the worker and every process under it at once (frozen first, so that none
    of them reacts): a machine that lost power. The number of processes killed."""
    tree = _tree(proc)
    for p in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.send_signal(signal.SIGSTOP)
    for p in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.send_signal(signal.SIGKILL)
    psutil.wait_procs(tree, timeout=10)
    proc.wait(timeout=10)
    return len(tree)


def stop_worker(proc: subprocess.Popen) -> str:
    """Stop it as systemd would (SIGTERM to the command), then make sure nothing is left."""
    tree = _tree(proc)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=60)
    _, alive = psutil.wait_procs(tree, timeout=30)
    for p in alive:
        p.kill()
    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    return out


def query(database_url: str, sql: str) -> list[tuple]:
    url = urlparse(database_url)
    if url.scheme == "sqlite":
        with sqlite3.connect(url.path, timeout=20) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(
        dbname=url.path.lstrip("/"), user=url.username or "", host=url.hostname,
        port=url.port or 5432, autocommit=True,
    ) as conn:  # fmt: skip
        return conn.execute(sql).fetchall()


def wait_for(predicate, timeout: float, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not reached within {timeout} s")
