"""Issue 9: every chain written before the audit key continues with a keyed ``chain_start``.

The entry is appended at the upgrade, so that ``openocmw audit verify`` reads the entries
before it with the old unkeyed rule and everything from it on with the key (see
``openocmw.accounts.chain``). The audit key must be configured before this migration runs
(in production it is an error not to; in development it is generated in ``var/``).
"""

from datetime import UTC, datetime

from django.db import migrations


def keyed_start(apps, schema_editor):
    from openocmw.accounts.chain import CHAIN_START, keyed_digest
    from openocmw.accounts.keys import audit_key

    AuditChain = apps.get_model("accounts", "AuditChain")
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    heads = AuditChain.objects.filter(keyed_from__isnull=True, last_seq__gt=0)
    if not heads.exists():
        return
    key = audit_key()
    for head in heads.order_by("key"):
        ocmw_id = int(head.key.split(":", 1)[1]) if head.key.startswith("ocmw:") else None
        entry = AuditEntry(
            chain=head.key, seq=head.last_seq + 1, at=datetime.now(UTC), ocmw_id=ocmw_id,
            action=CHAIN_START, detail={"legacy_entries": head.last_seq},
            prev_hash=head.last_hash,
        )  # fmt: skip
        entry.hash = keyed_digest(entry, key)
        entry.save()
        AuditChain.objects.filter(pk=head.pk).update(
            last_seq=entry.seq, last_hash=entry.hash, keyed_from=entry.seq
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_audit_refuse_truncate")]
    operations = [migrations.RunPython(keyed_start, migrations.RunPython.noop)]
