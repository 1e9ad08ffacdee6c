"""`openocmw serve`: the production server, gunicorn with several worker processes.

Before the workers start: the checks (with ``--deploy`` under the production profile; an error
stops here), the migrations unless ``--no-migrate``, and ``collectstatic`` into STATIC_ROOT
(served by WhiteNoise inside the workers). Then this process becomes gunicorn's master (exec),
so that a process manager (systemd) signals gunicorn itself: TERM stops gracefully, HUP reloads
the workers. ``make run`` stays the development server.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

MAX_WORKERS = 12


def default_workers(cores: int | None = None) -> int:
    """4 x cores + 1, capped: a sync worker waits for PostgreSQL and the audit write during a
    good part of each request, so gunicorn's 2 x cores + 1 left a third of 2 CPUs idle while
    requests queued for a free worker (docs/benchmarks.md, "Load": 5 workers p95 644 ms, 9
    workers 189 ms). Each worker holds a database connection and about 100 MB."""
    cores = cores or os.cpu_count() or 1
    return min(4 * cores + 1, MAX_WORKERS)


def gunicorn_argv(
    *, bind: str, workers: int, threads: int, timeout: int, access_log: bool
) -> list[str]:
    argv = [
        sys.executable, "-m", "gunicorn", "openocmw.config.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--timeout", str(timeout),
        "--graceful-timeout", str(min(timeout, 30)),
        "--max-requests", "5000", "--max-requests-jitter", "500",
        "--forwarded-allow-ips", ",".join(settings.TRUSTED_PROXIES) or "127.0.0.1",
        "--error-logfile", "-",
    ]  # fmt: skip
    if threads > 1:
        argv += ["--worker-class", "gthread", "--threads", str(threads)]
    if access_log:
        argv += ["--access-logfile", "-"]
    return argv


class Command(BaseCommand):
    help = "Serve OpenOCMW with gunicorn (production server): checks, migrate, collectstatic."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("OPENOCMW_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("OPENOCMW_WORKERS", "0")) or None,
            help=f"worker processes (default: 4 x cores + 1, at most {MAX_WORKERS})",
        )  # fmt: skip
        parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
        parser.add_argument("--timeout", type=int, default=60, help="seconds per request")
        parser.add_argument("--access-log", action="store_true", help="log every request")
        parser.add_argument("--no-migrate", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="print the gunicorn command")

    def handle(self, *args, bind, workers, threads, timeout, access_log, no_migrate, dry_run,
               **options):  # fmt: skip
        workers = workers or default_workers()
        if workers < 1 or threads < 1 or timeout < 1:
            raise CommandError("--workers, --threads and --timeout must be at least 1.")
        argv = gunicorn_argv(
            bind=bind, workers=workers, threads=threads, timeout=timeout, access_log=access_log
        )
        if dry_run:
            self.stdout.write(" ".join(argv))
            return
        call_command("check", deploy=settings.PROFILE == "production", fail_level="ERROR")
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"OpenOCMW ({settings.PROFILE}) on http://{bind}/ with {workers} workers"
            + (f" x {threads} threads" if threads > 1 else "")
        )
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - a fixed argument list, no shell
