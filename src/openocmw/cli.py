"""The ``openocmw`` command.

openocmw run [--addr HOST:PORT]  migrate, start a job worker, complete the demo data, serve
                                 (the development server)
openocmw serve [--bind --workers --timeout]
                                 the production server (gunicorn; docs/administration.md)
openocmw demo --persons N        load deterministic demo data (a job; again: tops up to N)
openocmw worker                  run background job workers (django-q2 cluster + recovery)
openocmw audit verify            check the audit chains against the latest signed checkpoint
openocmw audit checkpoint        write a signed checkpoint of every chain (run periodically)
openocmw audit publickey         print the public key that checks the checkpoints
openocmw createtoken USER [--days N]   issue an API token (default 90 days), shown once
openocmw revoketoken PREFIX|--user USER [--list]   revoke (or list) API tokens
openocmw resetpassword USER      one-time password; the user must change it at next login
openocmw leefloon FILE.json      calculate a leefloon (``--explain`` for the reasons)
openocmw screen --ocmw NIS [--right CODE] [--user U] [--on D] [--inline | --no-wait]
                                 screen an OCMW for missed rights (a job, with a progress bar)
openocmw rules check             check the parameter files (coverage, sources, follows_index)
openocmw rules index --date D --factor F --source URL --published D   record an indexation
openocmw compilemessages         compile the Dutch and French translations
openocmw manage ...              any Django management command
"""

from __future__ import annotations

import os
import sys


def _django(argv: list[str]) -> int:
    # The catalogues are compiled before Django starts: a translation loaded before its .mo
    # file exists stays without it for the life of the process (the server of `run`).
    from openocmw.i18n import compile_all

    compile_all()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openocmw.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openocmw", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "leefloon":
        from openocmw.rules.command import main as leefloon_main

        return leefloon_main(rest)
    if command == "rules":
        from openocmw.rules.maintenance_command import main as rules_main

        return rules_main(rest)
    if command == "compilemessages":
        from openocmw.i18n import compile_all

        for path in compile_all():
            print(f"compiled {path}")
        return 0
    if command == "manage":
        return _django(rest)
    if command == "audit":
        return _django(["audit", *rest])
    if command in (
        "run",
        "serve",
        "demo",
        "createtoken",
        "revoketoken",
        "resetpassword",
        "worker",
        "screen",
    ):
        return _django([command, *rest])
    print(f"openocmw: unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
