"""The audit log survives a database administrator (issue 9 §1).

Entries are chained per OCMW with HMAC-SHA256 under a key that is not in the database, and
the chain heads are anchored by signed checkpoints in a folder outside it. Each test plays
an attacker with DBA rights: the triggers are dropped first, as such a person could.
"""

import hashlib
import os
import stat
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from openocmw.accounts import audit, checkpoints
from openocmw.accounts.chain import keyed_digest, legacy_digest
from openocmw.accounts.models import AuditChain, AuditEntry

SQLITE_TRIGGERS = ["audit_no_update", "audit_no_delete", "audit_chain_no_delete"]
POSTGRES_TRIGGERS = [
    ("audit_append_only", "accounts_auditentry"),
    ("audit_no_truncate", "accounts_auditentry"),
    ("audit_chain_no_truncate", "accounts_auditchain"),
    ("audit_chain_no_delete", "accounts_auditchain"),
]


@pytest.fixture
def entries(actor_a, actor_b):
    for i in range(3):
        audit.record(actor_a, "view", object_type="person", object_id=i, subject_person_id=i)
    audit.record(actor_b, "search", object_type="person", detail={"query": "dubois"})
    return list(AuditEntry.objects.order_by("chain", "seq"))


@pytest.fixture
def chain_a(actor_a):
    return f"ocmw:{actor_a.ocmw_id}"


