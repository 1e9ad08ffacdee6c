"""The citizen's pages (issue 12 §1-2): p95 of the rights explorer and of the self-check.

    python bench/bench_public.py [--database sqlite|postgresql] [--requests 300]

In-process through Django's test Client with the whole middleware chain and the production
settings (OPENOCMW_DEBUG=0), on a fresh database with two OCMWs (Leuven: Flemish, with a local
right; Namur: French-speaking). Measured, each `--requests` times in random order:

- `explorer`: the catalogue page of a random OCMW and language with a random filter;
- `right`: one right's page (random OCMW, language, right);
- `selfcheck_step2`: step 2 of the self-check (the form of a household);
- `selfcheck_result`: the result of a random household (the leefloon facade + the screening);
- `floor`: the directory `/public/` (one query, a template): the least a public page costs.

The explorer's cards are cached per OCMW, language, date and catalogue state; the first
request of each combination builds them (reported as `explorer_cold`). Target: p95 under
100 ms. Prints JSON with the load average (the machine is shared) and, per page, the CPU time
of the process too (`cpu_*`: what a request costs, less disturbed by other processes than the
wall-clock time on a busy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import benchlib  # noqa: E402

LANGS = ("nl", "fr", "de")
FILTERS = [
    {},
    {"domain": "income"},
    {"domain": "health"},
    {"level": "federal"},
    {"automatic": "yes"},
    {"group": "students"},
]


def households(rnd: random.Random) -> dict:
    kind = rnd.choice(("single", "couple", "cohabitant"))
    data = {"step": "2", "partner": "no", "children": "0", "others": "0",
            "disability": "no", "debt_mediation": "unknown", "status": "belgian",
            "age": str(rnd.randint(19, 70)), "income_wages": str(rnd.choice(("", "250", "900")))}  # fmt: skip
    if kind == "couple":
        data |= {"partner": "yes", "children": "2", "partner_age": "40",
                 "partner_income_benefit": "700", "child0_age": "3", "child1_age": "5"}  # fmt: skip
        data["age"] = str(rnd.randint(25, 60))
    elif kind == "cohabitant":
        data |= {"others": "1", "other0_relation": "sibling", "other0_age": "33",
                 "other0_income_wages": "1500"}  # fmt: skip
    return data


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--keep", action="store_true", help="keep the benchmark database")
    p.add_argument(
        "--profile", choices=("explorer", "right", "selfcheck_step2", "selfcheck_result"),
        help="profile this page's requests (cProfile) and print the 25 costliest functions",
    )  # fmt: skip
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    benchlib.configure("public", args.database)
    os.environ["OPENOCMW_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from benchlib import percentile

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f} s", flush=True)
    from openocmw.accounts.models import Ocmw

    leuven = Ocmw.objects.create(
        name_nl="OCMW Leuven", name_fr="CPAS de Louvain", nis_code="24062", region="flanders",
        languages="nl", postal_code="3000", municipality_nl="Leuven", address="Grote Markt 9",
        opening_hours="Maandag tot vrijdag 9:00-12:00", phone="016 24 80 00",
    )  # fmt: skip
    Ocmw.objects.create(
        name_nl="OCMW Namen", name_fr="CPAS de Namur", nis_code="92094", region="wallonia",
        languages="fr", postal_code="5000", municipality_fr="Namur",
    )  # fmt: skip
    _local_right(leuven)
    from openocmw.rights.selectors import catalogue_for

    codes = {nis: list(catalogue_for(Ocmw.objects.get(nis_code=nis))) for nis in ("24062", "92094")}
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    rnd = random.Random(args.seed)
    times: dict[str, list[float]] = {}

    cpu: dict[str, list[float]] = {}

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()

    def hit(name, method, url, data=None):
        profiling = profiler is not None and name == args.profile
        if profiling:
            profiler.enable()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = getattr(client, method)(url, data or {}, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
        if profiling:
            profiler.disable()
        cpu.setdefault(name, []).append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        if response.cookies:
            raise SystemExit(f"{url}: set a cookie {list(response.cookies)}")
        times.setdefault(name, []).append(elapsed)

    for nis in codes:  # the cold explorer: the cards of each OCMW and language are built
        for lang in LANGS:
            hit("explorer_cold", "get", f"/public/{nis}/{lang}/")
    hit("warm", "post", "/public/24062/nl/selfcheck/", households(rnd))
    plan = ["explorer", "right", "selfcheck_step2", "selfcheck_result", "floor"] * args.requests
    rnd.shuffle(plan)
    for name in plan:
        nis, lang = rnd.choice(list(codes)), rnd.choice(LANGS)
        if name == "explorer":
            hit(name, "get", f"/public/{nis}/{lang}/", rnd.choice(FILTERS))
        elif name == "right":
            hit(name, "get", f"/public/{nis}/{lang}/rights/{rnd.choice(codes[nis])}/")
        elif name == "selfcheck_step2":
            hit(name, "post", f"/public/{nis}/{lang}/selfcheck/",
                {"step": "1", "partner": "yes", "children": "2", "others": "1"})  # fmt: skip
        elif name == "selfcheck_result":
            hit(name, "post", f"/public/{nis}/{lang}/selfcheck/", households(rnd))
        else:
            hit(name, "get", "/public/")
    summary = {"database": args.database, "requests_each": args.requests}
    for name, values in times.items():
        if name == "warm":
            continue
        values.sort()
        summary[name] = {
            "p50_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "max_ms": round(values[-1], 1),
            "cpu_p50_ms": round(percentile(cpu[name], 50), 1),
            "cpu_p95_ms": round(percentile(cpu[name], 95), 1),
        }
    floor = summary["floor"]["p95_ms"]
    for name in ("explorer", "right", "selfcheck_step2", "selfcheck_result"):
        summary[name]["p95_over_floor"] = round(summary[name]["p95_ms"] / floor, 2)
        summary[name]["cpu_p95_over_floor"] = round(
            summary[name]["cpu_p95_ms"] / summary["floor"]["cpu_p95_ms"], 2
        )
    if profiler is not None:
        import pstats

        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(60)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(15)
    summary["load_average"] = [round(x, 2) for x in os.getloadavg()]
    summary["cpus"] = os.cpu_count()
    print(json.dumps(summary, indent=2))
    if not args.keep:
        benchlib.drop("public", args.database)
    return summary


def _local_right(ocmw) -> None:
    from datetime import date

    from openocmw.accounts.models import Membership, Role, User
    from openocmw.accounts.tenancy import Actor
    from openocmw.rights import catalogue_services

    user = User.objects.create_user(username="bench.admin", password="bench-only-password-1")
    membership = Membership.objects.create(user=user, ocmw=ocmw, role=Role.OCMW_ADMIN)
    actor = Actor(user=user, membership=membership)
    entry = {
        "code": "leuven_senior_pass",
        "names": {"nl": "Seniorenpas Leuven", "fr": "Pass senior Louvain", "de": "Seniorenpass"},
        "domain": "participation", "target_groups": ["elderly"],
        "legal_basis": [{"reference": "Gemeenteraadsbesluit, reglement seniorenpas",
                         "url": "https://www.leuven.be/seniorenpas"}],
        "granted_by": {"nl": "het OCMW Leuven", "fr": "le CPAS de Louvain"},
        "how_to_apply": {"nl": "Aan het onthaal", "fr": "À l'accueil"},
        "documents": ["identity_card"],
        "automation": {"status": "proactive_information",
                       "reason": {"nl": "Leeftijd gekend", "fr": "Âge connu"},
                       "review_date": "2027-06-30"},
        "not_checkable": [], "owner": "leuven_social_service", "last_review": "2026-01-15",
        "local_conditions": {"unit": "person",
                             "all": [{"variable": "age", "operator": ">=", "value": 65}]},
    }  # fmt: skip
    catalogue_services.save_local_right(actor, entry, date(2026, 1, 1))


if __name__ == "__main__":
    main()
