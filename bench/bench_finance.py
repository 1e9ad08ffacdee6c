"""Payment run benchmark (issue 14): a monthly run for 50,000 decisions, target < 60 s.

    python bench/bench_finance.py [--database sqlite|postgresql] [--decisions 50000]

A fresh database (benchlib), production settings, jobs inline (the job runs in this process as
a worker would run it). One OCMW, N persons with a bank account and a granted leefloon from
1 January; then:

1. the run of February (the first run: every decision, no history),
2. 5 % of the decisions revised with retroactive effect to 1 February (new versions),
3. the run of March (retroactive differences for the revised chains, partial months),
4. the approval of March: the SEPA pain.001 file written and validated against its XSD.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import benchlib  # noqa: E402


def belgian_iban(n: int) -> str:
    from stdnum import iban

    first = 100_0000000 + n  # 10 digits
    check = first % 97 or 97
    bban = f"{first:010d}{check:02d}"
    return "BE" + iban.calc_check_digits("BE00" + bban) + bban


def floor(run) -> tuple[float, float]:
    """The floor of a run: the same lines written with the run's own bulk insert (COPY on
    PostgreSQL, executemany on SQLite), without computing anything, in a transaction rolled
    back. Wall and CPU seconds of the insert alone (the rows are read before the clock starts)."""
    from django.db import transaction

    from openocmw.finance.models import Payment
    from openocmw.finance.services import runs

    attnames = [f.attname for f in runs.PAYMENT_FIELDS]
    month = attnames.index("month")
    rows = [list(r) for r in Payment.objects.filter(run=run).values_list(*attnames)]
    for r in rows:  # other months: the unique (decision, month) would refuse the same ones
        r[month] = r[month].replace(year=r[month].year + 10)
    with transaction.atomic():
        t0, c0 = time.perf_counter(), time.process_time()
        runs.insert_rows(iter(rows))
        out = time.perf_counter() - t0, time.process_time() - c0
        transaction.set_rollback(True)
    return out


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="bench_finance", description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--decisions", type=int, default=50_000)
    p.add_argument("--profile", action="store_true", help="cProfile the March run")
    args = p.parse_args(argv)
    import os

    benchlib.configure("finance", args.database)
    os.environ["OPENOCMW_JOBS_INLINE"] = "1"
    import django

    django.setup()
    from django.core.management import call_command

    from openocmw.accounts.models import Membership, Ocmw, Role, User
    from openocmw.accounts.tenancy import Actor
    from openocmw.casework.models import AidRequest, Decision, Proposal
    from openocmw.finance.fixtures import bulk_decisions
    from openocmw.finance.models import BankAccount, PayerAccount, Payment
    from openocmw.finance.services import runs
    from openocmw.registry.models import Person

    call_command("migrate", verbosity=0)
    ocmw = Ocmw.objects.create(name_nl="Bench", name_fr="Bench", nis_code="99999",
                               region="flanders")  # fmt: skip
    actors = []
    for name, role in (("worker", Role.SOCIAL_WORKER), ("lead", Role.TEAM_LEAD)):
        user = User.objects.create_user(name, password="not-used-in-bench")  # noqa: S106
        actors.append(Actor(user, Membership.objects.create(user=user, ocmw=ocmw, role=role)))
    worker, lead = actors
    PayerAccount.objects.create(ocmw=ocmw, name="OCMW Bench", iban=belgian_iban(0),
                                bic="GEBABEBB")  # fmt: skip
    n = args.decisions
    t0 = time.perf_counter()
    persons = Person.objects.bulk_create(
        [Person(ocmw=ocmw, first_name=f"P{i}", last_name="Bench", birth_date=date(1980, 1, 1),
                sex="F", nationality="BE", search_name=f"bench p{i}") for i in range(n)],
        batch_size=5000,
    )  # fmt: skip
    BankAccount.objects.bulk_create(
        [BankAccount(ocmw=ocmw, person=pp, iban=belgian_iban(i + 1), holder=f"P{i} Bench",
                     valid_from=date(2026, 1, 1)) for i, pp in enumerate(persons)],
        batch_size=5000,
    )  # fmt: skip
    bulk_decisions(ocmw, persons, start=date(2026, 1, 1), amount=Decimal("1025.34"))
    setup_s = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        feb = prof.runcall(runs.start_run, worker, date(2026, 2, 1))
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    else:
        feb = runs.start_run(worker, date(2026, 2, 1))
    feb_s, feb_cpu = time.perf_counter() - t0, time.process_time() - c0
    feb.refresh_from_db()
    assert feb.state == "computed", feb.error
    floor_s, floor_cpu = floor(feb)

    # 5 % revised retroactively to 1 February (one new version each)
    revised = list(Decision.objects.filter(ocmw=ocmw).order_by("pk")[: max(1, n // 20)])
    reqs = AidRequest.objects.bulk_create(
        [AidRequest(ocmw=ocmw, person_id=d.person_id, number=f"R{d.pk}", received_on=date(2026, 2, 20),
                    kind="leefloon", channel="counter", state="decided", replaces_decision=d,
                    decision_due=date(2026, 3, 20)) for d in revised], batch_size=5000)  # fmt: skip
    props = Proposal.objects.bulk_create(
        [Proposal(request=r, kind="modify", effective_from=date(2026, 2, 1),
                  monthly_amount=Decimal("900.00"), state="approved") for r in reqs],
        batch_size=5000)  # fmt: skip
    meeting = revised[0].meeting
    Decision.objects.bulk_create(
        [Decision(ocmw=ocmw, person_id=d.person_id, request=r, proposal=pr, meeting=meeting,
                  aid_kind="leefloon", kind="modify", decided_on=date(2026, 2, 25),
                  effective_from=date(2026, 2, 1), monthly_amount=Decimal("900.00"), replaces=d,
                  version=2, notify_due=date(2026, 2, 25) + timedelta(days=8))
         for d, r, pr in zip(revised, reqs, props, strict=True)], batch_size=5000)  # fmt: skip

    t0, c0 = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        march = prof.runcall(runs.start_run, worker, date(2026, 3, 1))
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    else:
        march = runs.start_run(worker, date(2026, 3, 1))
    march_s, march_cpu = time.perf_counter() - t0, time.process_time() - c0
    march.refresh_from_db()
    assert march.state == "computed", march.error
    t0, c0 = time.perf_counter(), time.process_time()
    if args.profile:
        prof = cProfile.Profile()
        march = prof.runcall(runs.approve, lead, march)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    else:
        march = runs.approve(lead, march)
    approve_s, approve_cpu = time.perf_counter() - t0, time.process_time() - c0
    lines = Payment.objects.filter(run=march).count()
    from openocmw.finance.models import RecoveryClaim

    claims = RecoveryClaim.objects.count()
    version = "SQLite" if args.database == "sqlite" else "PostgreSQL"
    from django.db import connection

    version += " " + (connection.Database.sqlite_version if args.database == "sqlite"
                      else str(connection.cursor().connection.info.server_version))  # fmt: skip
    feb_lines = Payment.objects.filter(run=feb).count()
    print(
        "| database | decisions | setup s | run Feb s (CPU s) | lines Feb | floor: insert only s "
        "(CPU s) | Feb / floor wall (CPU) | run Mar s, 5 % revised (CPU s) | lines Mar "
        "| revision claims | approve + SEPA s (CPU s) | SEPA MB | < 60 s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    ok = "yes" if max(feb_s, march_s) < 60 else "**no**"
    print(f"| {version} | {n} | {setup_s:.1f} | {feb_s:.1f} ({feb_cpu:.1f}) | {feb_lines} "
          f"| {floor_s:.1f} ({floor_cpu:.1f}) | {feb_s / max(floor_s, 1e-3):.1f} ({feb_cpu / max(floor_cpu, 1e-3):.1f}) "
          f"| {march_s:.1f} ({march_cpu:.1f}) | {lines} | {claims} "
          f"| {approve_s:.1f} ({approve_cpu:.1f}) "
          f"| {len(bytes(march.sepa_xml)) / 1e6:.1f} | {ok} |")  # fmt: skip
    benchlib.drop("finance", args.database)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
