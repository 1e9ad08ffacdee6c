"""`openocmw manage screen --ocmw NIS --user USERNAME --purpose TEXT [--right CODE] [--on DATE]`.

Screens one OCMW's persons for every encoded right (or the given ones) as that user (a team
lead of the OCMW), stores the run and its worklists, and prints the counts per right.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openocmw.accounts.models import Membership, User
from openocmw.accounts.tenancy import Actor
from openocmw.rights import services


class Command(BaseCommand):
    help = "Screen one OCMW for rights its persons appear to miss (stores a run and worklists)."

    def add_arguments(self, parser):
        parser.add_argument("--ocmw", required=True, help="NIS code of the OCMW")
        parser.add_argument("--user", required=True, help="a team lead of that OCMW")
        parser.add_argument("--purpose", required=True)
        parser.add_argument("--right", action="append", dest="rights", help="right code (repeat)")
        parser.add_argument("--on", help="situation on this date (YYYY-MM-DD; default today)")

    def handle(self, *args, ocmw, user, purpose, rights=None, on=None, **options):
        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError("--on: expected a date YYYY-MM-DD") from None
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"--user: no user {user!r}")
        membership = Membership.objects.filter(
            user=account, active=True, ocmw__nis_code=ocmw
        ).first()
        if membership is None:
            raise CommandError(f"--ocmw: {user!r} has no active membership in OCMW {ocmw}")
        actor = Actor(user=account, membership=membership)
        try:
            run = services.run_screening(actor, day, purpose=purpose, rights=rights)
        except PermissionDenied:
            raise CommandError(f"--user: {user!r} may not start a screening") from None
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise CommandError(f"--{field}: {messages[0]}") from None
        self.stdout.write(
            f"run {run.pk}: {run.persons} persons, {run.households} households, on {run.on}"
        )
        for code, counts in run.counts.items():
            rate = counts["non_take_up"]
            shown = "-" if rate is None else f"{100 * rate:.1f} %"
            self.stdout.write(
                f"{code}: eligible {counts['eligible']}, receiving {counts['receiving']}, "
                f"not receiving {counts['eligible_not_receiving']} ({shown}), "
                f"review {counts['review']}"
            )
