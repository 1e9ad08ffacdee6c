"""Benchmark of the observatory's pages (issue 15: every page over 1,000,000 decisions in 50
OCMWs answers with p95 under 1 s).

Builds the data in bulk (``Inserter``: COPY on PostgreSQL, executemany on SQLite, the keys
given by the benchmark, not the casework flow): 50 OCMWs, one
person per two decisions (a grant from a day of 2022-2025, then for half of them a stop and for
the other half a change), each person with a request, a residence status and one proposal per
decision. Then it stores the observatory's counts of the year (what the nightly job
``stats.observatory_refresh`` does; timed), and through Django's test Client with the production settings, times the
observatory page of the federal inspector (all OCMWs), of one OCMW's team lead, and the CSV
export, ``--repeat`` times each after a warm-up, and prints p50/p95/max with the load average.

Usage: python bench/bench_observatory.py [--decisions 1000000] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import benchlib  # noqa: E402

NATIONALITIES = ["BE"] * 14 + ["MA", "NL", "FR", "SY", "RO", "TR"]


class Inserter:
    """Rows straight into a table, without model instances (3.5 million of them would take
    many minutes): a template row of the model's defaults, and per row only the columns given.
    COPY on PostgreSQL, one executemany on SQLite; the keys are given here (empty tables)."""

    def __init__(self, model):
        from django.db import DEFAULT_DB_ALIAS, connections

        self.connection = connections[DEFAULT_DB_ALIAS]
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        template = model()
        self.template = [
            f.get_db_prep_save(f.pre_save(template, True), self.connection) for f in self.fields
        ]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.next_pk = 1

    def insert(self, names: list[str], values: list[tuple]) -> list[int]:
        """Insert one row per tuple of ``values`` (in the order of ``names``); their keys."""
        positions = [self.index[n] for n in names]
        pk_at = self.index[self.model._meta.pk.attname]
        keys = list(range(self.next_pk, self.next_pk + len(values)))
        self.next_pk += len(values)
        rows = []
        for key, value in zip(keys, values, strict=True):
            row = list(self.template)
            row[pk_at] = key
            for at, v in zip(positions, value, strict=True):
                row[at] = v
            rows.append(row)
        conn = self.connection
        table = conn.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(conn.ops.quote_name(f.column) for f in self.fields)
        if conn.vendor == "postgresql":
            conn.ensure_connection()
            raw = conn.connection.cursor()
            with raw, raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.fields))
            with conn.cursor() as cursor:
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (model names)
                cursor.executemany(sql, rows)
        return keys


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def load(decisions: int, n_ocmws: int, seed: int) -> dict:
    from django.db import transaction

    from openocmw.accounts.models import Ocmw
    from openocmw.casework.models import AidRequest, Decision, Meeting, Proposal
    from openocmw.registry.models import Person, ResidenceStatus

    rng = random.Random(seed)
    ocmws = Ocmw.objects.bulk_create(
        Ocmw(name_nl=f"OCMW {i}", name_fr=f"CPAS {i}", nis_code=f"{11001 + i}", region="flanders")
        for i in range(n_ocmws)
    )
    meetings = [
        Meeting.objects.create(ocmw=o, held_on=date(2022, 1, 3), state="closed").pk for o in ocmws
    ]
    ocmw_ids = [o.pk for o in ocmws]
    models = (Person, ResidenceStatus, AidRequest, Proposal, Decision)
    tables = {m: Inserter(m) for m in models}
    persons_n = decisions // 2
    batch = 50000
    for offset in range(0, persons_n, batch):
        with transaction.atomic():
            _batch(tables, ocmw_ids, meetings, rng, offset, min(batch, persons_n - offset))
    reset_sequences(list(models))
    return {"ocmws": n_ocmws, "persons": persons_n, "decisions": persons_n * 2}


def _batch(tables, ocmw_ids, meetings, rng, offset, size) -> None:
    from openocmw.casework.models import AidRequest, Decision, Proposal
    from openocmw.registry.models import Person, ResidenceStatus

    n_ocmws = len(ocmw_ids)
    index = range(offset, offset + size)
    ocmw = [ocmw_ids[i % n_ocmws] for i in index]
    birth = [date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55)) for _ in index]
    people = tables[Person].insert(
        ["ocmw_id", "first_name", "last_name", "birth_date", "sex", "nationality", "search_name"],
        [(o, f"P{i}", f"L{i}", b, rng.choice("MF"), rng.choice(NATIONALITIES), f"l{i} p{i}")
         for i, o, b in zip(index, ocmw, birth, strict=True)],
    )  # fmt: skip
    tables[ResidenceStatus].insert(
        ["person_id", "status", "valid_from"],
        [(p, "belgian", b) for p, b in zip(people, birth, strict=True)],
    )
    starts = [date(2022, 1, 1) + timedelta(days=rng.randrange(0, 365 * 4)) for _ in index]
    requests = tables[AidRequest].insert(
        ["ocmw_id", "person_id", "number", "received_on", "kind", "channel", "decision_due"],
        [(o, p, f"B{p}", s, "leefloon", "counter", s)
         for o, p, s in zip(ocmw, people, starts, strict=True)],
    )  # fmt: skip
    second = [s + timedelta(days=rng.randrange(30, 700)) for s in starts]
    kinds = ["stop" if i % 2 else "modify" for i in range(size)]
    grants = tables[Proposal].insert(
        ["request_id", "kind", "effective_from"],
        [(r, "grant", s) for r, s in zip(requests, starts, strict=True)],
    )
    changes = tables[Proposal].insert(
        ["request_id", "kind", "effective_from", "version"],
        [(r, k, s, 2) for r, k, s in zip(requests, kinds, second, strict=True)],
    )
    rows = []
    for j in range(size):
        meeting = meetings[(offset + j) % n_ocmws]
        aid = "equivalent_leefloon" if (offset + j) % 9 == 0 else "leefloon"
        cat = rng.choice((1, 2, 2, 3))
        for prop, kind, day in ((grants[j], "grant", starts[j]), (changes[j], kinds[j], second[j])):
            rows.append(
                (ocmw[j], people[j], requests[j], prop, meeting, aid, kind, day, day, cat, day)
            )
    tables[Decision].insert(
        ["ocmw_id", "person_id", "request_id", "proposal_id", "meeting_id", "aid_kind", "kind",
         "decided_on", "effective_from", "category", "notify_due"],
        rows,
    )  # fmt: skip


def run(database: str, args) -> dict:
    benchlib.configure("observatory", database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from openocmw.accounts.models import Membership, Ocmw, User

    try:
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        counts = load(args.decisions, args.ocmws, args.seed)
        load_s = time.perf_counter() - t0
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        inspector = User.objects.create(username="inspector")
        Membership.objects.create(user=inspector, ocmw=None, role="federal_inspector")
        lead = User.objects.create(username="lead")
        Membership.objects.create(
            user=lead, ocmw=Ocmw.objects.order_by("pk").first(), role="team_lead"
        )
        from openocmw.stats import aggregates

        first = Ocmw.objects.order_by("name_nl").first().pk
        t0, c0 = time.perf_counter(), time.process_time()
        for ocmw_id in Ocmw.objects.values_list("pk", flat=True):
            aggregates.store(ocmw_id, 2024, 12)  # the nightly job's work for one year
        refresh = {"wall_s": round(time.perf_counter() - t0, 1),
                   "cpu_s": round(time.process_time() - c0, 1)}  # fmt: skip
        print(json.dumps({"refresh 2024, every OCMW": refresh}), flush=True)
        scenarios = {
            "inspector, all OCMWs": (inspector, "/stats/?year=2024"),
            "inspector, one OCMW": (inspector, f"/stats/?year=2024&ocmw={first}"),
            "inspector, sex x nationality": (
                inspector,
                "/stats/?year=2024&by=sex&within=nationality",
            ),
            "team lead, one OCMW": (lead, "/stats/?year=2024"),
            "inspector, CSV export": (inspector, "/stats/export/csv?year=2024"),
            "inspector, Excel export": (inspector, "/stats/export/xlsx?year=2024"),
        }
        out = {"database": database, "counts": counts, "load_s": round(load_s, 1),
               "refresh": refresh, "scenarios": {}}  # fmt: skip
        for label, (user, url) in scenarios.items():
            client = Client()
            client.force_login(user)
            benchlib.get(client, url)  # warm-up
            times, cpus, loads = [], [], []
            for _ in range(args.repeat):
                loads.append(os.getloadavg()[0])
                t, c = time.perf_counter(), time.process_time()
                benchlib.get(client, url)
                times.append((time.perf_counter() - t) * 1000)
                cpus.append((time.process_time() - c) * 1000)
            out["scenarios"][label] = {
                "p50_ms": round(benchlib.percentile(times, 50)), "p95_ms": round(benchlib.percentile(times, 95)),
                "max_ms": round(max(times)), "cpu_p95_ms": round(benchlib.percentile(cpus, 95)),
                "load": round(sum(loads) / len(loads), 2),
            }  # fmt: skip
            print(json.dumps({label: out["scenarios"][label]}), flush=True)
        return out
    finally:
        if not args.keep:
            benchlib.drop("observatory", database)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--ocmws", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.database, args)))


if __name__ == "__main__":
    main()
