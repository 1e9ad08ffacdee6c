from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openocmw.accounts.models import Membership, User
from openocmw.accounts.tokens import issue_token


class Command(BaseCommand):
    help = (
        "Issue an API token for a user's membership (printed once; only its digest is kept). "
        "It expires after --days days; `openocmw revoketoken` ends it earlier."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--ocmw", help="NIS code of the OCMW (default: the user's first)")
        parser.add_argument("--name", default="cli")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"days of validity (default {settings.OPENOCMW_TOKEN_DAYS})",
        )

    def handle(self, *args, username, ocmw=None, name="cli", days=None, **options):
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--days must be between 1 and 3650")
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
        token = issue_token(membership, name, days)
        self.stdout.write(token)
        row = user.api_tokens.order_by("-pk").first()
        self.stderr.write(f"token {row.prefix}… valid until {row.expires_at:%Y-%m-%d %H:%M} UTC")
