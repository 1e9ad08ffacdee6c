"""`openocmw run`: migrate, load demo data on first use, serve (the `openocmw` command compiles
the translations before Django starts)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare the database (migrations, demo data on first run) and serve the application."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--persons", type=int, default=600, help="demo persons on first run")
        parser.add_argument("--no-serve", action="store_true", help="prepare only")

    def handle(self, *args, addr, persons, no_serve, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        from openocmw.accounts.models import Ocmw
        from openocmw.registry.demo import DEMO_PASSWORD, demo_logins

        if not Ocmw.objects.exists():
            self.stdout.write("First run: loading demo data …")
            call_command("demo", persons=persons)
        self.stdout.write("")
        self.stdout.write(f"OpenOCMW on http://{addr}/  — demo logins (password: {DEMO_PASSWORD}):")
        for line in demo_logins():
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        if not no_serve:
            call_command("runserver", addr, use_reloader=False)
