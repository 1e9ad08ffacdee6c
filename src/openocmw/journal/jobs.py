"""The daily reminder e-mail as a periodic job (every hour; each worker gets one a day)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from openocmw.jobs.kinds import kind

from .tasks import send_reminders


@kind("journal.reminders", label=_("Reminders by e-mail"), every=timedelta(hours=1))
def reminders(ctx, **arguments) -> dict:
    # Idempotent: a reminder is recorded in the same transaction as it is sent, once a day.
    return send_reminders()
