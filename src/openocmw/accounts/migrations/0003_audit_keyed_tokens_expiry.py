"""Issue 9: chains keyed by HMAC (``keyed_from``), tokens that expire, forced password change.

Tokens issued before this migration had no expiry; they get one 90 days from the upgrade.
"""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def expire_old_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=90)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_audit_append_only'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='expires'),
        ),
        migrations.AddField(
            model_name='auditchain',
            name='keyed_from',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='user',
            name='must_change_password',
            field=models.BooleanField(default=False, help_text="Set by an administrator's reset: the user chooses a new password first.", verbose_name='must change password'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('view', 'view'), ('search', 'search'), ('create', 'create'), ('update', 'update'), ('export', 'export'), ('denied', 'access denied'), ('calculate', 'calculation'), ('login', 'login'), ('logout', 'logout'), ('login_failed', 'failed login'), ('locked_out', 'locked out'), ('password', 'password changed'), ('token', 'API token'), ('chain_start', 'start of the keyed chain')], max_length=12),
        ),
        migrations.RunPython(expire_old_tokens, migrations.RunPython.noop),
    ]
