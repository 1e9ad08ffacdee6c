"""Benchmark of the observatory's pages (issue 15: every page over 1,000,000 decisions in 50
OCMWs answers with p95 under 1 s).

Builds the data in bulk (``bulk_create`` in batches, not the casework flow): 50 OCMWs, one
person per two decisions (a grant from a day of 2022-2025, then for half of them a stop and for
the other half a change), each person with a request, a residence status and one proposal per
decision. Then, through Django's test Client with the production settings, times the
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


def load(decisions: int, n_ocmws: int, seed: int) -> dict:
    from openocmw.accounts.models import Ocmw
    from openocmw.casework.models import AidRequest, Decision, Meeting, Proposal
    from openocmw.registry.models import Person, ResidenceStatus

    rng = random.Random(seed)
    ocmws = Ocmw.objects.bulk_create(
        Ocmw(name_nl=f"OCMW {i}", name_fr=f"CPAS {i}", nis_code=f"{11001 + i}", region="flanders")
        for i in range(n_ocmws)
    )
    meetings = [
        Meeting.objects.create(ocmw=o, held_on=date(2022, 1, 3), state="closed") for o in ocmws
    ]
    persons_n = decisions // 2
    batch = 5000
    for offset in range(0, persons_n, batch):
        size = min(batch, persons_n - offset)
        rows = []
        for i in range(offset, offset + size):
            birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
            rows.append(Person(
                ocmw=ocmws[i % n_ocmws], first_name=f"P{i}", last_name=f"L{i}", birth_date=birth,
                sex=rng.choice("MF"), nationality=rng.choice(NATIONALITIES), search_name=f"l{i} p{i}",
            ))  # fmt: skip
        people = Person.objects.bulk_create(rows, batch_size=batch)
        ResidenceStatus.objects.bulk_create(
            [ResidenceStatus(person=p, status="belgian", valid_from=p.birth_date) for p in people],
            batch_size=batch,
        )
        starts = [date(2022, 1, 1) + timedelta(days=rng.randrange(0, 365 * 4)) for _ in people]
        requests = AidRequest.objects.bulk_create([
            AidRequest(ocmw=p.ocmw, person=p, number=f"B{p.pk}", received_on=s, kind="leefloon",
                       channel="counter", decision_due=s)
            for p, s in zip(people, starts, strict=True)
        ], batch_size=batch)  # fmt: skip
        second = [s + timedelta(days=rng.randrange(30, 700)) for s in starts]
        kinds = ["stop" if i % 2 else "modify" for i in range(len(people))]
        proposals = Proposal.objects.bulk_create(
            [Proposal(request=r, kind="grant", effective_from=s) for r, s in zip(requests, starts, strict=True)]
            + [Proposal(request=r, kind=k, effective_from=s, version=2) for r, k, s in zip(requests, kinds, second, strict=True)],
            batch_size=batch,
        )  # fmt: skip
        n = len(people)
        rows = []
        for j, p in enumerate(people):
            meeting = meetings[(offset + j) % n_ocmws]
            aid = "equivalent_leefloon" if (offset + j) % 9 == 0 else "leefloon"
            cat = rng.choice((1, 2, 2, 3))
            for prop, kind, day in (
                (proposals[j], "grant", starts[j]),
                (proposals[n + j], kinds[j], second[j]),
            ):
                rows.append(Decision(
                    ocmw=p.ocmw, person=p, request=requests[j], proposal=prop, meeting=meeting,
                    aid_kind=aid, kind=kind, decided_on=day, effective_from=day, category=cat,
                    notify_due=day,
                ))  # fmt: skip
        Decision.objects.bulk_create(rows, batch_size=batch)
    return {"ocmws": n_ocmws, "persons": persons_n, "decisions": persons_n * 2}


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
        scenarios = {
            "inspector, all OCMWs": (inspector, "/stats/?year=2024"),
            "team lead, one OCMW": (lead, "/stats/?year=2024"),
            "inspector, CSV export": (inspector, "/stats/export/csv?year=2024"),
        }
        out = {"database": database, "counts": counts, "load_s": round(load_s, 1), "scenarios": {}}
        for label, (user, url) in scenarios.items():
            client = Client()
            client.force_login(user)
            benchlib.get(client, url)  # warm-up
            times, loads = [], []
            for _ in range(args.repeat):
                loads.append(os.getloadavg()[0])
                t = time.perf_counter()
                benchlib.get(client, url)
                times.append((time.perf_counter() - t) * 1000)
            out["scenarios"][label] = {
                "p50_ms": round(benchlib.percentile(times, 50)), "p95_ms": round(benchlib.percentile(times, 95)),
                "max_ms": round(max(times)), "load": round(sum(loads) / len(loads), 2),
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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.database, args)))


if __name__ == "__main__":
    main()
