from django.core.management.base import BaseCommand, CommandError

from openocmw.accounts.audit import verify


class Command(BaseCommand):
    help = "Audit log tools. 'verify' recomputes every hash chain and reports tampering."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        report = verify()
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(
                f"audit log NOT intact: {len(report.problems)} problem(s) in "
                f"{report.entries} entries, {report.chains} chains"
            )
        self.stdout.write(f"audit log intact: {report.entries} entries in {report.chains} chains")
