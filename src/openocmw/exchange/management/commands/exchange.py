"""``openocmw manage exchange ...``: the administrator's commands of the exchange.

exchange key                          this installation's public key (give it to peers)
exchange peer NIS NAME URL PUBLICKEY  register (or update) another installation's OCMW
exchange cycle                        one cycle now: answer and deliver social reports
exchange drop                         process the drop folder now
exchange crosscheck [--month YYYY-MM] the cross-checks now
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from openocmw.jobs.services import enqueue

from ... import signing
from ...models import Peer


class Command(BaseCommand):
    help = "Keys, peers and the jobs of the federal data flows and the social report."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("key")
        peer = sub.add_parser("peer")
        for name in ("nis", "name", "url", "public_key"):
            peer.add_argument(name)
        sub.add_parser("cycle")
        sub.add_parser("drop")
        check = sub.add_parser("crosscheck")
        check.add_argument("--month", default=None)

    def handle(self, *args, action, **options):
        if action == "key":
            self.stdout.write(signing.public_key_b64())
            return
        if action == "peer":
            nis = options["nis"]
            if not (len(nis) == 5 and nis.isdigit()):
                raise CommandError("the NIS code has five digits")
            try:
                signing.load_public(options["public_key"])
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            Peer.objects.update_or_create(nis_code=nis, defaults={
                "name": options["name"], "url": options["url"],
                "public_key": options["public_key"].strip(),
            })  # fmt: skip
            self.stdout.write(f"peer {nis} registered")
            return
        kind = {"cycle": "exchange.cycle", "drop": "exchange.drop",
                "crosscheck": "exchange.crosschecks"}[action]  # fmt: skip
        arguments = {"month": options["month"]} if options.get("month") else {}
        job = enqueue(kind, inline=True, **arguments)
        self.stdout.write(json.dumps({"job": job.pk, "status": job.status, "result": job.result},
                                     default=str))  # fmt: skip
        if job.status != "succeeded":
            raise CommandError(f"the job ended {job.status}: {job.message}")
