from django.core.management.base import BaseCommand, CommandError

from openocmw.accounts.audit import verify, write_checkpoints
from openocmw.accounts.keys import public_key_pem


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' recomputes every keyed chain and compares it with the "
        "latest signed checkpoint; 'checkpoint' writes a signed checkpoint of every chain "
        "head (run it periodically); 'publickey' prints the key that checks checkpoints."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint", "publickey"])

    def handle(self, *args, action, **options):
        if action == "checkpoint":
            for path in write_checkpoints():
                self.stdout.write(f"checkpoint written: {path}")
            return
        if action == "publickey":
            self.stdout.write(public_key_pem().rstrip())
            return
        report = verify()
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        for problem in report.problems:
            self.stderr.write(str(problem))
        against = f", checkpoint {report.checkpoint}" if report.checkpoint else ""
        if not report.ok:
            raise CommandError(
                f"audit log NOT intact: {len(report.problems)} problem(s) in "
                f"{report.entries} entries, {report.chains} chains{against}"
            )
        self.stdout.write(
            f"audit log intact: {report.entries} entries in {report.chains} chains{against}"
        )
