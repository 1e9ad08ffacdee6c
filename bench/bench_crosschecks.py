"""The nightly cross-checks (issue 13 §4): 100,000 decisions in force against a month of flows.

    python bench/bench_crosschecks.py --database sqlite
    python bench/bench_crosschecks.py --database postgresql

A fresh benchmark database (benchlib: production settings, SQLite var/bench/crosschecks.sqlite3
or PostgreSQL openocmw_bench_crosschecks on 127.0.0.1), ``migrate``, then bulk-loaded: one OCMW,
``--decisions`` persons each with a request, a frozen proposal (the situation the rules
counted, with an unemployment benefit for 10 % of them) and a leefloon decision in force in
March 2026; and one month of flows (March 2026): a main residence for everyone (1 % in another
municipality), an unemployment benefit for 20 % (half of them not counted), wages for 5 %,
a death for 0.2 %, another OCMW's attest for 0.5 %. Then the time of ``crosschecks.run`` for
the month (the nightly job's work), and of a second run (which must add no warning).
Target: under 60 s for the run, on both databases.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
MARCH = date(2026, 3, 1)
SITUATION = {
    "reference_date": "2026-03-01",
    "applicant": {
        "birth_date": "1985-07-30",
        "residence_status": "belgian",
        "conditions": {
            "actual_residence_in_belgium": True,
            "willing_to_work": True,
            "other_benefits_claimed": True,
        },
    },  # fmt: skip
    "household": {"members": []},
}


def seed(n: int, rng: random.Random) -> None:
    from openocmw.accounts.models import Membership, Ocmw, Role, User
    from openocmw.casework.models import AidRequest, Decision, Meeting, Proposal
    from openocmw.exchange.models import FlowRecord
    from openocmw.registry.models import Person

    ocmw = Ocmw.objects.create(name_nl="OCMW Leuven", name_fr="CPAS de Louvain",
                               nis_code="24062", region="flanders")  # fmt: skip
    user = User.objects.create_user(username="bench.worker", password="x")
    Membership.objects.create(user=user, ocmw=ocmw, role=Role.SOCIAL_WORKER)
    meeting = Meeting.objects.create(ocmw=ocmw, held_on=date(2026, 2, 25), state="closed")
    batch = 5000
    facts = []
    for start in range(0, n, batch):
        count = min(batch, n - start)
        persons = Person.objects.bulk_create([
            Person(ocmw=ocmw, insz=f"{10_000_000_000 + start + i}", first_name="Bench",
                   last_name=f"P{start + i}", birth_date=date(1985, 7, 30), sex="X",
                   nationality="BE", search_name=f"p{start + i} bench")
            for i in range(count)
        ])  # fmt: skip
        requests = AidRequest.objects.bulk_create([
            AidRequest(ocmw=ocmw, person=p, number=f"B-{p.pk}", received_on=date(2026, 2, 16),
                       kind="leefloon", channel="counter", state="decided",
                       decision_due=date(2026, 3, 18), assigned_to=user)
            for p in persons
        ])  # fmt: skip
        counted = [rng.random() < 0.10 for _ in persons]
        proposals = Proposal.objects.bulk_create([
            Proposal(request=r, state="approved", kind="grant", effective_from=MARCH,
                     monthly_amount=Decimal("1340.47"), category=2,
                     situation=_situation(with_income) )
            for r, with_income in zip(requests, counted, strict=True)
        ])  # fmt: skip
        Decision.objects.bulk_create([
            Decision(ocmw=ocmw, person=p, request=r, proposal=pr, meeting=meeting,
                     aid_kind="leefloon", kind="grant", decided_on=date(2026, 2, 25),
                     effective_from=MARCH, monthly_amount=Decimal("1340.47"),
                     notify_due=date(2026, 3, 5))
            for p, r, pr in zip(persons, requests, proposals, strict=True)
        ])  # fmt: skip
        for p, with_income in zip(persons, counted, strict=True):
            facts.append(_fact(p.insz, "national_register", "municipality",
                               value="21004" if rng.random() < 0.01 else "24062"))  # fmt: skip
            if rng.random() < 0.20:
                amount = (
                    Decimal("600.00") if with_income or rng.random() < 0.5 else Decimal("900.00")
                )
                facts.append(_fact(p.insz, "unemployment", "unemployment_benefit", amount))
            if rng.random() < 0.05:
                facts.append(_fact(p.insz, "employment", "wages", Decimal("640.00")))
            if rng.random() < 0.002:
                facts.append(_fact(p.insz, "national_register", "death", value="2026-03-14"))
            if rng.random() < 0.005:
                facts.append(_fact(p.insz, "attests", "ocmw_paying", Decimal("1340.47"), "92094"))
    FlowRecord.objects.bulk_create(facts, batch_size=5000)


def _situation(with_income: bool) -> dict:
    if not with_income:
        return SITUATION
    applicant = dict(SITUATION["applicant"],
                     resources=[{"kind": "unemployment_benefit", "amount": 600, "period": "month"}])  # fmt: skip
    return dict(SITUATION, applicant=applicant)


def _fact(insz, source, field, amount=None, value=""):
    from openocmw.exchange.models import FlowRecord

    return FlowRecord(source=source, insz=insz, month=MARCH, field=field, amount=amount,
                      value=value, message_id="BENCH-2026-03")  # fmt: skip


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="bench_crosschecks", description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--decisions", type=int, default=100_000)
    p.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = p.parse_args(argv)
    import benchlib

    benchlib.configure("crosschecks", args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openocmw.exchange.models import FlowRecord, FlowWarning
    from openocmw.exchange.services import crosschecks

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(args.decisions, random.Random(13))
    seed_s = time.perf_counter() - started
    load_before = [round(x, 2) for x in os.getloadavg()]
    # The floor: only reading what every run must read (the month's flows and the decisions in
    # force, as tuples), measured in the same run, just before the cross-checks.
    started = time.perf_counter()
    list(FlowRecord.objects.filter(month=MARCH).values_list(
        "insz", "source", "field", "amount", "value").iterator(chunk_size=20000))  # fmt: skip
    list(crosschecks.decisions_in_force(MARCH).values_list(
        "pk", "ocmw_id", "person_id", "person__insz", "request__assigned_to_id"
    ).iterator(chunk_size=5000))  # fmt: skip
    floor_s = time.perf_counter() - started
    started = time.perf_counter()
    first = crosschecks.run(MARCH)
    run_s = time.perf_counter() - started
    started = time.perf_counter()
    second = crosschecks.run(MARCH)
    rerun_s = time.perf_counter() - started
    by_check = {}
    for w in FlowWarning.objects.values_list("mismatch", flat=True):
        by_check[w] = by_check.get(w, 0) + 1
    print(json.dumps({
        "bench": "crosschecks", "database": connection.vendor, "decisions": first["decisions"],
        "flow_facts": FlowRecord.objects.count(), "seed_s": round(seed_s, 1),
        "floor_s": round(floor_s, 2), "run_s": round(run_s, 2),
        "run_over_floor": round(run_s / floor_s, 1) if floor_s else None,
        "warnings": first["warnings"], "by_check": by_check,
        "rerun_s": round(rerun_s, 2), "rerun_new_warnings": second["warnings"],
        "target_s": 60, "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }), flush=True)  # fmt: skip
    if not args.keep:
        benchlib.drop("crosschecks", args.database)
    return 0 if run_s < 60 and second["warnings"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
