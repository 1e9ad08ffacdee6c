"""Shared fixtures: two OCMWs, a user for every role in each, persons and households.

OCMW A is Leuven (Dutch), OCMW B is Namur (French). ``actor_a`` is a social worker of A.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test import Client

from openocmw.accounts.models import Membership, Ocmw, Role, User
from openocmw.accounts.tenancy import Actor
from openocmw.registry import services
from openocmw.registry.demo import insz_for

ROLES = [r.value for r in Role]
ROOT = Path(__file__).resolve().parents[1]
_MIGRATED: dict[str, Path] = {}

# For the tests that do not use the suite's database (a SQLite file of their own, or none):
# CI runs the suite on SQLite and on PostgreSQL side by side, and such a test does the same in
# both, so the SQLite run runs it and the PostgreSQL run (the longer one) skips it.
sqlite_run_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the suite runs on PostgreSQL (the SQLite run of the suite does this)",
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database, and a copy of it kept the moment it is migrated (before
    any test writes to it) for the tests that run `openocmw` in subprocesses: on SQLite a file
    (sqlite3's online backup), the template of ``migrated_sqlite``; on PostgreSQL a template
    database, ``<test database>_tpl``, dropped at the end. The suite then runs the migrations
    once, not once more for each of those tests."""
    name = connection.settings_dict["NAME"]
    # Only a test database pytest-django has just created (none when no selected test needs
    # one: then the settings still name the development database, which is not copied).
    if connection.vendor == "sqlite" and name == connection.creation._get_test_db_name():
        path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
        with django_db_blocker.unblock():
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
        _MIGRATED["sqlite"] = path
    configured = urlparse(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    template = f"{name[:58]}_tpl"
    if connection.vendor == "postgresql" and name != configured:
        with django_db_blocker.unblock():
            connection.close()  # a template database must have no session
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
                cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        _MIGRATED["postgresql"] = template
    yield django_db_setup
    if _MIGRATED.pop("postgresql", None):
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


def migrated_postgresql() -> str | None:
    """The name of the migrated, empty PostgreSQL template database (``django_db_setup``), or
    None when the suite's database is not PostgreSQL or none was created."""
    return _MIGRATED.get("postgresql")


@pytest.fixture(scope="session")
def migrated_sqlite(django_db_setup, tmp_path_factory) -> Path:
    """A migrated, empty SQLite file for the tests that run `openocmw` in subprocesses, copied
    for each use (``fresh_sqlite``): the test database's copy when the suite runs on SQLite,
    else migrated once by `openocmw manage migrate`."""
    if "sqlite" in _MIGRATED:
        return _MIGRATED["sqlite"]
    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENOCMW_")}
    env.update(
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}", DATABASE_URL=f"sqlite:///{path}",
        OPENOCMW_DEBUG="1", OPENOCMW_FAST_HASHER="1", OPENOCMW_VAR=str(path.parent),
    )  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "openocmw.cli", "manage", "migrate", "-v0"], env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    _MIGRATED["sqlite"] = path
    return path


def fresh_sqlite(migrated: Path, folder: Path, name: str) -> str:
    """A copy of the migrated template in ``folder``: its ``sqlite:///`` URL."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.sqlite3"
    shutil.copy(migrated, target)
    return f"sqlite:///{target}"


@pytest.fixture(autouse=True)
def _fast_and_dutch(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture(autouse=True)
def _audit_key_and_checkpoints(settings, tmp_path):
    """A fixed test audit key (never var/audit.key) and checkpoints in the test's folder."""
    settings.OPENOCMW_AUDIT_KEY = "test-audit-key-0123456789abcdef0123456789"
    settings.OPENOCMW_AUDIT_KEY_FILE = ""
    settings.OPENOCMW_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    settings.OPENOCMW_AUDIT_CHECKPOINT_MIRRORS = []


@pytest.fixture
def ocmw_a(db):
    return Ocmw.objects.create(
        name_nl="OCMW Leuven", name_fr="CPAS de Louvain", nis_code="24062", region="flanders",
        languages="nl", postal_code="3000", municipality_nl="Leuven", municipality_fr="Louvain",
    )  # fmt: skip


@pytest.fixture
def ocmw_b(db):
    return Ocmw.objects.create(
        name_nl="OCMW Namen", name_fr="CPAS de Namur", nis_code="92094", region="wallonia",
        languages="fr", postal_code="5000", municipality_nl="Namen", municipality_fr="Namur",
    )  # fmt: skip


