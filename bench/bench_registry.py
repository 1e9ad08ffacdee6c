"""Registry benchmark (issue 2): load 200,000 demo persons, then time the pages a social
worker uses most, in-process through Django's test Client (real middleware, real audit log).

    python bench/bench_registry.py [--database sqlite|postgresql|both] [--persons 200000]
                                   [--requests 300] [--keep]

For each database: a fresh database (SQLite: var/bench/registry.sqlite3; PostgreSQL: the
database ``openocmw_bench_registry`` on 127.0.0.1:5432, created and dropped here), ``migrate``, the
deterministic demo data (``registry.demo.load``), ``ANALYZE``, then p50/p95 latency of:

1. search by last-name prefix      GET /persons/?q=<prefix>
2. search by INSZ prefix           GET /persons/?q=<6 to 9 digits>
3. person file                     GET /persons/<id>/
4. API search                      GET /api/v1/persons?q=<prefix>

Settings as in production: OPENOCMW_DEBUG=0 (no query logging), a secret key. Each database
runs in its own process (Django's settings are per process); results go to stdout as a
markdown table and to var/bench/registry-<db>.json. Target: p95 < 100 ms.
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
from datetime import UTC, datetime
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
TARGET_P95_MS = 100.0
SEED = 2026
WARMUP = 20
QUERY_SAMPLE = 20  # requests per scenario whose SQL queries are counted (not timed)

SCENARIOS = [
    ("search_name", "search by name prefix", "GET /persons/?q=<last name prefix>"),
    ("search_insz", "search by INSZ prefix", "GET /persons/?q=<INSZ prefix>"),
    ("person_page", "person file", "GET /persons/<id>/"),
    ("api_search", "API search by name", "GET /api/v1/persons?q=<last name prefix>"),
]


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench_registry", description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--persons", type=int, default=200_000)
    p.add_argument("--requests", type=int, default=300, help="timed requests per scenario")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the database kept by --keep (migrate, but no load, no drop)",
    )
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
               "--persons", str(args.persons), "--requests", str(args.requests),
               "--seed", str(args.seed)] + (["--keep"] if args.keep else []) + (
               ["--reuse"] if args.reuse else [])  # fmt: skip
        env = os.environ | {"OPENOCMW_BENCH_CHILD": "1"}
        rc = subprocess.call(cmd, env=env, cwd=ROOT)  # noqa: S603 - our own script
        out = VAR / f"registry-{db}.json"
        if rc != 0 or not out.exists():
            results[db] = {"database": db, "error": f"exit status {rc}"}
            continue
        results[db] = json.loads(out.read_text())
    if len(results) > 1:
        print(markdown_table(list(results.values())))
    return results


# --- the child: one database ----------------------------------------------------------


def configure(db: str, reuse: bool = False) -> str:
    (VAR / f"registry-{db}.json").unlink(missing_ok=True)
    return benchlib.configure("registry", db, reuse)


def drop(db: str) -> None:
    benchlib.drop("registry", db)


percentile = benchlib.percentile


def run_one(db: str, args: argparse.Namespace) -> dict:
    url = configure(db, reuse=args.reuse)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    assert not settings.DEBUG, "the benchmark runs with OPENOCMW_DEBUG=0"
    print(f"\n## Registry benchmark on {db} ({url})", flush=True)

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = round(time.perf_counter() - t0, 2)
    print(f"migrate: {migrate_s:.1f} s", flush=True)
    load = None
    if not args.reuse:
        load = load_demo(args.persons, args.seed)
        print(
            f"load: {load['persons']:,} persons, {load['rows']:,} rows in {load['seconds']:.1f} s"
            f" ({load['persons_per_s']:,.0f} persons/s, {load['rows_per_s']:,.0f} rows/s)",
            flush=True,
        )
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analyze_s = time.perf_counter() - t0

    load_before = os.getloadavg()
    if load_before[0] > 1.5:  # the load phase of this process counts for about 1
        print(f"warning: load average {load_before[0]:.1f} on {os.cpu_count()} cores: "
              "other processes may compete with the measurement", flush=True)  # fmt: skip
    scenarios = measure(args.requests, args.seed)
    load_after = os.getloadavg()
    result = {
        "benchmark": "registry",
        "database": db,
        "database_version": database_version(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "persons_requested": args.persons,
        "seed": args.seed,
        "reused_database": args.reuse,
        "migrate_s": migrate_s,
        "load": load,
        "analyze_s": round(analyze_s, 2),
        "cpus": os.cpu_count(),
        "loadavg_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "requests_per_scenario": args.requests,
        "target_p95_ms": TARGET_P95_MS,
        "scenarios": scenarios,
        "target_met": all(s["p95_ms"] < TARGET_P95_MS for s in scenarios.values()),
    }
    out = VAR / f"registry-{db}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(markdown_table([result]))
    print(f"written: {out.relative_to(ROOT)}", flush=True)
    if not (args.keep or args.reuse):
        drop(db)
    return result


def load_demo(persons: int, seed: int) -> dict:
    from openocmw.registry import demo
    from openocmw.registry.models import (
        Household,
        Membership,
        Person,
        PersonVersion,
        ResidenceStatus,
    )

    models = [Person, PersonVersion, ResidenceStatus, Household, Membership]
    t0 = time.perf_counter()
    created = demo.load(persons=persons, seed=seed)
    seconds = time.perf_counter() - t0
    counts = {m._meta.db_table: m.objects.count() for m in models}
    rows = sum(counts.values())
    n = sum(created.values())
    return {
        "persons": n,
        "by_ocmw": created,
        "rows": rows,
        "rows_by_table": counts,
        "seconds": round(seconds, 2),
        "persons_per_s": round(n / seconds),
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


def measure(n: int, seed: int) -> dict:
    """Time ``n`` requests per scenario, after a warm-up; count the SQL queries separately."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openocmw.accounts.models import Ocmw, User
    from openocmw.registry.models import Person

    rng = random.Random(seed)  # noqa: S311 - sampling, not security
    leuven = Ocmw.objects.get(nis_code="24062")
    # A social worker of Leuven only (the first demo worker also works for Sint-Gillis).
    user = User.objects.get(username="leuven.maatschappelijk.werker2")
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)

    ids = list(Person.objects.filter(ocmw=leuven).values_list("pk", flat=True))
    sample = Person.objects.filter(pk__in=rng.sample(ids, min(len(ids), 2000)))
    people = list(sample.values_list("pk", "last_name", "insz"))
    rng.shuffle(people)

    def name_prefix() -> str:
        last = rng.choice(people)[1]
        return last[: rng.randint(2, min(6, len(last)))]

    def insz_prefix() -> str:
        insz = rng.choice([p[2] for p in people if p[2]])
        return insz[: rng.randint(6, 9)]

    makers = {
        "search_name": lambda: f"/persons/?q={name_prefix()}",
        "search_insz": lambda: f"/persons/?q={insz_prefix()}",
        "person_page": lambda: f"/persons/{rng.choice(people)[0]}/",
        "api_search": lambda: f"/api/v1/persons?q={name_prefix()}",
    }
    results = {}
    for key, label, what in SCENARIOS:
        make = makers[key]
        for _ in range(WARMUP):
            get(client, make())
        timings = []
        for _ in range(n):
            url = make()
            t0 = time.perf_counter()
            get(client, url)
            timings.append((time.perf_counter() - t0) * 1000)
        queries = []
        for _ in range(QUERY_SAMPLE):
            with CaptureQueriesContext(connection) as ctx:
                get(client, make())
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
        print(f"  {label:<24} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
              f"({r['queries_per_request']} queries)", flush=True)  # fmt: skip
    return results


get = benchlib.get


def markdown_table(results: list[dict]) -> str:
    lines = benchlib.latency_table(results, "scenario", 100)
    lines.append("")
    lines.append("| database | persons | rows | load (s) | persons/s | rows/s |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for res in results:
        if "error" in res or not res.get("load"):
            continue
        ld = res["load"]
        lines.append(
            f"| {res['database_version']} | {ld['persons']:,} | {ld['rows']:,} | "
            f"{ld['seconds']:.1f} | {ld['persons_per_s']:,} | {ld['rows_per_s']:,} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