def _drop_triggers():
    """What a database administrator can do: the append-only triggers are gone."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cur.execute(f"DROP TRIGGER {name}")
        else:
            for name, table in POSTGRES_TRIGGERS:
                cur.execute(f"DROP TRIGGER {name} ON {table}")


def _problems(report=None) -> list[str]:
    return [str(p) for p in (report or audit.verify()).problems]


def _last(chain):
    return AuditEntry.objects.filter(chain=chain).order_by("-seq").first()


def test_each_ocmw_has_its_own_gapless_chain(entries, actor_a, actor_b, chain_a):
    a = AuditEntry.objects.filter(chain=chain_a).order_by("seq")
    assert [e.seq for e in a] == [1, 2, 3]
    assert a[1].prev_hash == a[0].hash and a[2].prev_hash == a[1].hash
    assert AuditEntry.objects.filter(chain=f"ocmw:{actor_b.ocmw_id}").count() == 1
    assert audit.verify().ok


def test_entries_are_keyed_not_a_plain_sha256(entries, settings):
    entry = entries[0]
    assert entry.hash != legacy_digest(entry)
    assert audit.verify().ok
    # The same database checked with another key: every entry fails.
    settings.OPENOCMW_AUDIT_KEY = "another-key-that-an-attacker-might-guess-0000"
    assert len([p for p in _problems() if "was altered" in p]) == len(entries)


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
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditChain.objects.all().delete()


def test_postgresql_refuses_truncate(entries):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite's DELETE FROM is refused by row triggers")
    for table in ("accounts_auditentry", "accounts_auditchain"):
        refused = pytest.raises(DatabaseError, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cur:
            # The test's own inserts are one open transaction: check their foreign keys
            # now, as they would be for an attacker's separate session.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEntry.objects.count() == len(entries)


def test_sqlite_refuses_delete_of_the_whole_table(entries):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM accounts_auditentry")


def test_verify_detects_a_changed_field(entries, chain_a):
    _drop_triggers()
    AuditEntry.objects.filter(chain=chain_a, seq=2).update(username="someone-else")
    report = audit.verify()
    assert not report.ok
    assert f"{chain_a}: entry 2 was altered" in _problems(report)
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit", "verify")


def test_verify_detects_a_deleted_middle_entry(entries, chain_a):
    _drop_triggers()
    AuditEntry.objects.filter(chain=chain_a, seq=2).delete()
    problems = _problems()
    assert f"{chain_a}: entry 2 is missing (next found: 3)" in problems
    assert f"{chain_a}: entry 3 does not follow the previous entry" in problems


def test_verify_detects_a_deleted_last_entry(entries, chain_a):
    _drop_triggers()
    AuditEntry.objects.filter(pk=_last(chain_a).pk).delete()
    assert f"{chain_a}: the chain ends at entry 2, its head says 3" in _problems()


def test_verify_detects_a_truncate_through_the_checkpoint(entries, chain_a, actor_b):
    call_command("audit", "checkpoint")
    _drop_triggers()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # see test_postgresql_refuses_truncate
            cur.execute("TRUNCATE accounts_auditentry, accounts_auditchain")
        else:
            cur.execute("DELETE FROM accounts_auditentry")
            cur.execute("DELETE FROM accounts_auditchain")
    assert AuditEntry.objects.count() == 0
    problems = _problems()
    assert f"{chain_a}: the chain is missing; checkpoint 1 recorded 3 entries" in problems
    assert f"ocmw:{actor_b.ocmw_id}: the chain is missing; checkpoint 1 recorded 1 entries" in (
        problems
    )
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit", "verify")


def test_verify_detects_a_tail_removed_with_the_head_updated(entries, chain_a):
    audit.write_checkpoints()
    _drop_triggers()
    last = _last(chain_a)
    AuditEntry.objects.filter(pk=last.pk).delete()
    new_last = _last(chain_a)
    AuditChain.objects.filter(key=chain_a).update(last_seq=new_last.seq, last_hash=new_last.hash)
    report = audit.verify()
    # The chain itself is consistent again: only the checkpoint outside the database knows.
    assert _problems(report) == [
        f"{chain_a}: the chain is shorter than checkpoint 1: it ends at entry 2 with 2 "
        "entries, the checkpoint recorded 3"
    ]


def test_verify_detects_a_rewrite_rehashed_with_plain_sha256(entries, chain_a):
    """The attack of the issue: delete a middle entry, renumber and re-hash the rest."""
    _drop_triggers()
    AuditEntry.objects.filter(chain=chain_a, seq=2).delete()
    prev = AuditEntry.objects.get(chain=chain_a, seq=1).hash
    for entry in AuditEntry.objects.filter(chain=chain_a).order_by("seq")[1:]:
        entry.seq -= 1
        entry.prev_hash = prev
        entry.hash = legacy_digest(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(
            seq=entry.seq, prev_hash=entry.prev_hash, hash=entry.hash
        )
        prev = entry.hash
    AuditChain.objects.filter(key=chain_a).update(last_seq=2, last_hash=prev)
    assert _problems() == [f"{chain_a}: entry 2 was altered"]


def test_verify_detects_a_rewrite_against_the_checkpoint(entries, chain_a, settings):
    """Even a rewrite with the right key (a stolen key) differs from the signed checkpoint."""
    audit.write_checkpoints()
    _drop_triggers()
    entry = _last(chain_a)
    entry.purpose = "rewritten"
    entry.hash = keyed_digest(entry)
    AuditEntry.objects.filter(pk=entry.pk).update(purpose=entry.purpose, hash=entry.hash)
    AuditChain.objects.filter(key=chain_a).update(last_hash=entry.hash)
    assert _problems() == [
        f"{chain_a}: entry 3 differs from checkpoint 1 (the chain was rewritten)"
    ]


def test_verify_command_reports_an_intact_log(entries, capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "audit log intact: 4 entries in 2 chains" in out
    assert "no checkpoint found" in out
    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    assert "4 entries in 2 chains, checkpoint checkpoint-00000001-" in capsys.readouterr().out


def test_the_log_goes_on_after_a_checkpoint(entries, actor_a, ocmw_b):
    audit.write_checkpoints()
    audit.record(actor_a, "view", object_type="person", object_id=9)
    audit.record(None, "login_failed", username="nobody")  # a new chain: global
    assert audit.verify().ok


def test_chain_head_follows_the_last_entry(entries, chain_a):
    head = AuditChain.objects.get(key=chain_a)
    assert (head.last_seq, head.last_hash) == (3, _last(chain_a).hash)


def test_verify_of_one_ocmw_checks_only_its_chain(entries, actor_a, actor_b):
    audit.write_checkpoints()
    _drop_triggers()
    AuditEntry.objects.filter(chain=f"ocmw:{actor_b.ocmw_id}").update(username="x")
    assert audit.verify(actor_a.ocmw_id).ok
    assert not audit.verify(actor_b.ocmw_id).ok


# Checkpoints --------------------------------------------------------------------------------


def test_checkpoints_are_numbered_files_never_overwritten(entries, settings, tmp_path):
    settings.OPENOCMW_AUDIT_CHECKPOINT_MIRRORS = [tmp_path / "mirror"]
    first = audit.write_checkpoints()
    second = audit.write_checkpoints()
    assert [p.parent.name for p in first] == ["audit-checkpoints", "mirror"]
    assert first[0].name.startswith("checkpoint-00000001-")
    assert second[0].name.startswith("checkpoint-00000002-")
    assert first[0].read_bytes() == first[1].read_bytes()
    assert stat.S_IMODE(os.stat(first[0]).st_mode) == 0o440
    payload = checkpoints.read_checkpoint(second[0])
    assert payload["previous"] == hashlib.sha256(first[0].read_bytes()).hexdigest()
    assert payload["chains"][f"ocmw:{entries[0].ocmw_id}"]["seq"] == 3
    # O_EXCL: a file of that name is never replaced.
    with pytest.raises(FileExistsError):
        os.open(second[0], os.O_WRONLY | os.O_CREAT | os.O_EXCL)


def test_a_checkpoint_with_a_bad_signature_is_reported(entries, chain_a):
    (path,) = audit.write_checkpoints()
    os.chmod(path, 0o640)
    path.write_text(path.read_text().replace('"seq": 3', '"seq": 2'))
    assert _problems() == [f"checkpoint {path.name} has a bad signature"]


def test_a_checkpoint_signed_with_another_key_is_reported(entries, settings):
    (path,) = audit.write_checkpoints()
    settings.OPENOCMW_AUDIT_KEY = "x" * 40
    problems = _problems()
    assert any(f"checkpoint {path.name} was signed with another audit key" in p for p in problems)


def test_the_latest_checkpoint_in_any_store_counts(entries, settings, tmp_path, chain_a):
    """A second store keeps the anchor when the first folder loses its newest file."""
    settings.OPENOCMW_AUDIT_CHECKPOINT_MIRRORS = [tmp_path / "mirror"]
    audit.write_checkpoints()
    newest = audit.write_checkpoints()
    os.remove(newest[0])
    _drop_triggers()
    AuditEntry.objects.filter(pk=_last(chain_a).pk).delete()
    new_last = _last(chain_a)
    AuditChain.objects.filter(key=chain_a).update(last_seq=new_last.seq, last_hash=new_last.hash)
    assert any("shorter than checkpoint 2" in p for p in _problems())


def test_publickey_checks_a_checkpoint_without_the_secret(entries, capsys):
    import base64
    import json

    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    (path,) = audit.write_checkpoints()
    call_command("audit", "publickey")
    public = load_pem_public_key(capsys.readouterr().out.encode())
    document = json.loads(path.read_bytes())
    body = json.dumps(document["payload"], sort_keys=True, separators=(",", ":")).encode()
    public.verify(base64.b64decode(document["signature"]), body)  # raises if not valid


# Chains from before the key (upgrade path) ----------------------------------------------------


def _legacy_chain(ocmw, n=3):
    """A chain as the unkeyed version wrote it (plain SHA-256, no keyed start)."""
    key = f"ocmw:{ocmw.pk}"
    prev = audit.GENESIS
    for seq in range(1, n + 1):
        entry = AuditEntry(
            chain=key, seq=seq, at=datetime(2026, 1, seq, tzinfo=UTC), ocmw=ocmw,
            username="old", action="view", object_type="person", object_id=str(seq),
            detail={}, prev_hash=prev,
        )  # fmt: skip
        entry.hash = legacy_digest(entry)
        entry.save()
        prev = entry.hash
    AuditChain.objects.create(key=key, last_seq=n, last_hash=prev, keyed_from=None)
    return key


def test_a_legacy_chain_continues_with_a_keyed_start(actor_a, ocmw_a):
    key = _legacy_chain(ocmw_a)
    audit.record(actor_a, "view", object_type="person", object_id=7)
    start, entry = AuditEntry.objects.filter(chain=key, seq__gt=3).order_by("seq")
    assert (start.seq, start.action, start.detail) == (4, "chain_start", {"legacy_entries": 3})
    assert entry.seq == 5 and entry.prev_hash == start.hash
    report = audit.verify()
    assert report.ok and report.legacy_entries == 3
    assert AuditChain.objects.get(key=key).keyed_from == 4


def test_a_legacy_entry_rewritten_after_the_upgrade_is_detected(actor_a, ocmw_a):
    key = _legacy_chain(ocmw_a)
    audit.record(actor_a, "view", object_type="person", object_id=7)
    _drop_triggers()
    prev = AuditEntry.objects.get(chain=key, seq=1).hash
    for entry in AuditEntry.objects.filter(chain=key, seq__in=[2, 3]).order_by("seq"):
        entry.username = "forged" if entry.seq == 2 else entry.username
        entry.prev_hash = prev
        entry.hash = legacy_digest(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(
            username=entry.username, prev_hash=prev, hash=entry.hash
        )
        prev = entry.hash
    assert _problems() == [f"{key}: entry 4 does not follow the previous entry"]


def test_a_chain_rehashed_without_its_keyed_start_is_detected(actor_a, ocmw_a):
    key = _legacy_chain(ocmw_a)
    audit.record(actor_a, "view", object_type="person", object_id=7)
    _drop_triggers()
    AuditEntry.objects.filter(chain=key, action="chain_start").delete()
    entry = AuditEntry.objects.get(chain=key, seq=5)
    entry.seq, entry.prev_hash = 4, AuditEntry.objects.get(chain=key, seq=3).hash
    entry.hash = legacy_digest(entry)
    AuditEntry.objects.filter(pk=entry.pk).update(seq=4, prev_hash=entry.prev_hash, hash=entry.hash)
    AuditChain.objects.filter(key=key).update(last_seq=4, last_hash=entry.hash)
    # Without a keyed start every entry must be keyed: the legacy ones are not.
    assert f"{key}: entry 1 was altered" in _problems()


def test_the_upgrade_migration_gives_each_legacy_chain_its_keyed_start(ocmw_a, ocmw_b):
    """Right after `migrate`, before any new entry, the old chains verify (no false alarm)."""
    import importlib

    from django.apps import apps

    old = [_legacy_chain(ocmw_a), _legacy_chain(ocmw_b, n=2)]
    assert not audit.verify().ok  # read as keyed chains, the old entries do not verify
    migration = importlib.import_module("openocmw.accounts.migrations.0005_audit_keyed_start")
    migration.keyed_start(apps, None)
    report = audit.verify()
    assert report.ok and report.legacy_entries == 5
    starts = AuditEntry.objects.filter(action="chain_start").order_by("chain")
    assert [(e.chain, e.seq) for e in starts] == [(old[0], 4), (old[1], 3)]
    migration.keyed_start(apps, None)  # run again: nothing more
    assert AuditEntry.objects.filter(action="chain_start").count() == 2
