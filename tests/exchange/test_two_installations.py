"""Two installations on the loopback exchange social reports (issue 13 §5).

Each has its own database (SQLite files here; PostgreSQL databases ``hexch`` and ``hexch2``
when DATABASE_URL points to PostgreSQL), its own audit key and so its own Ed25519 key pair,
its own server (``runserver`` on 127.0.0.1) and, for A, a job worker (``openocmw worker``).
B requests the reports of Jan (consent given) and Marc (no consent); B's cycle sends them;
A's worker answers with nobody at A acting; B receives them. A tampered message and a replay,
posted to A directly, are refused and logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from openocmw.exchange import messages
from openocmw.exchange.signing import LABEL

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


def database_urls(tmp_path) -> dict[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return {k: f"sqlite:///{tmp_path / k / 'db.sqlite3'}" for k in "ab"}
    import psycopg

    base = url.rsplit("/", 1)[0]
    names = {"a": "hexch", "b": "hexch2"}
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    return {k: f"{base}/{name}" for k, name in names.items()}


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
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/login/", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.5)
        raise AssertionError(f"server {self.key} did not start: {self.log('server')}")

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()[-3000:]

    def public_key(self) -> str:
        return self.manage("exchange", "key").strip()

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


@pytest.fixture
def installations(tmp_path):
    urls = database_urls(tmp_path)
    a, b = Installation("a", tmp_path, urls["a"]), Installation("b", tmp_path, urls["b"])
    try:
        for inst in (a, b):
            inst.manage("migrate", "--no-input", timeout=600)
        assert a.public_key() != b.public_key()
        a.serve()
        b.serve()
        yield a, b
    finally:
        a.stop()
        b.stop()


def test_two_installations_exchange_signed_social_reports(installations):
    a, b = installations
    a.manage("exchange", "peer", "92094", "CPAS de Namur", b.url, b.public_key())
    b.manage("exchange", "peer", "24062", "OCMW Leuven", a.url, a.public_key())
    a.shell(f"from tests.exchange.installation import seed_a; seed_a('{JAN}', '{MARC}')")
    b.shell(f"from tests.exchange.installation import seed_b; seed_b('{JAN}', '{MARC}')")
    assert [r["status"] for r in b.state()["requests"]] == ["pending", "pending"]
    assert a.state()["inbound"] == []  # without a request from B nothing is visible at A

    a.start(OPENOCMW, "worker", name="worker")  # A's job worker: nobody at A acts
    b.manage("exchange", "cycle")  # B's cycle sends the two requests to A's server
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state_b = b.state()
        if all(r["status"] == "answered" for r in state_b["requests"]):
            break
        time.sleep(2)
    else:
        raise AssertionError(f"not answered: {state_b}\n{a.log('worker')}\n{a.log('server')}")
    jan, marc = state_b["requests"]
    assert jan["report"]["gpmi"]["ConsentOn"] == "2026-03-02" and jan["pdf"]
    assert [d["Motivation"] for d in jan["report"]["decisions"]] == [
        "Jan: alleenstaande zonder inkomen."
    ]
    assert marc["report"]["gpmi"] is None and not marc["pdf"]
    assert len(marc["report"]["decisions"]) == 1
    state_a = a.state()
    assert sorted(
        (i["insz"], i["status"], i["gpmi"], i["delivered"]) for i in state_a["inbound"]
    ) == [(JAN, "answered", True, True), (MARC, "answered", False, True)]
    assert "export:social_report" in state_a["audit"]
    assert "create:social_report" in state_b["audit"]
    assert ["social_report", "out", "accepted", "HTTP 202"] in state_a["log"]
    assert ["social_report", "out", "accepted", "HTTP 202"] in state_b["log"]

    # A message signed with B's key is taken in once; a replay and a tampered copy are refused.
    data = request_message("SR-REPLAY-TEST-0001")
    signature = sign_as("b", data)
    assert post(a.url, data, signature) == 202
    assert post(a.url, data, signature) == 409
    assert post(a.url, data.replace(JAN.encode(), MARC.encode()), signature) == 403
    fresh = request_message("SR-OTHER-KEY-0001")
    assert post(a.url, fresh, sign_as("a", fresh)) == 403  # signed with the wrong key
    assert post(a.url, b"<not xml", sign_as("b", b"<not xml")) == 400
    refusals = [row[3] for row in a.state()["log"] if row[2] == "refused"]
    assert "replayed message (already received)" in refusals
    assert refusals.count("bad signature") == 2
    assert any(r.startswith("not well-formed") for r in refusals)
