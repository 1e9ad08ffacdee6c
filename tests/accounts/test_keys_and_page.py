"""Where the audit key comes from (issue 9 §1), and the chain check on the adviser's page."""

import os
import stat
from html import unescape

import pytest
from django.core.exceptions import ImproperlyConfigured

from openocmw.accounts import audit
from openocmw.accounts.checks import audit_key_configured
from openocmw.accounts.keys import audit_key
from openocmw.accounts.models import AuditEntry, Role


@pytest.fixture
def no_key(settings, tmp_path):
    settings.OPENOCMW_AUDIT_KEY = ""
    settings.OPENOCMW_AUDIT_KEY_FILE = ""
    settings.VAR_DIR = tmp_path / "var"
    return settings


def test_development_generates_a_private_key_file_once(no_key):
    no_key.DEBUG = True
    key = audit_key()
    path = no_key.VAR_DIR / "audit.key"
    assert path.read_text().strip().encode() == key and len(key) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert audit_key() == key  # read again, not replaced


def test_production_without_a_key_is_refused_with_a_clear_message(no_key):
    no_key.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="OPENOCMW_AUDIT_KEY_FILE"):
        audit_key()
    (error,) = audit_key_configured()
    assert error.id == "openocmw.E001" and "outside the database" in error.msg
    assert not (no_key.VAR_DIR / "audit.key").exists()


def test_a_key_file_is_read_and_a_short_key_refused(no_key, tmp_path):
    no_key.DEBUG = False
    path = tmp_path / "audit.key"
    path.write_text("k" * 40 + "\n")
    no_key.OPENOCMW_AUDIT_KEY_FILE = str(path)
    assert audit_key() == b"k" * 40
    assert audit_key_configured() == []
    no_key.OPENOCMW_AUDIT_KEY_FILE = str(tmp_path / "missing")
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        audit_key()
    no_key.OPENOCMW_AUDIT_KEY = "short"
    with pytest.raises(ImproperlyConfigured, match="too short"):
        audit_key()


@pytest.fixture
def inline_jobs(settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}


def test_the_security_adviser_checks_the_chain_from_the_page(
    client_for, actor_a, ocmw_a, inline_jobs
):
    audit.record(actor_a, "view", object_type="person", object_id=1)
    audit.write_checkpoints()
    c = client_for("a", Role.SECURITY_ADVISER)
    assert 'id="audit-verify"' in c.get("/audit/").content.decode()
    html = c.post("/audit/verify/", follow=True).content.decode()
    assert "Het auditlogboek van dit OCMW is intact" in html and "checkpoint-00000001-" in html
    assert AuditEntry.objects.filter(purpose="chain check", detail__ok=True).exists()


def test_the_page_names_the_problem_in_french(client_for, actor_a, ocmw_a, inline_jobs):
    from django.db import connection

    for i in range(3):
        audit.record(actor_a, "view", object_type="person", object_id=i)
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER audit_no_update")
        else:
            cur.execute("DROP TRIGGER audit_append_only ON accounts_auditentry")
    AuditEntry.objects.filter(chain=f"ocmw:{ocmw_a.pk}", seq=2).update(purpose="x")
    c = client_for("a", Role.SECURITY_ADVISER, language="fr")
    html = unescape(c.post("/audit/verify/", follow=True).content.decode())
    assert "n'est PAS intact" in html and "L'entrée 2 a été modifiée." in html


def test_only_the_security_adviser_may_check(client_for, users):
    assert client_for("a", Role.SOCIAL_WORKER).post("/audit/verify/").status_code == 403
    assert client_for("a", Role.SECURITY_ADVISER).get("/audit/verify/").status_code == 405
