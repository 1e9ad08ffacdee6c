"""End-to-end screening of one OCMW from its database (issue 11): read, screen, write worklists.

    DATABASE_URL=sqlite:///var/bench/rights.sqlite3 python bench/bench_screening_db.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hrights python bench/bench_screening_db.py

Migrates the database of DATABASE_URL, loads deterministic demo data
(`registry.demo.load`) until OCMW Leuven has `--persons` persons (default 200,000; the demo
spreads persons over three OCMWs, Leuven 45 %), then, as Leuven's team lead, runs
`rights.services.run_screening` for every encoded right and reports the time of each step:
reading the persons, households, statuses and decisions into columns, screening, and writing the
worklist entries. The database is kept (a second run skips the load). Target: under 60 s.

With `--workers 1,2,4` it then runs the same screening as partitions on the job queue
(`rights.partitions`): for each count N it starts `openocmw worker` with N worker processes
(OPENOCMW_WORKERS=N, a queue of its own), queues a run in N partitions, waits for the run to
close and reports the wall time from the queueing to the last partition; it checks that every
run has exactly the same worklist entries (right, kind, person, reason) and counts as the
single-process run, and reports the speed-up. `--skip-load` uses the database as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
ON = date(2025, 3, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200_000, help="persons in OCMW Leuven")
    parser.add_argument("--workers", default="", help="comma-separated worker counts, e.g. 1,2,4")
    parser.add_argument("--skip-load", action="store_true", help="use the database as it is")
    parser.add_argument(
        "--profile", type=int, default=0, help="print the N costliest functions of the run"
    )
    parser.add_argument(
        "--reference-run", type=int, default=0,
        help="compare the partitioned runs with this stored run instead of running it again",
    )  # fmt: skip
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openocmw.config.settings")
    # The workers started below and this process must use the same queue.
    os.environ.setdefault("OPENOCMW_QUEUE_NAME", f"bench-{os.getpid()}")
    os.environ.pop("OPENOCMW_JOBS_INLINE", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openocmw.accounts.models import Membership, Role
    from openocmw.accounts.tenancy import Actor
    from openocmw.registry.models import Person
    from openocmw.rights import services
    from openocmw.rights.models import WorklistEntry
    from openocmw.rules.rights.screening import screen

    call_command("migrate", verbosity=0)
    leuven = Person.objects.filter(ocmw__nis_code="24062").count()
    load_s = 0.0
    if leuven < args.persons and not args.skip_load:
        started = time.perf_counter()
        _load_leuven(args.persons)
        load_s = time.perf_counter() - started
    membership = Membership.objects.get(
        ocmw__nis_code="24062", role=Role.TEAM_LEAD, user__username="leuven.teamleider"
    )
    actor = Actor(user=membership.user, membership=membership)
    persons = Person.objects.filter(ocmw__nis_code="24062").count()

    started = time.perf_counter()
    population = services.load_population(actor, ON)  # read alone, to time it
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    result = screen(population, ON)
    screen_s = time.perf_counter() - started
    started = time.perf_counter()
    cpu_s = server_cpu_s = float("nan")
    if args.reference_run:
        from openocmw.rights.models import ScreeningRun

        run = ScreeningRun.objects.get(pk=args.reference_run)
        total_s = (run.finished_at - run.started_at).total_seconds()
    else:
        server = _server_cpu(connection)
        cpu = time.process_time()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        run = services.run_screening(actor, ON, purpose="benchmark")
        total_s = time.perf_counter() - started
        if profiler is not None:
            import pstats

            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime")
            stats.print_stats(args.profile)
        cpu_s = time.process_time() - cpu
        server_cpu_s = _server_cpu(connection) - server
    entries = WorklistEntry.objects.filter(run=run).count()
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    partitioned = _partitioned_runs(actor, run, workers) if workers else []
    print(
        json.dumps(
            {
                "bench": "screening_db",
                "database": connection.vendor,
                "persons_in_ocmw": persons,
                "households": population.households,
                "demo_load_s": round(load_s, 1),
                "read_s": round(read_s, 2),
                "screen_s": round(screen_s, 2),
                "run_screening_total_s": round(total_s, 2),
                # CPU of this process (reading, screening, reasons, rows) and of the database
                # server's process for this connection (PostgreSQL: psutil), during the run.
                "run_screening_cpu_s": round(cpu_s, 2),
                "database_server_cpu_s": round(server_cpu_s, 2),
                "write_s_estimate": round(total_s - read_s - screen_s, 2),
                "entries": entries,
                "matches": {c: r.eligible_not_receiving for c, r in result.rights.items()},
                "partitioned": partitioned,
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        ),
        flush=True,
    )


def _server_cpu(connection) -> float:
    """CPU seconds so far of the PostgreSQL backend serving `connection` (NaN on SQLite, whose
    work is in this process's CPU)."""
    if connection.vendor != "postgresql":
        return float("nan")
    import psutil

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def _load_leuven(persons: int) -> None:
    """Top up only OCMW Leuven (the run reads nothing else) with the demo generator: the same
    households, in the same order, as `demo.load` gives Leuven."""
    from django.db import transaction

    from openocmw.registry import demo

    ocmws = demo.demo_ocmws()
    creator = demo._create_users(ocmws)  # noqa: SLF001 - the demo's own loader, one OCMW
    spec = next(s for s in demo.OCMWS if s["key"] == "leuven")
    demo._top_up(  # noqa: SLF001
        ocmws["leuven"], spec, persons, 2026, 5000, creator, None, transaction.atomic, 0.0
    )


def _entries(run) -> list:
    from openocmw.rights.models import WorklistEntry

    return sorted(
        WorklistEntry.objects.filter(run=run).values_list("right", "kind", "person_id", "reason_nl")
    )


def _partitioned_runs(actor, single, workers: list[int]) -> list[dict]:
    """The same screening as partitions on the job queue, with N worker processes."""
    import signal
    import subprocess

    from openocmw.rights import partitions
    from openocmw.rights.models import RunState, ScreeningRun

    expected = _entries(single)
    out = []
    for n in workers:
        env = dict(os.environ, OPENOCMW_WORKERS=str(n))
        worker = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "openocmw.cli", "worker"], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            time.sleep(3)  # the cluster starts its processes
            started = time.perf_counter()
            run, _ = partitions.start_partitioned_run(actor, ON, purpose=f"benchmark {n}", parts=n)
            while ScreeningRun.objects.get(pk=run.pk).state != RunState.DONE:
                if time.perf_counter() - started > 1800:
                    raise TimeoutError(f"{n} workers: the run did not finish in 30 minutes")
                time.sleep(0.2)
            wall = time.perf_counter() - started
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=120)
        run.refresh_from_db()
        same = _entries(run) == expected and all(
            run.counts[c] == numbers for c, numbers in single.counts.items()
        )
        out.append({"workers": n, "partitions": n, "wall_s": round(wall, 2), "same_results": same})
    first = out[0]["wall_s"]
    for item in out:
        item["speed_up"] = round(first / item["wall_s"], 2)
    return out


if __name__ == "__main__":
    main()
