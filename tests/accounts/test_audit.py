"""The audit log: append-only, hash-chained per OCMW, verified by `openocmw audit verify`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from openocmw.accounts import audit
from openocmw.accounts.models import AuditChain, AuditEntry


@pytest.fixture
def entries(actor_a, actor_b):
    for i in range(3):
        audit.record(actor_a, "view", object_type="person", object_id=i, subject_person_id=i)
    audit.record(actor_b, "search", object_type="person", detail={"query": "dubois"})
    return list(AuditEntry.objects.order_by("chain", "seq"))


def _drop_triggers():
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER audit_no_update")
            cur.execute("DROP TRIGGER audit_no_delete")
        else:
            cur.execute("DROP TRIGGER audit_append_only ON accounts_auditentry")


def test_each_ocmw_has_its_own_gapless_chain(entries, actor_a, actor_b):
    a = AuditEntry.objects.filter(chain=f"ocmw:{actor_a.ocmw_id}").order_by("seq")
    assert [e.seq for e in a] == [1, 2, 3]
    assert a[1].prev_hash == a[0].hash and a[2].prev_hash == a[1].hash
    assert AuditEntry.objects.filter(chain=f"ocmw:{actor_b.ocmw_id}").count() == 1
    assert audit.verify().ok


def test_entries_cannot_be_changed_or_deleted_through_the_orm(entries):
    e = entries[0]
    e.purpose = "changed"
    with pytest.raises(RuntimeError):
        e.save()
    with pytest.raises(RuntimeError):
        e.delete()


def test_database_refuses_update_and_delete(entries):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).update(purpose="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).delete()


def test_verify_detects_an_altered_entry(entries, capsys):
    _drop_triggers()
    AuditEntry.objects.filter(pk=entries[1].pk).update(username="someone-else")
    report = audit.verify()
    assert not report.ok
    assert any("entry 2 was altered" in p for p in report.problems)
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit", "verify")


def test_verify_detects_a_removed_entry(entries):
    _drop_triggers()
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    problems = audit.verify().problems
    assert any("missing" in p for p in problems)


def test_verify_detects_a_removed_last_entry(entries, actor_a):
    _drop_triggers()
    last = AuditEntry.objects.filter(chain=f"ocmw:{actor_a.ocmw_id}").order_by("-seq").first()
    AuditEntry.objects.filter(pk=last.pk).delete()
    assert any("head says 3" in p for p in audit.verify().problems)


def test_verify_command_reports_an_intact_log(entries, capsys):
    call_command("audit", "verify")
    assert "audit log intact: 4 entries in 2 chains" in capsys.readouterr().out


def test_chain_head_follows_the_last_entry(entries, actor_a):
    head = AuditChain.objects.get(key=f"ocmw:{actor_a.ocmw_id}")
    last = AuditEntry.objects.filter(chain=head.key).order_by("-seq").first()
    assert (head.last_seq, head.last_hash) == (3, last.hash)
