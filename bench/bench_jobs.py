"""Job queue benchmark: how long a job waits for a worker, and how many jobs a machine runs.

    python bench/bench_jobs.py [--database sqlite|postgresql] [--broker orm|redis]
                               [--jobs 200] [--workers 1 2 4]

For each number of worker processes: a fresh benchmark database (benchlib), `openocmw worker`
started with ``OPENOCMW_WORKERS=k``, one warm-up job, then ``--jobs`` jobs of the built-in
kind ``jobs.ping`` enqueued at once from this process. Reported: the queue latency (from
enqueue to the start of the job, p50/p95/max) and the throughput (jobs finished per second,
from the first enqueue to the last finish). This measures the queue itself, not any job's
work; a job of real work adds its own duration.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

ROOT = benchlib.ROOT


def run(db: str, broker: str, jobs: int, workers: int) -> dict:
    url = benchlib.configure("jobs", db)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), OPENOCMW_WORKERS=str(workers),
               OPENOCMW_QUEUE_NAME=f"bench-{uuid.uuid4().hex[:8]}")  # fmt: skip
    if broker == "redis":
        env["OPENOCMW_QUEUE_URL"] = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0")
    cli = [sys.executable, "-m", "openocmw.cli"]
    subprocess.run([*cli, "manage", "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    worker = subprocess.Popen([*cli, "worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        code = (
            "import json, time, django; django.setup()\n"
            "from openocmw.jobs.services import enqueue\n"
            "from openocmw.jobs.models import Job\n"
            "def wait(ids):\n"
            "    while Job.objects.filter(pk__in=ids).exclude(status='succeeded').exists():\n"
            "        time.sleep(0.05)\n"
            "wait([enqueue('jobs.ping', n=-1).pk])\n"
            f"ids = [enqueue('jobs.ping', n=i).pk for i in range({jobs})]\n"
            "wait(ids)\n"
            "rows = Job.objects.filter(pk__in=ids).values_list('created_at', 'started_at', "
            "'finished_at')\n"
            "print(json.dumps([[c.timestamp(), s.timestamp(), f.timestamp()] for c, s, f in rows]))\n"
        )
        env["DJANGO_SETTINGS_MODULE"] = "openocmw.config.settings"
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], env=env, check=True, cwd=ROOT, capture_output=True,
            text=True, timeout=1800,
        ).stdout  # fmt: skip
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=120)
    rows = json.loads(out.strip().splitlines()[-1])
    waits = [(s - c) * 1000 for c, s, _ in rows]
    wall = max(f for *_, f in rows) - min(c for c, *_ in rows)
    benchlib.drop("jobs", db)
    return {
        "database": db, "broker": broker, "workers": workers, "jobs": jobs, "url": url,
        "p50_ms": benchlib.percentile(waits, 50), "p95_ms": benchlib.percentile(waits, 95),
        "max_ms": max(waits), "per_s": jobs / wall,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--broker", choices=["orm", "redis"], default="orm")
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| database | broker | worker processes | jobs | wait p50 (ms) | wait p95 (ms) | "
          "wait max (ms) | jobs/s |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    results = []
    for k in args.workers:
        r = run(args.database, args.broker, args.jobs, k)
        results.append(r)
        print(f"| {r['database']} | {r['broker']} | {k} | {r['jobs']} | {r['p50_ms']:.0f} | "
              f"{r['p95_ms']:.0f} | {r['max_ms']:.0f} | {r['per_s']:.1f} |", flush=True)  # fmt: skip
    return results


if __name__ == "__main__":
    main()
