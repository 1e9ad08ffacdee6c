import secrets

from django.core.management.base import BaseCommand, CommandError

from openocmw.accounts.chain import record
from openocmw.accounts.models import Membership, User


class Command(BaseCommand):
    help = (
        "An administrator's password reset: gives the user a random one-time password "
        "(printed once) that they must change at their next login. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"no user {username!r}") from None
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        ocmws = sorted({m.ocmw_id for m in Membership.objects.filter(user=user) if m.ocmw_id})
        for ocmw_id in ocmws or [None]:
            record(
                None, "password", ocmw_id=ocmw_id, username=username, object_type="user",
                object_id=user.pk, purpose="password reset", detail={"by": "command line"},
            )  # fmt: skip
        self.stdout.write(password)
        self.stderr.write(f"{username} must choose a new password at the next login")