def make_user(username: str, ocmw: Ocmw | None, role: str, language: str = "nl") -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests", language=language)
    Membership.objects.create(
        user=user, ocmw=None if role == Role.FEDERAL_INSPECTOR else ocmw, role=role
    )
    return user


@pytest.fixture
def users(ocmw_a, ocmw_b) -> dict[tuple[str, str], User]:
    """users[("a", role)] and users[("b", role)] for every role."""
    out = {}
    for key, ocmw in (("a", ocmw_a), ("b", ocmw_b)):
        for role in ROLES:
            out[(key, role)] = make_user(f"{key}-{role}", ocmw, role, "nl" if key == "a" else "fr")
    return out


def actor_of(user: User) -> Actor:
    return Actor(user=user, membership=user.memberships.get())


@pytest.fixture
def actor_a(users) -> Actor:
    return actor_of(users[("a", Role.SOCIAL_WORKER)])


@pytest.fixture
def actor_b(users) -> Actor:
    return actor_of(users[("b", Role.SOCIAL_WORKER)])


def person_data(**overrides) -> dict:
    birth = overrides.pop("birth_date", date(1985, 7, 30))
    sex = overrides.pop("sex", "M")
    data = {
        "insz": insz_for(birth, 33 if sex == "M" else 34),
        "first_name": "Jan",
        "last_name": "Peeters",
        "birth_date": birth,
        "sex": sex,
        "nationality": "BE",
        "language": "nl",
        "street": "Kerkstraat",
        "house_number": "12",
        "postal_code": "3000",
        "municipality": "Leuven",
    }
    data.update(overrides)
    return data


@pytest.fixture
def jan(actor_a):
    """Jan Peeters, Belgian, reference person of a household in OCMW A since 2015."""
    person = services.create_person(
        actor_a, person_data(), status="belgian", status_from=date(1985, 7, 30)
    )
    services.found_household(actor_a, person, date(2015, 1, 1))
    return person


@pytest.fixture
def household(jan):
    return services.households_of(jan)[0]


@pytest.fixture
def client_for(users):
    """client_for("a", "social_worker") is a logged-in test client."""

    def make(key: str, role: str, language: str | None = None) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language or ("nl" if key == "a" else "fr"))
        client.force_login(users[(key, role)])
        return client

    return make


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.fixture(autouse=True)
def _audit_log_emptied_before_flush(request):
    """Let a transactional test (browser tests, real workers) empty the database afterwards.

    The audit tables are append-only in the database (migrations accounts 0002 and 0004):
    triggers refuse UPDATE and DELETE, and on PostgreSQL TRUNCATE. Django's flush after a
    transactional test uses DELETE on SQLite and TRUNCATE on PostgreSQL. So the triggers are
    dropped for that moment: on SQLite the rows are removed here and the triggers created
    again at once; on PostgreSQL the TRUNCATE triggers are dropped before the flush and
    created again when the next transactional test starts (and by the next migrate).
    """
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = 'audit_no_truncate'")
            if cursor.fetchone() is None:
                for sql in _truncate_migration().POSTGRES:
                    cursor.execute(sql)
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in _truncate_migration().POSTGRES_REVERSE:
                cursor.execute(sql)
            return
        appendonly = importlib.import_module("openocmw.accounts.migrations.0002_audit_append_only")
        for sql in appendonly.SQLITE_REVERSE + _truncate_migration().SQLITE_REVERSE:
            cursor.execute(sql)
        cursor.execute("DELETE FROM accounts_auditentry")
        cursor.execute("DELETE FROM accounts_auditchain")
        for sql in appendonly.SQLITE + _truncate_migration().SQLITE:
            cursor.execute(sql)


def _truncate_migration():
    return importlib.import_module("openocmw.accounts.migrations.0004_audit_refuse_truncate")


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on the loopback interface (aiosmtpd), and Django's SMTP backend
    pointed at it: the mails (reminders, acknowledgements) go through an SMTP conversation, as on a server."""
    import socket
    from email import message_from_bytes
    from email.policy import default as default_policy

    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self):
            self.messages = []
            self.refuse = set()

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in self.refuse:
                return "550 5.1.1 mailbox unavailable"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default_policy))
            )
            return "250 Message accepted"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield handler
    finally:
        controller.stop()
