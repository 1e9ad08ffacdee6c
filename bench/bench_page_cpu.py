"""CPU per page: what the load benchmark's three pages cost the server, measured in-process.

    python bench/bench_page_cpu.py --database-url postgresql://postgres@127.0.0.1:5432/hprodbench \
        [--requests 200] [--profile person|search|case] [--json FILE]

The load benchmark (bench_load.py) is CPU-bound on a 2-core machine, and on a shared machine
its latencies depend on the neighbours. The figures of a change are therefore the CPU
time this process spends per request (``time.process_time``: Python, templates, the database
driver; not PostgreSQL's own work), the number of SQL queries and the number of Python
function calls per request (cProfile, on a fifth of the requests). The last two do not
depend on the load of the machine at all; CPU time somewhat (caches, frequency).

The pages are the load benchmark's: a search by a last-name prefix, a person's file and a case
page, each asked ``--requests`` times for random ids of the OCMW of one demo social worker,
through Django's test Client with the whole middleware chain (sessions, tenancy, session
guard, CSP, axes) and the audit log, under the production profile (OPENOCMW_DEBUG=0: cached
template loader, no query logging). ``--profile PAGE`` prints the 30 most expensive functions
of that page (cProfile, cumulative) instead.

The database must hold demo data (``openocmw demo --persons 200000``); the run only adds the
audit entries that every page writes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("search", "person", "case")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench_page_cpu", description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    p.add_argument("--requests", type=int, default=200, help="timed requests per page")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--profile", choices=PAGES, help="cProfile one page instead of timing")
    p.add_argument("--json", type=Path)
    p.add_argument(
        "--src",
        type=Path,
        default=ROOT / "src",
        help="the code to measure (a "
        "checkout of another commit's src/, to compare before and after)",
    )
    return p.parse_args(argv)


def setup(database_url: str, src: Path) -> None:
    sys.path.insert(0, str(src))
    benchlib.production_settings()
    os.environ["DATABASE_URL"] = database_url
    os.environ["OPENOCMW_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def sample(seed: int):
    from django.db import connection

    from openocmw.accounts.models import Membership

    worker = (
        Membership.objects.filter(role="social_worker", ocmw__isnull=False, active=True)
        .select_related("user")
        .order_by("ocmw_id", "user__username")
        .first()
    )
    if worker is None:
        raise SystemExit("bench_page_cpu: no demo social worker (demo data?)")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, last_name FROM registry_person WHERE ocmw_id = %s ORDER BY id",
            [worker.ocmw_id],
        )
        persons = cur.fetchall()
        cur.execute(
            "SELECT id FROM casework_aidrequest WHERE ocmw_id = %s ORDER BY id", [worker.ocmw_id]
        )
        cases = [r[0] for r in cur.fetchall()]
    rnd = random.Random(seed)
    chosen = rnd.sample(persons, min(2000, len(persons)))
    return worker.user, {
        "person": [f"/persons/{pk}/" for pk, _ in chosen],
        "search": [f"/persons/?q={name[: rnd.randint(2, 6)]}" for _, name in chosen[:500]],
        "case": [f"/cases/{pk}/" for pk in rnd.sample(cases, min(1000, len(cases)))],
    }


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main(argv=None) -> dict:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not args.database_url:
        raise SystemExit("bench_page_cpu: --database-url (or DATABASE_URL) of a demo database")
    setup(args.database_url, args.src)
    from django.db import connection
    from django.test import Client

    user, urls = sample(args.seed)
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    rnd = random.Random(args.seed + 1)

    def get(url):
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"bench_page_cpu: GET {url} answered {response.status_code}")
        return response

    for page in PAGES:
        for _ in range(args.warmup):
            get(rnd.choice(urls[page]))

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)  # CPU, not waits
        profiler.enable()
        for _ in range(args.requests):
            get(rnd.choice(urls[args.profile]))
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            os.environ.get("FILTER", ""), int(os.environ.get("TOP", "30"))
        )
        return {}

    summary = {"bench": "page_cpu", "requests": args.requests, "pages": {}}
    import cProfile
    import pstats

    for page in PAGES:
        # Python function calls per request: the work done, independent of the machine's
        # load (CPU times on a shared machine vary by 20% from run to run).
        profiler = cProfile.Profile()
        calls_sample = max(10, args.requests // 5)
        profiler.enable()
        for _ in range(calls_sample):
            get(rnd.choice(urls[page]))
        profiler.disable()
        calls = pstats.Stats(profiler).total_calls / calls_sample
        cpu, wall, queries = [], [], []
        for _ in range(args.requests):
            counter = QueryCounter()
            url = rnd.choice(urls[page])
            with connection.execute_wrapper(counter):
                c0, w0 = time.process_time(), time.perf_counter()
                get(url)
                c1, w1 = time.process_time(), time.perf_counter()
            cpu.append((c1 - c0) * 1000)
            wall.append((w1 - w0) * 1000)
            queries.append(counter.count)
        summary["pages"][page] = {
            "cpu_ms_mean": round(statistics.fmean(cpu), 1),
            "cpu_ms_p50": round(benchlib.percentile(cpu, 50), 1),
            "wall_ms_p50": round(benchlib.percentile(wall, 50), 1),
            "queries_mean": round(statistics.fmean(queries), 1),
            "queries_max": max(queries),
            "python_calls": round(calls),
        }
    print(
        "| page | CPU ms/request (mean) | CPU ms p50 | wall ms p50 | queries mean | max | "
        "Python calls |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for page, s in summary["pages"].items():
        print(f"| {page} | {s['cpu_ms_mean']} | {s['cpu_ms_p50']} | {s['wall_ms_p50']} | "
              f"{s['queries_mean']} | {s['queries_max']} | {s['python_calls']:,} |")  # fmt: skip
    summary["load_average"] = round(os.getloadavg()[0], 2)
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return summary


if __name__ == "__main__":
    main()
