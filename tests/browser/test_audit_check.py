"""The security adviser checks the audit chain of their OCMW from /audit/, in Chromium.

A colleague's failed login is in the log; the chain is intact and compared with a signed
checkpoint. After a database administrator alters an entry, the same button reports it.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from openocmw.accounts import audit
from openocmw.accounts.models import AuditEntry, Role

from .test_registry_flow import PASSWORD, expected

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_security_adviser_checks_the_chain_from_the_audit_page(
    page: Page, shot, axe, live_server, users, actor_a, ocmw_a, settings
):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}
    for i in range(3):
        audit.record(actor_a, "view", object_type="person", object_id=i)
    audit.write_checkpoints()

    page.goto("/login/")
    page.fill("#id_username", users[("a", Role.SECURITY_ADVISER)].username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/audit/$"))  # the adviser's home is the audit log
    page.locator("#audit-verify").click()
    # The check runs as a job (issue 10 §6); its page shows the result when it is done.
    page.wait_for_url(re.compile(r"/audit/verify/\d+/$"))
    result = page.locator("#verify-result")
    expect(result).to_contain_text("intact")
    expect(page.locator("main")).to_contain_text("checkpoint-00000001-")
    axe("intact")
    shot("intact")

    # A database administrator drops the trigger and changes an entry.
    _trigger("DROP")
    try:
        AuditEntry.objects.filter(chain=f"ocmw:{ocmw_a.pk}", seq=2).update(purpose="nothing")
        page.goto("/audit/")
        page.locator("#audit-verify").click()
        expect(page.locator("#verify-result")).to_contain_text(
            expected("Entry %(seq)s was altered.", "nl") % {"seq": 2}
        )
        axe("altered")
        shot("altered")
    finally:
        _trigger("CREATE")  # the flush after the test expects it


def _trigger(what: str) -> None:
    sqlite = {
        "DROP": "DROP TRIGGER audit_no_update",
        "CREATE": "CREATE TRIGGER audit_no_update BEFORE UPDATE ON accounts_auditentry "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    }
    postgres = {
        "DROP": "DROP TRIGGER audit_append_only ON accounts_auditentry",
        "CREATE": "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON "
        "accounts_auditentry FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    }
    with connection.cursor() as cur:
        cur.execute((sqlite if connection.vendor == "sqlite" else postgres)[what])
