"""`openocmw demo`: load the deterministic demo data as a job (``demo.load``) and show its
progress. Idempotent: run again, it tops the OCMWs up to ``--persons``; after a load that was
killed it completes it."""

import time

from django.core.management.base import BaseCommand, CommandError

from openocmw.casework import demo as casework_demo
from openocmw.jobs import console, services


class Command(BaseCommand):
    help = (
        "Load deterministic demo data: OCMWs, users for every role, persons in households, "
        "and their casework (aid requests, investigations, council meetings, decisions). "
        "Runs as a background job and waits for it; again, it tops up to --persons."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=600, help="persons in all (top-up)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--requests-per-100-persons",
            type=float,
            default=casework_demo.DEFAULT_RATE,
            help="aid requests over the last two years per 100 persons (0: no casework)",
        )
        parser.add_argument("--batch", type=int, default=5000, help="persons per transaction")
        parser.add_argument(
            "--pause",
            type=float,
            default=0.0,
            help="seconds between batches (leaves the database to other users)",
        )
        parser.add_argument(
            "--inline", action="store_true", help="run the job in this process, not a worker"
        )
        parser.add_argument("--no-wait", action="store_true", help="queue the job and print its id")

    def handle(self, *args, persons, seed, requests_per_100_persons, batch, pause, inline,
               no_wait, **options):  # fmt: skip
        if persons < 1 or batch < 1 or pause < 0 or requests_per_100_persons < 0:
            raise CommandError(
                "--persons and --batch must be at least 1, --pause and "
                "--requests-per-100-persons not negative"
            )
        t0 = time.perf_counter()
        job = services.enqueue(
            "demo.load", key="demo", inline=True if inline else None, persons=persons,
            seed=seed, requests_per_100_persons=requests_per_100_persons, batch=batch,
            pause=pause,
        )  # fmt: skip
        wanted = {"persons": persons, "seed": seed, "batch": batch, "pause": pause,
                  "requests_per_100_persons": requests_per_100_persons}  # fmt: skip
        if job.arguments != wanted:
            self.stderr.write(
                f"a demo load is already queued or running (job {job.pk}, "
                f"{job.arguments.get('persons')} persons): waiting for it; run again after it"
            )
        if no_wait and not job.finished:
            self.stdout.write(f"job {job.pk} queued")
            return
        job = console.wait(job, self.stdout)
        if job.status != "succeeded":
            raise CommandError(f"job {job.pk} failed: {job.error}")
        r = job.result
        self.stdout.write(
            f"demo data: {r['persons']:,} persons, {r['households']:,} households, "
            f"{r['aid_requests']:,} aid requests, {r['decisions']:,} decisions in "
            f"{r['ocmws']} OCMWs (job {job.pk}, attempt {job.attempts}, "
            f"{time.perf_counter() - t0:.1f} s)"
        )
