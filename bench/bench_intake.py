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
    intake.screen_household(actor.ocmw, sample[0], on)  # warm the caches (parameters, system)
    screen_ms, panel_ms, rights_shown = [], [], 0
    for pk in sample:
        started = time.perf_counter()
        intake.screen_household(actor.ocmw, pk, on)
        screen_ms.append((time.perf_counter() - started) * 1000)
        person = Person.objects.get(pk=pk)
        started = time.perf_counter()
        rows = intake.missing_rights(actor, person, on)
        panel_ms.append((time.perf_counter() - started) * 1000)
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
                "rights_shown_per_panel": round(rights_shown / len(sample), 2),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
