"""The production profile and server (issue 9, section 6): `check --deploy` is clean, a weak
secret key is refused, the Content-Security-Policy forbids inline code (and the templates have
none), pages are not stored by browsers, the audit's client address is believed from a proxy
only when the proxy is trusted, and `openocmw serve` runs gunicorn with workers that serve the
pages and the static files.

The tests that run `openocmw` under the production profile use a SQLite file of their own: the
SQLite run of the suite runs them (``sqlite_run_only``)."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from openocmw.accounts.addresses import client_ip
from openocmw.accounts.models import AuditEntry, Role
from openocmw.web.management.commands.serve import default_workers, gunicorn_argv
from tests.conftest import fresh_sqlite, sqlite_run_only

SRC = Path(__file__).resolve().parents[2] / "src"


def production_env(tmp_path, **over) -> dict:
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("OPENOCMW_", "DJANGO_", "DATABASE_URL"))
    }  # fmt: skip
    env.update(
        PYTHONPATH=str(SRC), OPENOCMW_DEBUG="0", OPENOCMW_SECRET_KEY=secrets.token_urlsafe(64),
        OPENOCMW_ALLOWED_HOSTS="ocmw.example.be,127.0.0.1", OPENOCMW_VAR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", OPENOCMW_FAST_HASHER="1",
    )  # fmt: skip
    key_file = tmp_path / "audit.key"  # production needs the audit key outside the database
    key_file.write_text(secrets.token_urlsafe(48))
    env["OPENOCMW_AUDIT_KEY_FILE"] = str(key_file)
    env.update(over)
    return env


def openocmw(env, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "openocmw.cli", *args],
        env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


@sqlite_run_only
def test_check_deploy_is_clean_under_the_production_profile(tmp_path):
    done = openocmw(
        production_env(tmp_path), "manage", "check", "--deploy", "--fail-level", "WARNING"
    )  # noqa: E501
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


@sqlite_run_only
def test_check_deploy_behind_a_tls_proxy_is_clean_too(tmp_path):
    env = production_env(tmp_path, OPENOCMW_SSL_REDIRECT="0", OPENOCMW_PROXY_SSL_HEADER="1")
    done = openocmw(env, "manage", "check", "--deploy")
    # Without the redirect Django warns (W008): the proxy redirects; nothing else is reported.
    assert done.returncode == 0
    assert re.findall(r"\(security\.\w+\)", done.stdout + done.stderr) == ["(security.W008)"]


@sqlite_run_only
@pytest.mark.parametrize("key", ["", "short-key-" * 4, "x" * 60])
def test_a_missing_short_or_uniform_secret_key_is_refused(tmp_path, key):
    done = openocmw(production_env(tmp_path, OPENOCMW_SECRET_KEY=key), "manage", "check")
    assert done.returncode != 0
    assert "OPENOCMW_SECRET_KEY" in done.stderr


@sqlite_run_only
def test_production_profile_needs_debug_off(tmp_path):
    env = production_env(tmp_path, OPENOCMW_DEBUG="1", OPENOCMW_PROFILE="production")
    done = openocmw(env, "manage", "check")
    assert done.returncode != 0 and "OPENOCMW_DEBUG=0" in done.stderr


def test_pages_carry_a_strict_content_security_policy(client_for, jan):
    response = client_for("a", Role.SOCIAL_WORKER).get(f"/persons/{jan.pk}/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert "Content-Security-Policy" in client_for("a", Role.SOCIAL_WORKER).get("/login/")


TEMPLATES = [
    p for p in SRC.glob("openocmw/*/templates/**/*.html")
    if "letters" not in p.parts and not p.name.endswith("_pdf.html")
]  # fmt: skip  # letters and PDF templates become PDF files, never web pages


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_template_has_inline_script_or_style(path):
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<style\b", html), "inline <style>"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "event handler attribute"


def test_pages_with_personal_data_are_never_stored(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    for url in (f"/persons/{jan.pk}/", "/persons/?q=peeters", f"/api/v1/persons/{jan.pk}", "/"):
        cache_control = c.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", "", [], "203.0.113.9"),
        # an untrusted peer cannot choose its address in the audit log
        ("203.0.113.9", "198.51.100.1", [], "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", ["10.0.0.0/8"], "203.0.113.9"),
        # the trusted proxy's header names the client
        ("10.0.0.2", "198.51.100.1", ["10.0.0.0/8"], "198.51.100.1"),
        # a client that sends its own X-Forwarded-For: the proxy appends the real address
        ("10.0.0.2", "1.2.3.4, 198.51.100.1", ["10.0.0.2"], "198.51.100.1"),
        # two trusted proxies in a row
        ("10.0.0.2", "198.51.100.1, 10.0.0.3", ["10.0.0.0/8"], "198.51.100.1"),
        ("::1", "2001:db8::7", ["::1"], "2001:db8::7"),
        # a malformed header falls back to the peer
        ("10.0.0.2", "not-an-address", ["10.0.0.0/8"], "10.0.0.2"),
        ("10.0.0.2", "", ["10.0.0.0/8"], "10.0.0.2"),
    ],
)
def test_client_address_behind_a_proxy(peer, forwarded, trusted, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=trusted):
        assert client_ip(request) == expected


def test_the_audit_log_records_the_client_behind_a_trusted_proxy(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    with override_settings(TRUSTED_PROXIES=["10.0.0.2"]):
        c.get(f"/persons/{jan.pk}/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
        c.get(f"/persons/{jan.pk}/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.8")
    ips = list(
        AuditEntry.objects.filter(action="view", object_type="person", subject_person_id=jan.pk)
        .order_by("pk")
        .values_list("ip", flat=True)
    )
    assert ips[-2:] == ["198.51.100.7", "10.9.9.9"]


def test_serve_workers_default_to_two_per_core_plus_one_capped():
    assert default_workers(1) == 5 and default_workers(2) == 9 and default_workers(32) == 12
    argv = gunicorn_argv(bind="0.0.0.0:9000", workers=4, threads=2, timeout=30, access_log=False)
    assert argv[1:4] == ["-m", "gunicorn", "openocmw.config.wsgi:application"]
    assert (
        argv[argv.index("--workers") + 1] == "4"
        and argv[argv.index("--bind") + 1] == "0.0.0.0:9000"
    )  # noqa: E501
    assert argv[argv.index("--worker-class") + 1] == "gthread"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - http to 127.0.0.1

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@sqlite_run_only
def test_openocmw_serve_runs_gunicorn_workers_serving_pages_and_static_files(
    migrated_sqlite, tmp_path
):
    # The database is a copy of the suite's migrated template: `serve` still runs `migrate`
    # (nothing left to apply) and `collectstatic` before gunicorn starts.
    fresh_sqlite(migrated_sqlite, tmp_path, "db")
    port = _free_port()
    env = production_env(
        tmp_path, OPENOCMW_PROXY_SSL_HEADER="1", OPENOCMW_TRUSTED_PROXIES="127.0.0.1"
    )  # noqa: E501
    server = subprocess.Popen(
        [sys.executable, "-m", "openocmw.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],  # noqa: E501
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    https = {"X-Forwarded-Proto": "https", "Host": "ocmw.example.be"}
    try:
        for _ in range(240):
            try:
                status, _headers, _body = _get(f"{base}/login/", https)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.5)
        else:
            pytest.fail("openocmw serve did not answer within 2 minutes")
        status, headers, body = _get(f"{base}/login/", https)
        assert status == 200 and b"csrfmiddlewaretoken" in body
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        assert "no-store" in headers["Cache-Control"]
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "Secure" in headers["Set-Cookie"]
        # plain HTTP is redirected to HTTPS
        status, headers, _ = _get(f"{base}/login/", {"Host": "ocmw.example.be"})
        assert status == 301 and headers["Location"] == "https://ocmw.example.be/login/"
        # static files from the workers themselves (WhiteNoise), cacheable, not no-store
        status, headers, body = _get(f"{base}/static/web/openocmw.css", https)
        assert status == 200 and b".stats-grid" in body
        assert "no-store" not in headers.get("Cache-Control", "")
        assert "max-age=600" in headers["Cache-Control"]
        workers = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(workers) == 2
    finally:
        server.terminate()
        server.wait(timeout=30)
