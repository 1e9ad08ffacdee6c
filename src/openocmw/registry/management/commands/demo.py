import time

from django.core.management.base import BaseCommand

from openocmw.registry.demo import load


class Command(BaseCommand):
    help = "Load deterministic demo data: OCMWs, users for every role, persons in households."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=600)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, persons, seed, **options):
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
