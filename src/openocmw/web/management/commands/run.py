"""`openocmw run`: migrate, start a job worker, complete the demo data, serve (the `openocmw`
command compiles the translations before Django starts). The worker stops with the server."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Prepare the database (migrations, demo data completed when missing), start a "
        "background job worker and serve the application."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--persons", type=int, default=600, help="demo persons (top-up)")
        parser.add_argument("--no-serve", action="store_true", help="prepare only")
        parser.add_argument("--no-worker", action="store_true", help="start no job worker")

    def handle(self, *args, addr, persons, no_serve, no_worker, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        worker = None
        if not no_worker:
            from openocmw.jobs.management.commands.worker import stop_with_parent

            # One worker process is enough on a workstation (OPENOCMW_WORKERS to change it).
            env = {"OPENOCMW_WORKERS": "1", **os.environ}
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter
                [sys.executable, "-m", "openocmw.cli", "worker"], env=env,
                preexec_fn=stop_with_parent,
            )  # fmt: skip
            # Stopped by SIGTERM as by Ctrl-C: the worker is stopped with the server.
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            self._prepare(persons, addr, inline=worker is None)
            if not no_serve:
                call_command("runserver", addr, use_reloader=False)
        finally:
            if worker is not None:
                self._stop(worker)

    def _prepare(self, persons: int, addr: str, inline: bool) -> None:
        from openocmw.casework import demo as casework_demo
        from openocmw.casework.jobs import complete
        from openocmw.jobs import console, services
        from openocmw.registry.demo import DEMO_PASSWORD, demo_logins

        if not complete(persons, 2026, casework_demo.DEFAULT_RATE):
            self.stdout.write("Loading demo data (a job; a partial load is completed) …")
            job = services.enqueue(
                "demo.load", key="demo", inline=True if inline else None, persons=persons
            )
            job = console.wait(job, self.stdout)
            if job.status != "succeeded":
                raise CommandError(f"the demo load (job {job.pk}) failed: {job.error}")
        self.stdout.write("")
        self.stdout.write(f"OpenOCMW on http://{addr}/  — demo logins (password: {DEMO_PASSWORD}):")
        for line in demo_logins():
            self.stdout.write(f"  {line}")
        self.stdout.write("")

    @staticmethod
    def _stop(worker: subprocess.Popen) -> None:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
