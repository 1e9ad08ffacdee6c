"""Issue 9: TRUNCATE of the audit tables is refused on PostgreSQL, and chain heads are kept.

Row triggers do not fire on TRUNCATE, so a statement-level BEFORE TRUNCATE trigger refuses
it on both audit tables. A chain head may be moved forward (each append does) but not
deleted. SQLite has no TRUNCATE: its ``DELETE FROM`` without WHERE fires the row triggers.
Someone who drops these triggers is still caught by ``openocmw audit verify``: the latest
signed checkpoint names the chains and entries that must be there.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON accounts_auditchain
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER audit_chain_no_delete;"]

POSTGRES = [
    """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON accounts_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();""",
    """CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON accounts_auditchain
       FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();""",
    """CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON accounts_auditchain
       FOR EACH ROW EXECUTE FUNCTION audit_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER audit_no_truncate ON accounts_auditentry;",
    "DROP TRIGGER audit_chain_no_truncate ON accounts_auditchain;",
    "DROP TRIGGER audit_chain_no_delete ON accounts_auditchain;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_audit_keyed_tokens_expiry")]
    operations = [migrations.RunPython(forwards, backwards)]
