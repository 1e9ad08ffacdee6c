"""Two installations on the loopback exchange social reports (issue 13 §5).

Each has its own database (SQLite files here; when DATABASE_URL points to PostgreSQL two
databases named after the test database, ``<test db>_exch_a`` and ``_exch_b``, so that two runs
on one server do not meet), its own audit key and so its own Ed25519 key pair,
its own server (``runserver`` on 127.0.0.1) and, for A, a job worker (``openocmw worker``).
B requests the reports of Jan (consent given) and Marc (no consent); B's cycle sends them;
A's worker answers with nobody at A acting; B receives them. A tampered message and a replay,
posted to A directly, are refused and logged.

Lean by design: the two installations are set up once for the module's cases; on SQLite both
databases are copies of the suite's migrated template (no migration here), on PostgreSQL of the
template database kept when the test database was migrated (else B's is a copy of A's freshly
migrated one: one migration, not two); the servers start side by
side; each side is seeded in one process; the test waits for the answer by reading B's
database directly every quarter second, not by starting a process per look.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection

from openocmw.exchange import messages
from openocmw.exchange.signing import LABEL
from tests.conftest import fresh_sqlite, migrated_postgresql

ROOT = Path(__file__).resolve().parents[2]
OPENOCMW = str(Path(sys.executable).with_name("openocmw"))
JAN, MARC = "85073003328", "85073003526"
KEYS = {
    "a": "installation-a-audit-key-0123456789abcdef",
    "b": "installation-b-audit-key-fedcba9876543210",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_names() -> dict[str, str]:
    """The two installations' PostgreSQL databases, named after this run's test database
    (``test_<name>``, with pytest-xdist's worker suffix): two runs on one server never meet."""
    base = connection.settings_dict["NAME"][:50]
    return {"a": f"{base}_exch_a", "b": f"{base}_exch_b"}


def drop_postgres(url: str, names: dict[str, str]) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_urls(tmp_path, names: dict[str, str]) -> dict[str, str]:
    """SQLite files, or on PostgreSQL the two databases: copies of the suite's migrated
    template when there is one (both migrated then), else A empty (migrated by the fixture)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return {k: f"sqlite:///{tmp_path / k / 'db.sqlite3'}" for k in "ab"}
    import psycopg

    drop_postgres(url, names)  # what a run stopped half-way left behind
    base = url.rsplit("/", 1)[0]
    template = migrated_postgresql()
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if template:
            for name in names.values():
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{names["a"]}"')
    return {k: f"{base}/{name}" for k, name in names.items()}


def clone_database(urls: dict[str, str], names: dict[str, str]) -> None:
    """B starts from a copy of A's migrated, still empty database (the same schema)."""
    import psycopg

    with psycopg.connect(urls["a"].rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{names["b"]}" TEMPLATE "{names["a"]}"')


def query(url: str, sql: str) -> list[tuple]:
    """Read an installation's database from the test process (cheaper than a process)."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def public_key_of(key: str) -> str:
    """The public key an installation derives from its audit key (signing.public_key_b64)."""
    seed = hmac.new(KEYS[key].encode(), LABEL, hashlib.sha256).digest()
    raw = (
        Ed25519PrivateKey.from_private_bytes(seed)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(raw).decode()


class Installation:
    def __init__(self, key: str, tmp_path: Path, database_url: str):
        self.key, self.port = key, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        var = tmp_path / key
        var.mkdir(parents=True, exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("OPENOCMW_")},
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}", "OPENOCMW_DEBUG": "1",
            "OPENOCMW_FAST_HASHER": "1", "OPENOCMW_VAR": str(var), "DATABASE_URL": database_url,
            "OPENOCMW_AUDIT_KEY": KEYS[key], "OPENOCMW_QUEUE_NAME": f"exchange-test-{key}",
            "OPENOCMW_WORKERS": "1", "OPENOCMW_JOBS_RECOVER_EVERY": "5",
        }  # fmt: skip
        self.processes: list[subprocess.Popen] = []
        self.logs = var
        self.database_url = database_url

    def manage(self, *args: str, timeout: float = 240) -> str:
        out = subprocess.run([OPENOCMW, "manage", *args], env=self.env, cwd=ROOT, timeout=timeout,
                             capture_output=True, text=True)  # fmt: skip
        assert out.returncode == 0, f"{args}: {out.stdout[-2000:]}\n{out.stderr[-4000:]}"
        return out.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def start(self, *argv: str, name: str) -> None:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.processes.append(subprocess.Popen(argv, env=self.env, cwd=ROOT, stdout=log,
                                               stderr=subprocess.STDOUT))  # fmt: skip

    def serve(self) -> None:
        self.start(OPENOCMW, "manage", "runserver", f"127.0.0.1:{self.port}", "--noreload",
                   name="server")  # fmt: skip

    def wait_until_served(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/login/", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise AssertionError(f"server {self.key} did not start: {self.log('server')}")

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()[-3000:]

    def state(self) -> dict:
        out = self.shell("from tests.exchange.installation import state; state()")
        return json.loads(out.split("STATE ", 1)[1])

    def stop(self) -> None:
        for p in reversed(self.processes):  # only the processes this test started, by id
            p.terminate()
        for p in self.processes:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()


def sign_as(key: str, data: bytes) -> str:
    seed = hmac.new(KEYS[key].encode(), LABEL, hashlib.sha256).digest()
    return base64.b64encode(Ed25519PrivateKey.from_private_bytes(seed).sign(data)).decode()


def request_message(message_id: str, ssin: str = JAN) -> bytes:
    root = messages.element("SocialReportRequest")
    messages.element("MessageId", root, message_id)
    messages.element("Timestamp", root, datetime.now(UTC).replace(microsecond=0).isoformat())
    messages.element("From", root, "92094")
    messages.element("To", root, "24062")
    messages.element("Ssin", root, ssin)
    messages.element("LegalBasis", root, "law of 26 May 2002, art. 19 §1")
    return messages.to_bytes(root)


def post(url: str, data: bytes, signature: str, sender: str = "92094") -> int:
    return requests.post(url + "/api/v1/exchange/messages", data=data, timeout=20, headers={
        "X-Exchange-Sender": sender, "X-Exchange-Signature": signature,
        "Content-Type": "application/xml",
    }).status_code  # fmt: skip


def setup_code(me: str, other: str, other_nis: str, other_name: str, other_url: str) -> str:
    """One process per side: print its public key, add the other as a peer, seed the data."""
    return (
        "from django.core.management import call_command; "
        "call_command('exchange', 'key'); "
        f"call_command('exchange', 'peer', '{other_nis}', '{other_name}', '{other_url}', "
        f"'{public_key_of(other)}'); "
        f"from tests.exchange.installation import seed_{me}; seed_{me}('{JAN}', '{MARC}')"
    )


def both(task, a, b) -> list:
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(task, (a, b)))


@pytest.fixture(scope="module")
def installations(request, django_db_setup, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("installations")
    names = postgres_names()
    urls = database_urls(tmp, names)
    a, b = Installation("a", tmp, urls["a"]), Installation("b", tmp, urls["b"])
    try:
        if urls["a"].startswith("sqlite"):  # both are copies of the migrated template
            template = request.getfixturevalue("migrated_sqlite")
            for key in "ab":
                fresh_sqlite(template, tmp / key, "db")
        elif not migrated_postgresql():
            a.manage("migrate", "--no-input", timeout=600)
            clone_database(urls, names)
        a.serve()
        b.serve()
        keys = both(lambda i: i.shell(setup_code(*(
            ("a", "b", "92094", "CPAS de Namur", b.url) if i is a
            else ("b", "a", "24062", "OCMW Leuven", a.url)
        ))), a, b)  # fmt: skip
        # Each installation has its own key pair, derived from its own audit key.
        # (Django's shell prints its count of automatic imports first: the key is a line.)
        assert public_key_of("a") in keys[0].split() and public_key_of("b") in keys[1].split()
        assert public_key_of("a") != public_key_of("b")
        both(Installation.wait_until_served, a, b)
        yield a, b
    finally:
        a.stop()
        b.stop()
        if not urls["a"].startswith("sqlite"):
            drop_postgres(urls["a"], names)


def test_social_reports_travel_with_and_without_consent(installations):
    a, b = installations
    statuses = "SELECT status FROM exchange_socialreportrequest ORDER BY id"
    assert query(b.database_url, statuses) == [("pending",), ("pending",)]
    # Without a request from B nothing is visible at A.
    assert query(a.database_url, "SELECT COUNT(*) FROM exchange_inboundreportrequest") == [(0,)]

    a.start(OPENOCMW, "worker", name="worker")  # A's job worker: nobody at A acts
    b.manage("exchange", "cycle")  # B's cycle sends the two requests to A's server
    deadline = time.monotonic() + 120
    while query(b.database_url, statuses) != [("answered",), ("answered",)]:
        if time.monotonic() > deadline:
            raise AssertionError(f"not answered\n{a.log('worker')}\n{a.log('server')}")
        time.sleep(0.25)
    state_a, state_b = both(Installation.state, a, b)
    jan, marc = state_b["requests"]
    assert jan["report"]["gpmi"]["ConsentOn"] == "2026-03-02" and jan["pdf"]
    assert [d["Motivation"] for d in jan["report"]["decisions"]] == [
        "Jan: alleenstaande zonder inkomen."
    ]
    assert marc["report"]["gpmi"] is None and not marc["pdf"]
    assert len(marc["report"]["decisions"]) == 1
    assert sorted(
        (i["insz"], i["status"], i["gpmi"], i["delivered"]) for i in state_a["inbound"]
    ) == [(JAN, "answered", True, True), (MARC, "answered", False, True)]
    # Both sides log and audit the exchange.
    assert "export:social_report" in state_a["audit"]
    assert "create:social_report" in state_b["audit"]
    assert ["social_report", "out", "accepted", "HTTP 202"] in state_a["log"]
    assert ["social_report", "out", "accepted", "HTTP 202"] in state_b["log"]


def test_replayed_tampered_and_foreign_messages_are_refused_and_logged(installations):
    a, _ = installations
    # A message signed with B's key is taken in once; a replay and a tampered copy are refused.
    data = request_message("SR-REPLAY-TEST-0001")
    signature = sign_as("b", data)
    assert post(a.url, data, signature) == 202
    assert post(a.url, data, signature) == 409
    assert post(a.url, data.replace(JAN.encode(), MARC.encode()), signature) == 403
    fresh = request_message("SR-OTHER-KEY-0001")
    assert post(a.url, fresh, sign_as("a", fresh)) == 403  # signed with the wrong key
    assert post(a.url, b"<not xml", sign_as("b", b"<not xml")) == 400
    refusals = [
        reason for (reason,) in query(
            a.database_url, "SELECT reason FROM exchange_exchangelog WHERE outcome = 'refused'"
        )
    ]  # fmt: skip
    assert "replayed message (already received)" in refusals
    assert refusals.count("bad signature") == 2
    assert any(r.startswith("not well-formed") for r in refusals)
    denied = "SELECT COUNT(*) FROM accounts_auditentry WHERE action = 'denied'"
    assert query(a.database_url, denied)[0][0] >= 4
