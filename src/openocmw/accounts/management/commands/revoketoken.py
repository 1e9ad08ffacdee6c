from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openocmw.accounts.tokens import find_tokens, revoke


class Command(BaseCommand):
    help = (
        "Revoke API tokens: one by its full value or its 8-character prefix (oo_xxxxx), or "
        "all of a user (--user). --list shows the live tokens instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("token", nargs="?", default="", help="the token or its prefix")
        parser.add_argument("--user", default="", help="all tokens of this user")
        parser.add_argument(
            "--list", action="store_true", dest="list_only", help="list, revoke nothing"
        )

    def handle(self, *args, token="", user="", list_only=False, **options):
        rows = find_tokens(token, user)
        if list_only:
            now = timezone.now()
            for row in rows:
                state = "expired" if row.expires_at and row.expires_at <= now else "live"
                expires = f"{row.expires_at:%Y-%m-%d}" if row.expires_at else "never"
                self.stdout.write(
                    f"{row.prefix}  {row.user.username}  {row.name}  until {expires}  {state}"
                )
            return
        if not token and not user:
            raise CommandError("name a token (or its prefix) or --user USERNAME")
        rows = [*rows]
        if not rows:
            raise CommandError("no live token matches")
        if token and not user and len(token) <= 8 and len(rows) > 1:
            raise CommandError(
                f"{len(rows)} tokens share the prefix {token}: give the full token or --user"
            )
        count = revoke(rows)
        self.stdout.write(f"revoked {count} token(s)")
