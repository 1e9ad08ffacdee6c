"""`openocmw worker`: run the job workers of this machine.

It starts a django-q2 cluster (``qcluster``: a pool of worker processes fed by the broker, the
database or Redis) as a child process, writes the schedules of the periodic jobs, and every
``OPENOCMW_JOBS["RECOVER_EVERY"]`` seconds puts back in the queue the jobs of workers that
died (see ``openocmw.jobs.services.recover``). SIGTERM or Ctrl-C stops the cluster, which
finishes the task at hand first (systemd: ``KillMode=mixed``); the job of a worker killed
outright is recovered by any worker, this one once restarted or another machine's.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from openocmw.jobs import schedules, services
from openocmw.jobs.runner import job_settings


def cluster_command() -> list[str]:
    return [sys.executable, "-m", "openocmw.cli", "manage", "qcluster"]


def stop_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the cluster gets SIGTERM if this command dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Command(BaseCommand):
    help = "Run the background job workers (a django-q2 cluster) and recover stopped jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-schedules", action="store_true", help="do not write the periodic schedules"
        )
        parser.add_argument(
            "--check", type=float, metavar="SECONDS", default=None,
            help="start no worker: queue a check job and wait for a worker to run it "
            "(exit 1 if none does within SECONDS)",
        )  # fmt: skip

    def handle(self, *args, no_schedules, check, **options):
        if check is not None:
            return self._check(check)
        if not no_schedules:
            names = schedules.sync()
            if names:
                self.stdout.write(f"periodic jobs: {', '.join(names)}")
        every = float(job_settings().get("RECOVER_EVERY", 15))
        # The cluster runs in a session of its own: a signal to this command's process group
        # (Ctrl-C, systemd) reaches only this command, which stops the cluster once, cleanly
        # (django-q2 waits its whole task timeout when its pool processes are signalled too).
        child = subprocess.Popen(  # noqa: S603 - our own interpreter
            cluster_command(), start_new_session=True, preexec_fn=stop_with_parent
        )
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"job worker started (cluster pid {child.pid})")
        try:
            while not stopping and child.poll() is None:
                try:
                    for pk in services.recover():
                        self.stdout.write(f"job {pk}: its worker stopped; queued again")
                except DatabaseError as exc:
                    self.stderr.write(f"recovery skipped: {exc}")
                finally:
                    close_old_connections()
                deadline = time.monotonic() + every
                while not stopping and child.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.2)
        finally:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        if not stopping and child.returncode:
            raise SystemExit(child.returncode)

    def _check(self, seconds: float) -> None:
        """Monitoring: is a worker taking jobs from this installation's queue?"""
        job = services.enqueue("jobs.ping")
        deadline = time.monotonic() + seconds
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()
        if job.status != "succeeded":
            raise CommandError(f"no worker ran the check job {job.pk} within {seconds:g} s")
        waited = (job.started_at - job.created_at).total_seconds()
        self.stdout.write(
            f"ok: job {job.pk} ran on {job.result['host']} (pid {job.result['pid']}) "
            f"{waited:.2f} s after it was queued"
        )
