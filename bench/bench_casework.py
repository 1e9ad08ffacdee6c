"""Casework benchmark (issue 4): load a million decisions across 50 OCMWs, then time the
team lead's pages, in-process through Django's test Client (real middleware, real audit log).

    python bench/bench_casework.py [--database sqlite|postgresql|both] [--decisions 1000000]
                                   [--ocmws 50] [--requests 300] [--explain] [--keep]

For each database: a fresh database (SQLite: var/bench/casework.sqlite3; PostgreSQL: the
database ``openocmw_bench_casework`` on 127.0.0.1:5432, created and dropped here),
``migrate``, 50 OCMWs with a team lead and a few demo persons each
(``casework.demo.bench_ocmws``), the decisions with their requests, proposals, agenda items
and weekly meetings over two years (``casework.demo.bulk_decisions``), ``ANALYZE`` (PostgreSQL:
``VACUUM ANALYZE``), then
p50/p95 latency of, as the team lead of a random OCMW for every request:

1. register statistics   GET /register/?from=<d>&until=<d + 364 days> (a one-year period)
2. team lead dashboard   GET /cases/

Settings as in production: OPENOCMW_DEBUG=0. Each database runs in its own process; results
go to stdout as a markdown table and to var/bench/casework-<db>.json. Target: p95 < 300 ms.
``--explain`` prints the query plan of every SQL query of one request of each page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
TARGET_P95_MS = 300.0
SEED = 2026
WARMUP = 20
QUERY_SAMPLE = 20  # requests per scenario whose SQL queries are counted (not timed)

SCENARIOS = [
    ("register", "register statistics (1 year)", "GET /register/?from=<d>&until=<d+364>"),
    ("dashboard", "team lead dashboard", "GET /cases/"),
]


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench_casework", description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--decisions", type=int, default=1_000_000)
    p.add_argument("--ocmws", type=int, default=50)
    p.add_argument("--persons-per-ocmw", type=int, default=200)
    p.add_argument("--requests", type=int, default=300, help="timed requests per scenario")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--explain", action="store_true", help="print the query plans")
    p.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    return p.parse_args(argv)


# --- the parent: one child process per database ---------------------------------------


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    if len(databases) == 1 and os.environ.get("OPENOCMW_BENCH_CHILD") == "1":
        return {databases[0]: run_one(databases[0], args)}
    results = {}
    for db in databases:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--database", db,
               "--decisions", str(args.decisions), "--ocmws", str(args.ocmws),
               "--persons-per-ocmw", str(args.persons_per_ocmw),
               "--requests", str(args.requests), "--seed", str(args.seed)]  # fmt: skip
        cmd += (["--keep"] if args.keep else []) + (["--explain"] if args.explain else [])
        env = os.environ | {"OPENOCMW_BENCH_CHILD": "1"}
        rc = subprocess.call(cmd, env=env, cwd=ROOT)  # noqa: S603 - our own script
        out = VAR / f"casework-{db}.json"
        if rc != 0 or not out.exists():
            results[db] = {"database": db, "error": f"exit status {rc}"}
            continue
        results[db] = json.loads(out.read_text())
    if len(results) > 1:
        print(markdown_table(list(results.values())))
    return results


# --- the child: one database ----------------------------------------------------------


def configure(db: str) -> str:
    (VAR / f"casework-{db}.json").unlink(missing_ok=True)
    return benchlib.configure("casework", db)


def drop(db: str) -> None:
    benchlib.drop("casework", db)


percentile = benchlib.percentile


def run_one(db: str, args: argparse.Namespace) -> dict:
    url = configure(db)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    assert not settings.DEBUG, "the benchmark runs with OPENOCMW_DEBUG=0"
    print(f"\n## Casework benchmark on {db} ({url})", flush=True)

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t0
    print(f"migrate: {migrate_s:.1f} s", flush=True)

    load = load_data(args)
    print(
        f"load: {load['decisions']:,} decisions, {load['rows']:,} rows in {load['seconds']:.1f} s "
        f"({load['decisions_per_s']:,.0f} decisions/s, {load['rows_per_s']:,.0f} rows/s)",
        flush=True,
    )
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM too, as autovacuum would after such a load; otherwise it starts
        # during the timed requests (and index-only scans need the visibility map).
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    analyze_s = time.perf_counter() - t0

    if args.explain:
        explain(args.seed)
    scenarios = measure(args.requests, args.seed)
    result = {
        "benchmark": "casework",
        "database": db,
        "database_version": database_version(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": machine(),
        "decisions_requested": args.decisions,
        "ocmws": args.ocmws,
        "seed": args.seed,
        "migrate_s": round(migrate_s, 2),
        "load": load,
        "analyze_s": round(analyze_s, 2),
        "requests_per_scenario": args.requests,
        "target_p95_ms": TARGET_P95_MS,
        "scenarios": scenarios,
        "target_met": all(s["p95_ms"] < TARGET_P95_MS for s in scenarios.values()),
    }
    out = VAR / f"casework-{db}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(markdown_table([result]))
    print(f"written: {out.relative_to(ROOT)}", flush=True)
    if not args.keep:
        drop(db)
    return result


def load_data(args: argparse.Namespace) -> dict:
    from openocmw.casework import demo
    from openocmw.casework.models import (
        AgendaItem,
        AidRequest,
        Decision,
        HomeVisit,
        InvestigationItem,
        Meeting,
        Proposal,
    )

    t0 = time.perf_counter()
    made = demo.bench_ocmws(args.ocmws, args.persons_per_ocmw, args.seed)
    ocmws_s = time.perf_counter() - t0
    print(f"{len(made.ocmws)} OCMWs, {made.persons:,} persons in {ocmws_s:.1f} s", flush=True)
    last = [time.perf_counter()]

    def progress(name: str, totals: dict) -> None:
        if time.perf_counter() - last[0] > 15:
            last[0] = time.perf_counter()
            print(f"  {name}: {totals.get('decision', 0):,} decisions", flush=True)

    t0 = time.perf_counter()
    totals = demo.bulk_decisions(made.ocmws, args.decisions, args.seed, progress=progress)
    seconds = time.perf_counter() - t0
    models = [AidRequest, InvestigationItem, HomeVisit, Meeting, Proposal, AgendaItem, Decision]
    counts = {m._meta.db_table: m.objects.count() for m in models}
    rows = sum(counts.values())
    n = counts[Decision._meta.db_table]
    return {
        "decisions": n,
        "ocmws": len(made.ocmws),
        "persons": made.persons,
        "rules_calls": totals.get("rules_calls"),
        "rows": rows,
        "rows_by_table": counts,
        "ocmws_persons_s": round(ocmws_s, 2),
        "seconds": round(seconds, 2),
        "decisions_per_s": round(n / seconds),
        "rows_per_s": round(rows / seconds),
    }


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
        cursor.execute("show server_version")
        return "PostgreSQL " + cursor.fetchone()[0].split()[0]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )  # fmt: skip
        return f"{cpu}, {os.cpu_count()} cores, {mem / 1024 / 1024:.0f} GiB, {platform.system()}"
    except OSError:
        return f"{cpu}, {os.cpu_count()} cores, {platform.system()}"


def clients(seed: int):
    """A logged-in test client per team lead of the benchmark OCMWs, and a sampler."""
    from django.test import Client

    from openocmw.accounts.models import Membership, Role

    rng = random.Random(seed)  # noqa: S311 - sampling, not security
    leads = list(
        Membership.objects.filter(role=Role.TEAM_LEAD, ocmw__nis_code__startswith="8")
        .select_related("user")
        .order_by("ocmw__nis_code")
    )
    pool = []
    for m in leads:
        client = Client(HTTP_ACCEPT_LANGUAGE="nl")
        client.force_login(m.user)
        pool.append(client)
    return rng, pool


def urls(rng: random.Random):
    from django.utils import timezone

    today = timezone.localdate()

    def register() -> str:
        start = today - timedelta(days=rng.randint(365, 729))
        return (
            f"/register/?from={start.isoformat()}&until={(start + timedelta(days=364)).isoformat()}"
        )

    return {"register": register, "dashboard": lambda: "/cases/"}


def measure(n: int, seed: int) -> dict:
    """Time ``n`` requests per scenario, after a warm-up; count the SQL queries separately."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rng, pool = clients(seed)
    makers = urls(rng)
    results = {}
    for key, label, what in SCENARIOS:
        make = makers[key]
        for _ in range(WARMUP):
            get(rng.choice(pool), make())
        timings = []
        for _ in range(n):
            client, url = rng.choice(pool), make()
            t0 = time.perf_counter()
            get(client, url)
            timings.append((time.perf_counter() - t0) * 1000)
        queries = []
        for _ in range(QUERY_SAMPLE):
            with CaptureQueriesContext(connection) as ctx:
                get(rng.choice(pool), make())
            queries.append(len(ctx.captured_queries))
        results[key] = {
            "label": label,
            "request": what,
            "requests": n,
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 95), 2),
            "mean_ms": round(statistics.fmean(timings), 2),
            "max_ms": round(max(timings), 2),
            "queries_per_request": round(statistics.fmean(queries), 1),
            "queries_max": max(queries),
        }
        r = results[key]
        print(f"  {label:<30} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
              f"({r['queries_per_request']} queries)", flush=True)  # fmt: skip
    return results


def explain(seed: int) -> None:
    """The query plan and the time of every query of one request of each page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rng, pool = clients(seed)
    makers = urls(rng)
    for key, label, _what in SCENARIOS:
        with CaptureQueriesContext(connection) as ctx:
            get(pool[0], makers[key]())
        print(f"\n### {label}: {len(ctx.captured_queries)} queries", flush=True)
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                plan = "\n    ".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
            print(f"\n[{q['time']} s] {sql[:400]}\n    {plan}", flush=True)


get = benchlib.get


def markdown_table(results: list[dict]) -> str:
    lines = benchlib.latency_table(results, "page", 300)
    lines.append("")
    lines.append("| database | OCMWs | decisions | rows | load (s) | decisions/s | rows/s |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for res in results:
        if "error" in res:
            continue
        ld = res["load"]
        lines.append(
            f"| {res['database_version']} | {ld['ocmws']} | {ld['decisions']:,} | {ld['rows']:,} | "
            f"{ld['seconds']:.1f} | {ld['decisions_per_s']:,} | {ld['rows_per_s']:,} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
