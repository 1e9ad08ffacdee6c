import time

from django.core.management.base import BaseCommand

from openocmw.casework import demo as casework_demo
from openocmw.registry.demo import load


class Command(BaseCommand):
    help = (
        "Load deterministic demo data: OCMWs, users for every role, persons in households, "
        "and their casework (aid requests, investigations, council meetings, decisions)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=600)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--requests-per-100-persons",
            type=float,
            default=casework_demo.DEFAULT_RATE,
            help="aid requests over the last two years per 100 persons (0: no casework)",
        )

    def handle(self, *args, persons, seed, requests_per_100_persons, **options):
        t0 = time.perf_counter()
        last = [0.0]

        def progress(key, n, target):
            if time.perf_counter() - last[0] > 5:
                last[0] = time.perf_counter()
                self.stdout.write(f"  {key}: {n:,}/{target:,}")

        created = load(persons=persons, seed=seed, progress=progress)
        total = sum(created.values())
        self.stdout.write(
            f"demo data: {total:,} persons ({', '.join(f'{k} {v:,}' for k, v in created.items())}) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        if requests_per_100_persons <= 0:
            return
        t1 = time.perf_counter()
        cases = casework_demo.load(seed=seed, requests_per_100_persons=requests_per_100_persons)
        requests = sum(c.get("aidrequest", 0) for c in cases.values())
        decisions = sum(c.get("decision", 0) for c in cases.values())
        self.stdout.write(
            f"casework demo data: {requests:,} aid requests, {decisions:,} decisions "
            f"in {time.perf_counter() - t1:.1f} s"
        )
