"""The intake panel (issue 11, §5): screening one household from the database, per person.

    DATABASE_URL=sqlite:///var/bench/rcat.sqlite3 python bench/bench_intake.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hrcatbench python bench/bench_intake.py

Uses the demo data of the database (`bench/bench_screening_db.py` loads it): for `--samples`
persons of OCMW Leuven drawn with a fixed seed, times `rights.intake.screen_household` (reading
the household, its statuses and decisions, the OCMW's local rights, screening every right, the
reasons in two languages) and `rights.intake.missing_rights` (the same, plus the audit entries
of the matches shown), and reports the median, p95 and maximum. Target: under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--local-rights", type=int, default=0,
        help="first give Leuven this many local rights with conditions (kept in the database)",
    )  # fmt: skip
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openocmw.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from benchlib import audit_key_file, percentile

    settings.OPENOCMW_AUDIT_KEY_FILE = str(audit_key_file())
    from openocmw.accounts.models import Membership, Role
    from openocmw.accounts.tenancy import Actor
    from openocmw.registry.models import Person
    from openocmw.rights import intake

    membership = Membership.objects.get(
        ocmw__nis_code="24062",
        role=Role.SOCIAL_WORKER,
        user__username="leuven.maatschappelijk.werker",
    )
    actor = Actor(user=membership.user, membership=membership)
    ids = list(Person.objects.filter(ocmw__nis_code="24062").values_list("pk", flat=True))
    rng = random.Random(args.seed)
    sample = rng.sample(ids, min(args.samples, len(ids)))
    on = date(2025, 3, 1)
    if args.local_rights:
        _local_rights(args.local_rights)
    intake.screen_household(actor.ocmw, sample[0], on)  # warm the caches (parameters, system)
    screen_ms, panel_ms, rights_shown = [], [], 0
    screen_cpu, panel_cpu = [], []  # this process's CPU (the database server's is not in it)
    for pk in sample:
        started, cpu = time.perf_counter(), time.process_time()
        intake.screen_household(actor.ocmw, pk, on)
        screen_ms.append((time.perf_counter() - started) * 1000)
        screen_cpu.append((time.process_time() - cpu) * 1000)
        person = Person.objects.get(pk=pk)
        started, cpu = time.perf_counter(), time.process_time()
        rows = intake.missing_rights(actor, person, on)
        panel_ms.append((time.perf_counter() - started) * 1000)
        panel_cpu.append((time.process_time() - cpu) * 1000)
        rights_shown += len(rows)

    def stats(values):
        return {
            "median_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "max_ms": round(max(values), 1),
        }

    print(
        json.dumps(
            {
                "bench": "intake_panel",
                "database": connection.vendor,
                "persons_in_ocmw": len(ids),
                "samples": len(sample),
                "screen_household": stats(screen_ms),
                "missing_rights_with_audit": stats(panel_ms),
                "screen_household_cpu": stats(screen_cpu),
                "missing_rights_cpu": stats(panel_cpu),
                "rights_shown_per_panel": round(rights_shown / len(sample), 2),
                "local_rights": len(intake.local_rules(actor.ocmw, on)),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        ),
        flush=True,
    )


def _local_rights(count: int) -> None:
    """Give OCMW Leuven `count` local rights with conditions (as its administrator), unless it
    has them: an age and an income clause each, thresholds varying."""
    from openocmw.accounts.models import Membership, Role
    from openocmw.accounts.tenancy import Actor
    from openocmw.rights import catalogue_services
    from openocmw.rights.models import RightVersion

    admin = Membership.objects.get(
        ocmw__nis_code="24062", role=Role.OCMW_ADMIN, user__username="leuven.beheerder"
    )
    actor = Actor(user=admin.user, membership=admin)
    for i in range(count):
        code = f"bench_local_{i}"
        if RightVersion.objects.filter(ocmw=admin.ocmw, code=code).exists():
            continue
        names = {"nl": f"Lokaal recht {i}", "fr": f"Droit local {i}", "de": f"Lokales Recht {i}"}
        entry = {
            "code": code, "names": names, "domain": "participation", "target_groups": ["elderly"],
            "legal_basis": [{"reference": "Benchmark", "url": "https://example.org/bench"}],
            "granted_by": {"nl": "het OCMW", "fr": "le CPAS"},
            "how_to_apply": {"nl": "Aan het onthaal", "fr": "À l'accueil"},
            "documents": ["identity_card"],
            "automation": {
                "status": "proactive_information",
                "reason": {"nl": "Benchmark", "fr": "Benchmark"}, "review_date": "2026-06-30",
            },
            "not_checkable": [], "owner": "bench", "last_review": "2025-01-15",
            "local_conditions": {"unit": "person", "all": [
                {"variable": "age", "operator": ">=", "value": 18 + i},
                {"variable": "income_net_monthly", "operator": "<=", "value": 1500 + 100 * i},
            ]},
        }  # fmt: skip
        catalogue_services.save_local_right(actor, entry, date(2020, 1, 1))


if __name__ == "__main__":
    main()
