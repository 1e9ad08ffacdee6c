"""GPMI statistics benchmark (issue 5): the statistics for one year over 100,000 GPMIs in 50
OCMWs must answer in under 1 s.

    python bench/bench_gpmi.py [--database sqlite|postgresql|both] [--gpmis 100000]
                               [--ocmws 50] [--year 2025] [--repeat 7] [--keep]

For each database: a fresh database (SQLite: var/bench/gpmi.sqlite3; PostgreSQL: the database
``openocmw_bench_gpmi`` on 127.0.0.1:5432, created and dropped here), ``migrate``, then
generated data inserted in bulk (not through the services, and without contract texts: the
statistics never read them): 50 OCMWs, one person per GPMI, GPMIs of the four kinds starting
from 2019 to 2026 (about 70 % signed and closed with an outcome, the rest running or draft),
and their planned evaluations every four months, about two thirds of them held. Then
``ANALYZE`` and, timed, ``gpmi.stats.compute`` for the year: across all OCMWs (the federal
inspector's view) and for one OCMW; the best, median and worst of ``--repeat`` runs.

Each database runs in its own process (Django's settings are per process). Results go to
stdout as a markdown table and to var/bench/gpmi-<db>.json.
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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DB = "openocmw_bench_gpmi"
TARGET_S = 1.0
SEED = 2026


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench_gpmi", description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--gpmis", type=int, default=100_000)
    p.add_argument("--ocmws", type=int, default=50)
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    return p.parse_args(argv)


def _machine() -> dict:
    def run(cmd):
        try:
            return subprocess.run(  # noqa: S603 - fixed commands (lscpu, free)
                cmd, capture_output=True, text=True, check=False
            ).stdout.strip()
        except OSError:
            return ""

    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in run(["lscpu"]).splitlines()
            if line.startswith("Model name")
        ),
        platform.processor(),
    )
    mem = next(
        (line.split()[1] for line in run(["free", "-h"]).splitlines() if line.startswith("Mem:")),
        "?",
    )
    return {
        "nproc": os.cpu_count(),
        "memory": mem,
        "cpu": model,
        "python": platform.python_version(),
    }


def _setup_django(database: str) -> str:
    benchlib.production_settings()
    if database == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        path = VAR / "gpmi.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
        url = f"{PG_SERVER}/{PG_DB}"
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    return url


def _drop(database: str) -> None:
    if database == "postgresql":
        import psycopg
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')


def load(n_gpmis: int, n_ocmws: int, seed: int) -> dict:
    """Insert the generated data in bulk; returns counts."""
    from openocmw.accounts.models import Membership, Ocmw, User
    from openocmw.gpmi.dates import add_months
    from openocmw.gpmi.models import Evaluation, Gpmi, Kind, Outcome, Status
    from openocmw.gpmi.services.contracts import _schedule
    from openocmw.registry.models import Person

    rng = random.Random(seed)
    ocmws = Ocmw.objects.bulk_create(
        Ocmw(name_nl=f"OCMW {i}", name_fr=f"CPAS {i}", nis_code=f"{10000 + i}", region="flanders")
        for i in range(n_ocmws)
    )
    workers = []
    for o in ocmws:
        u = User.objects.create(username=f"worker-{o.nis_code}")
        Membership.objects.create(user=u, ocmw=o, role="social_worker")
        workers.append(u)
    kinds = [Kind.GENERAL] * 6 + [Kind.TRAINING] * 2 + [Kind.STUDIES] + [Kind.COMMUNITY_SERVICE]
    outcomes = list(Outcome.values)
    today = date.today()
    batch = 5000
    n_eval = 0
    for offset in range(0, n_gpmis, batch):
        size = min(batch, n_gpmis - offset)
        persons = []
        plans = []
        for i in range(offset, offset + size):
            o = i % n_ocmws
            birth = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
            persons.append(
                Person(
                    ocmw=ocmws[o],
                    first_name=f"P{i}",
                    last_name=f"L{i}",
                    birth_date=birth,
                    sex=rng.choice("MMFFX" if i % 50 == 0 else "MF"),
                    nationality="BE",
                    search_name=f"l{i} p{i}",
                )
            )
            start = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 365 * 7 + 300))
            months = rng.choice([6, 6, 12, 12, 12, 18, 24, 36])
            end = add_months(start, months) - timedelta(days=1)
            r = rng.random()
            if r < 0.05:
                status, closed_on = Status.DRAFT, None
            else:
                closed = end < today and r < 0.85 or r < 0.15
                if closed:
                    span = (min(end, today) - start).days
                    closed_on = start + timedelta(days=rng.randrange(max(span, 1)))
                    status = Status.CLOSED
                else:
                    status, closed_on = Status.ACTIVE, None
            plans.append((o, start, end, status, closed_on, birth))
        persons = Person.objects.bulk_create(persons, batch_size=batch)
        gpmis = []
        for person, (o, start, end, status, closed_on, birth) in zip(persons, plans, strict=True):
            age = start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))
            gpmis.append(
                Gpmi(
                    ocmw=ocmws[o],
                    person=person,
                    worker=workers[o],
                    status=status,
                    kind=rng.choice(kinds),
                    start=start,
                    end=end,
                    ends_on=closed_on or end,
                    validated_on=None if status == Status.DRAFT else start,
                    closed_on=closed_on,
                    outcome=rng.choice(outcomes) if closed_on else "",
                    leefloon_category=rng.choice([1, 2, 2, 3, None]),
                    age_at_start=age,
                )
            )
        gpmis = Gpmi.objects.bulk_create(gpmis, batch_size=batch)
        evaluations = []
        for g in gpmis:
            if g.status == Status.DRAFT:
                continue
            for due in _schedule(g.start, g.end):
                cancelled = g.closed_on is not None and due > g.closed_on
                held = None
                if not cancelled and due <= today and rng.random() < 0.67:
                    held = due - timedelta(days=rng.randrange(0, 30))
                evaluations.append(
                    Evaluation(
                        gpmi=g,
                        due_on=due,
                        held_on=held,
                        form=rng.choice(["interview", "interview", "home_visit", "phone"])
                        if held
                        else "",
                        cancelled_at=datetime.now(UTC) if cancelled else None,
                    )
                )
        Evaluation.objects.bulk_create(evaluations, batch_size=batch)
        n_eval += len(evaluations)
    return {"ocmws": n_ocmws, "gpmis": n_gpmis, "persons": n_gpmis, "evaluations": n_eval}


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_one(database: str, args: argparse.Namespace) -> dict:
    _setup_django(database)
    from django.core.management import call_command
    from django.db import connection

    from openocmw.gpmi.stats import compute

    try:
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        counts = load(args.gpmis, args.ocmws, args.seed)
        load_s = time.perf_counter() - t0
        _analyze()
        start, end = date(args.year, 1, 1), date(args.year, 12, 31)
        from openocmw.accounts.models import Ocmw

        ocmw_id = Ocmw.objects.order_by("pk").values_list("pk", flat=True).first()
        results = {}
        for label, scope in (("all OCMWs", None), ("one OCMW", ocmw_id)):
            compute(start, end, scope)  # warm-up
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                s = compute(start, end, scope)
                times.append(time.perf_counter() - t)
            results[label] = {
                "best_s": round(min(times), 3),
                "median_s": round(statistics.median(times), 3),
                "worst_s": round(max(times), 3),
                "totals": s.totals,
                "evaluations_due": s.evaluations["due"],
            }
        out = {
            "database": database,
            "vendor": connection.vendor,
            "load_s": round(load_s, 1),
            "counts": counts,
            "year": args.year,
            "repeat": args.repeat,
            "results": results,
            "machine": _machine(),
            "target_s": TARGET_S,
        }
        VAR.mkdir(parents=True, exist_ok=True)
        (VAR / f"gpmi-{database}.json").write_text(json.dumps(out, indent=1))
        return out
    finally:
        if not args.keep:
            _drop(database)


def report(out: dict) -> str:
    lines = [
        f"### {out['database']} ({out['counts']['gpmis']:,} GPMIs, "
        f"{out['counts']['evaluations']:,} evaluations, {out['counts']['ocmws']} OCMWs; "
        f"loaded in {out['load_s']} s)",
        "",
        f"| statistics for {out['year']} | best | median | worst | started / ongoing / closed |",
        "|---|---|---|---|---|",
    ]
    for label, r in out["results"].items():
        t = r["totals"]
        lines.append(
            f"| {label} | {r['best_s']} s | {r['median_s']} s | {r['worst_s']} s | "
            f"{t['started']:,} / {t['ongoing']:,} / {t['closed']:,} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.database == "both":
        status = 0
        for db in ("sqlite", "postgresql"):
            rest = list(argv if argv is not None else sys.argv[1:])
            if "--database" in rest:
                i = rest.index("--database")
                del rest[i : i + 2]
            status |= subprocess.run(  # noqa: S603 - this script, with its own arguments
                [sys.executable, __file__, "--database", db, *rest], check=False
            ).returncode
        return status
    out = run_one(args.database, args)
    print(report(out))
    m = out["machine"]
    print(f"\nmachine: {m['nproc']} CPU ({m['cpu']}), {m['memory']} memory, Python {m['python']}")
    slow = [k for k, r in out["results"].items() if r["median_s"] >= TARGET_S]
    if slow:
        print(f"SLOWER than {TARGET_S} s: {', '.join(slow)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
