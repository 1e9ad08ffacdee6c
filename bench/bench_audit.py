"""Audit log benchmark (issue 9 §1): the cost of the keyed chain and of its verification.

    python bench/bench_audit.py [--database sqlite|postgresql] [--entries 20000]

A fresh database (SQLite: var/bench/audit.sqlite3; PostgreSQL: ``openocmw_bench_audit`` on
127.0.0.1:5432, created and dropped here), ``migrate``, one OCMW; then the time of
``audit.record`` per entry (one transaction each, as in a request), of ``audit.verify`` over
all entries (HMAC recomputed, compared with the checkpoint), and of ``write_checkpoints``.
Settings as in production: OPENOCMW_DEBUG=0, a secret key, an audit key. The security
adviser's "Check the chain" button runs the same verify for one OCMW.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PG_NAME = "openocmw_bench_audit"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres") as conn:
        conn.autocommit = True
        conn.execute(sql)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="bench_audit", description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--entries", type=int, default=20_000)
    args = p.parse_args(argv)
    VAR.mkdir(parents=True, exist_ok=True)
    if args.database == "sqlite":
        db = VAR / "audit.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    else:
        _admin(f"DROP DATABASE IF EXISTS {PG_NAME}")
        _admin(f"CREATE DATABASE {PG_NAME}")
        url = f"postgresql://postgres@127.0.0.1:5432/{PG_NAME}"
    os.environ.update(
        DATABASE_URL=url,
        OPENOCMW_DEBUG="0",
        OPENOCMW_SECRET_KEY="bench-" + "x" * 50,
        OPENOCMW_AUDIT_KEY="bench-audit-key-" + "y" * 32,
        OPENOCMW_AUDIT_CHECKPOINT_DIR=tempfile.mkdtemp(prefix="bench-audit-"),
        DJANGO_SETTINGS_MODULE="openocmw.config.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    from openocmw.accounts import audit
    from openocmw.accounts.models import Membership, Ocmw, Role, User
    from openocmw.accounts.tenancy import Actor

    call_command("migrate", verbosity=0)
    ocmw = Ocmw.objects.create(
        name_nl="Bench", name_fr="Bench", nis_code="99999", region="flanders"
    )
    user = User.objects.create_user("bench", password="not-used-in-bench")  # noqa: S106
    actor = Actor(user, Membership.objects.create(user=user, ocmw=ocmw, role=Role.SOCIAL_WORKER))
    times = []
    for i in range(args.entries):
        start = time.perf_counter()
        audit.record(actor, "view", object_type="person", object_id=i, subject_person_id=i)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    audit.write_checkpoints()
    checkpoint_s = time.perf_counter() - start
    start = time.perf_counter()
    report = audit.verify(ocmw.pk)
    verify_s = time.perf_counter() - start
    assert report.ok, report.problems
    times.sort()
    p95 = times[int(len(times) * 0.95)] * 1000
    print(
        "| database | entries | record p50 ms | record p95 ms | verify s | verify entries/s | checkpoint ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.database} | {args.entries} | {statistics.median(times) * 1000:.2f} | {p95:.2f} "
        f"| {verify_s:.2f} | {args.entries / verify_s:,.0f} | {checkpoint_s * 1000:.1f} |"
    )
    if args.database == "postgresql":
        from django.db import connections

        connections.close_all()
        _admin(f"DROP DATABASE {PG_NAME}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main(sys.argv[1:]))
