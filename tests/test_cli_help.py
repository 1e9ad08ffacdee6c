"""The command line without a traceback for a missing setting, and its help matching its options
(issue 10, section 10)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from openocmw import cli
from tests.conftest import sqlite_run_only

ROOT = Path(__file__).resolve().parents[1]
# The commands that run through Django, each with the module that defines it.
DJANGO_COMMANDS = {
    "run": "openocmw.web",
    "serve": "openocmw.web",
    "demo": "openocmw.registry",
    "worker": "openocmw.jobs",
    "audit": "openocmw.accounts",
    "createtoken": "openocmw.accounts",
    "revoketoken": "openocmw.accounts",
    "resetpassword": "openocmw.accounts",
}
# Options that every Django command has: not repeated in the overview.
DJANGO_DEFAULTS = {
    "-h", "--help", "--version", "-v", "--verbosity", "--settings", "--pythonpath",
    "--traceback", "--no-color", "--force-color", "--skip-checks",
}  # fmt: skip


def _without_settings() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENOCMW_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "openocmw.cli", *args],
        env=_without_settings(), cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@sqlite_run_only  # no database: the SQLite run of the suite runs it
@pytest.mark.parametrize("args", [("audit", "verify"), ("createtoken", "someone")])
def test_a_missing_setting_is_one_sentence_not_a_traceback(args):
    done = _cli(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "OPENOCMW_SECRET_KEY" in done.stderr
    # The hint shows the command again, with the setting a development machine needs.
    assert f"OPENOCMW_DEBUG=1 .venv/bin/openocmw {' '.join(args)}" in done.stderr


@sqlite_run_only  # no database: the SQLite run of the suite runs it
@pytest.mark.parametrize("command", ["run", "createtoken", "audit"])
def test_help_of_a_command_needs_no_setting(command):
    done = _cli(command, "--help")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"usage: openocmw {command}" in done.stdout


def _overview() -> dict[str, set[str]]:
    """The options that the overview (``openocmw --help``) gives for each command."""
    found: dict[str, set[str]] = {}
    for line in (cli.__doc__ or "").splitlines():
        m = re.match(r"openocmw (\w+)(.*)", line)
        if m:
            current = m.group(1)
            found.setdefault(current, set())
        elif line.startswith("  ") and found and not line.strip().startswith(("-", "`")):
            if re.match(r"\s+\[", line):  # an option line continued
                pass
            else:
                continue
        else:
            continue
        found[current] |= set(re.findall(r"--[a-z0-9-]+", line))
    return found


def _real_options(command: str) -> set[str]:
    from django.core.management import load_command_class

    parser = load_command_class(DJANGO_COMMANDS[command], command).create_parser(
        "openocmw", command
    )
    options = {s for action in parser._actions for s in action.option_strings}
    return {o for o in options if o.startswith("--")} - DJANGO_DEFAULTS


@pytest.mark.parametrize("command", sorted(DJANGO_COMMANDS))
def test_the_overview_lists_exactly_the_real_options(command):
    overview = _overview()
    assert command in overview, f"`openocmw {command}` is missing from the overview"
    assert overview[command] == _real_options(command)


def test_make_run_takes_a_port():
    done = subprocess.run(  # noqa: S603
        ["make", "-n", "run", "PORT=8001"],  # noqa: S607 - make from the PATH
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "openocmw run --addr 127.0.0.1:8001" in done.stdout
