"""The ``openocmw`` command.

openocmw run [--addr HOST:PORT] [--persons N] [--no-serve] [--no-worker]
    migrate, start a job worker, complete the demo data, serve (the development server;
    `make run PORT=8001` serves on another port)
openocmw serve [--bind HOST:PORT] [--workers N] [--threads N] [--timeout S] [--access-log]
               [--no-migrate] [--dry-run]
    the production server (gunicorn; docs/administration.md)
openocmw demo [--persons N] [--seed N] [--requests-per-100-persons R] [--batch N]
              [--pause S] [--inline] [--no-wait]
    load deterministic demo data (a job; again: tops up to N)
openocmw worker [--no-schedules] [--check SECONDS]
    run background job workers (django-q2 cluster + recovery)
openocmw audit verify
    check the audit chains against the latest signed checkpoint
openocmw audit checkpoint
    write a signed checkpoint of every chain (run periodically)
openocmw audit publickey
    print the public key that checks the checkpoints
openocmw createtoken USER [--days N] [--ocmw NIS] [--name NAME]
    issue an API token (default 90 days), shown once
openocmw revoketoken [PREFIX] [--user USER] [--list]
    revoke (or list) API tokens
openocmw resetpassword USER
    one-time password; the user must change it at next login
openocmw leefloon FILE.json [--explain]
    calculate a leefloon (`openocmw leefloon --help` for every option)
openocmw screen --ocmw NIS [--right CODE] [--user U] [--purpose P] [--on D] [--inline | --no-wait]
    screen an OCMW for missed rights (a job, with a progress bar)
openocmw rules check|index
    check the parameter files | record an indexation (`openocmw rules index --help`)
openocmw compilemessages
    compile the translations
openocmw manage ...
    any Django management command

Every command but leefloon, rules and compilemessages reads its settings from the environment:
a development machine sets OPENOCMW_DEBUG=1 (as `make run` does), a server
OPENOCMW_SECRET_KEY and the rest of docs/administration.md. `openocmw COMMAND --help` shows a
command's options.
"""

from __future__ import annotations

import os
import sys

HELP_FLAGS = ("-h", "--help")
SETTINGS_HINT = (
    "On a development machine set OPENOCMW_DEBUG=1 (as `make run` does), e.g.\n"
    "  OPENOCMW_DEBUG=1 .venv/bin/openocmw {command}\n"
    "On a server set OPENOCMW_SECRET_KEY and the settings of docs/administration.md."
)


def _django(argv: list[str]) -> int:
    # The catalogues are compiled before Django starts: a translation loaded before its .mo
    # file exists stays without it for the life of the process (the server of `run`).
    from openocmw.i18n import compile_all

    compile_all()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openocmw.config.settings")
    if any(flag in argv for flag in HELP_FLAGS):
        # Help runs nothing and reads no secret: it is shown without the server's settings.
        os.environ.setdefault("OPENOCMW_ALLOW_INSECURE_KEY", "1")
    from django.core.exceptions import ImproperlyConfigured

    try:
        # The settings are read here, so that a missing one is one sentence and not a
        # traceback (Django's own command line would print the traceback).
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - reading it loads the settings module
    except ImproperlyConfigured as exc:
        print(f"openocmw: {exc}", file=sys.stderr)
        print(SETTINGS_HINT.format(command=" ".join(argv)), file=sys.stderr)
        return 2
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
