"""`openocmw screen --ocmw NIS [--right CODE ...] [--user USERNAME] [--purpose TEXT] [--on DATE]`.

Queues the screening of one OCMW (every encoded right, or the given ones) as the
`rights.screening` background job, shows its progress bar, and prints the counts per right.
With `--user` the run is that team lead's; without, it is the OCMW's own, started from the
command line (the audit log says so). `--inline` runs the job here (no worker needed),
`--no-wait` queues it and prints its id.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openocmw.accounts.models import Membership, Ocmw, User
from openocmw.accounts.tenancy import Actor
from openocmw.jobs import console
from openocmw.rights import services
from openocmw.rights.models import ScreeningRun

DEFAULT_PURPOSE = "Screening for missed rights (command line)"


class Command(BaseCommand):
    help = "Screen one OCMW for rights its persons appear to miss (a background job)."

    def add_arguments(self, parser):
        parser.add_argument("--ocmw", required=True, help="NIS code of the OCMW")
        parser.add_argument("--right", action="append", dest="rights", help="right code (repeat)")
        parser.add_argument("--user", help="a team lead of that OCMW (default: the OCMW itself)")
        parser.add_argument("--purpose", default=DEFAULT_PURPOSE)
        parser.add_argument("--on", help="situation on this date (YYYY-MM-DD; default today)")
        parser.add_argument(
            "--pause", type=float, default=0.0, help="seconds between rights (leaves the "
            "database to other users)",
        )  # fmt: skip
        parser.add_argument("--inline", action="store_true", help="run the job in this process")
        parser.add_argument("--no-wait", action="store_true", help="queue the job, print its id")

    def handle(self, *args, ocmw, user=None, purpose, rights=None, on=None, inline=False,
               no_wait=False, pause=0.0, **options):  # fmt: skip
        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError("--on: expected a date YYYY-MM-DD") from None
        office = Ocmw.objects.filter(nis_code=ocmw).first()
        if office is None:
            raise CommandError(f"--ocmw: no OCMW with NIS code {ocmw!r}")
        actor = None
        if user:
            account = User.objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"--user: no user {user!r}")
            membership = Membership.objects.filter(user=account, active=True, ocmw=office).first()
            if membership is None:
                raise CommandError(f"--ocmw: {user!r} has no active membership in OCMW {ocmw}")
            actor = Actor(user=account, membership=membership)
        try:
            job = services.start_screening(
                actor, day, purpose=purpose, rights=rights, ocmw=office,
                inline=True if inline else None, pause=pause,
            )  # fmt: skip
        except PermissionDenied:
            raise CommandError(f"--user: {user!r} may not start a screening") from None
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise CommandError(f"--{field}: {messages[0]}") from None
        if no_wait and not job.finished:
            self.stdout.write(f"job {job.pk} queued")
            return
        job = console.wait(job, self.stdout)
        if job.status != "succeeded":
            raise CommandError(f"job {job.pk} failed: {job.error}")
        run = ScreeningRun.objects.get(pk=job.result["run"])
        self.stdout.write(
            f"run {run.pk}: {run.persons} persons, {run.households} households, on {run.on} "
            f"(job {job.pk}, attempt {job.attempts})"
        )
        for code, counts in run.counts.items():
            rate = counts["non_take_up"]
            shown = "-" if rate is None else f"{100 * rate:.1f} %"
            self.stdout.write(
                f"{code}: eligible {counts['eligible']}, receiving {counts['receiving']}, "
                f"not receiving {counts['eligible_not_receiving']} ({shown}), "
                f"listed {counts['listed']}, review {counts['review']}"
            )
