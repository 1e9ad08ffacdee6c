"""System checks: the audit key must be configured outside the database in production."""

from __future__ import annotations

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def audit_key_configured(app_configs=None, **kwargs):
    from .keys import audit_key

    try:
        audit_key()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="openocmw.E001")]
    return []


def register() -> None:
    checks.register(audit_key_configured, checks.Tags.security, deploy=False)
