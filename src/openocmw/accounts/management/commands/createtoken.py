from django.core.management.base import BaseCommand, CommandError

from openocmw.accounts.models import Membership, User
from openocmw.accounts.tokens import issue_token


class Command(BaseCommand):
    help = "Issue an API token for a user's membership (printed once; only its digest is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--ocmw", help="NIS code of the OCMW (default: the user's first)")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, username, ocmw=None, name="cli", **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"no user {username!r}") from None
        memberships = Membership.objects.filter(user=user, active=True)
        if ocmw:
            memberships = memberships.filter(ocmw__nis_code=ocmw)
        membership = memberships.order_by("pk").first()
        if membership is None:
            raise CommandError("this user has no active membership there")
        self.stdout.write(issue_token(membership, name))
