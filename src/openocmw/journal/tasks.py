""" "My tasks today" and the daily reminder e-mail (issue 10 §3).

A worker's tasks: their open requests whose decision is due within a week (law of 26 May 2002,
art. 21 §1: 30 days), their decisions whose letter is not sent (art. 21 §3: within 8 days), the
evaluations of their GPMI that are due within a week, and today's appointments. A task past
its date is a warning.

The reminder e-mail carries no name and no INSZ: only counts, request numbers and dates, and
the address of the page (an e-mail leaves the OCMW's systems).
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.models import Membership, Role, User
from openocmw.accounts.tenancy import Actor
from openocmw.casework.models import AidRequest, Decision, RequestState
from openocmw.gpmi.models import Evaluation

from .models import Appointment, ReminderSent

log = logging.getLogger("openocmw.journal")

SOON_DAYS = 7
OPEN_STATES = [RequestState.REGISTERED, RequestState.INVESTIGATING, RequestState.PROPOSED]
# The reminders go out from this hour on (local time), once a day.
REMINDER_HOUR = 7


@dataclass(frozen=True)
class Task:
    kind: str  # deadline | letter | evaluation | appointment
    label: str
    due: date
    late: bool
    url_name: str
    url_args: tuple
    reference: str  # a request number or a time: what the e-mail may show


def tasks_for(user: User, ocmw_id: int, today: date) -> list[Task]:
    """The tasks of ``user`` in ``ocmw_id`` for ``today``, warnings (late) first."""
    soon = today + timedelta(days=SOON_DAYS)
    tasks: list[Task] = []
    requests = AidRequest.objects.filter(
        ocmw_id=ocmw_id, assigned_to=user, state__in=OPEN_STATES, decision_due__lte=soon
    ).select_related("person")
    for r in requests:
        tasks.append(Task(
            "deadline", _("Decide on request %(number)s of %(name)s") %
            {"number": r.number, "name": r.person.full_name},
            r.decision_due, r.decision_due < today, "case_detail", (r.pk,), r.number,
        ))  # fmt: skip
    letters = Decision.objects.filter(
        ocmw_id=ocmw_id, request__assigned_to=user, notified_on__isnull=True
    ).select_related("request", "person")
    for d in letters:
        tasks.append(Task(
            "letter", _("Send the decision letter of request %(number)s to %(name)s") %
            {"number": d.request.number, "name": d.person.full_name},
            d.notify_due, d.notify_due < today, "case_detail", (d.request_id,), d.request.number,
        ))  # fmt: skip
    evaluations = Evaluation.objects.filter(
        gpmi__ocmw_id=ocmw_id, gpmi__worker=user, held_on__isnull=True,
        cancelled_at__isnull=True, due_on__isnull=False, due_on__lte=soon,
    ).select_related("gpmi__person")  # fmt: skip
    for e in evaluations:
        tasks.append(Task(
            "evaluation", _("Evaluate the GPMI of %(name)s") % {"name": e.gpmi.person.full_name},
            e.due_on, e.due_on < today, "gpmi_detail", (e.gpmi_id,), "",
        ))  # fmt: skip
    tz = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=tz)
    appointments = Appointment.objects.filter(
        ocmw_id=ocmw_id, worker=user, cancelled_at__isnull=True,
        starts_at__gte=start, starts_at__lt=start + timedelta(days=1),
    ).select_related("person")  # fmt: skip
    for a in appointments:
        at = timezone.localtime(a.starts_at).strftime("%H:%M")
        tasks.append(Task(
            "appointment", _("%(time)s: %(subject)s with %(name)s") %
            {"time": at, "subject": a.subject, "name": a.person.full_name},
            today, False, "journal", (a.person_id,), at,
        ))  # fmt: skip
    order = {"appointment": 0, "deadline": 1, "letter": 2, "evaluation": 3}
    tasks.sort(key=lambda t: (not t.late, t.due, order[t.kind], t.reference))
    return tasks


def my_tasks(actor: Actor, today: date) -> list[Task]:
    tasks = tasks_for(actor.user, actor.ocmw_id, today)
    audit.record(
        actor, "view", object_type="dashboard", purpose="my tasks",
        detail={"tasks": len(tasks)},
    )  # fmt: skip
    return tasks


# --- the daily reminder ----------------------------------------------------------------


def _mail_text(tasks: list[Task], url: str) -> tuple[str, str]:
    late = sum(t.late for t in tasks)
    subject = _("OpenOCMW: %(n)s tasks today") % {"n": len(tasks)}
    lines = [
        _("Good morning,"),
        "",
        _("You have %(n)s tasks today, %(late)s of them late.") % {"n": len(tasks), "late": late},
        "",
    ]
    names = {
        "deadline": _("decision due"), "letter": _("letter to send"),
        "evaluation": _("GPMI evaluation due"), "appointment": _("appointment"),
    }  # fmt: skip
    for t in tasks:
        mark = _("LATE") + " · " if t.late else ""
        ref = f" · {t.reference}" if t.reference else ""
        lines.append(f"- {mark}{names[t.kind]} · {t.due:%d/%m/%Y}{ref}")
    lines += ["", _("The list with the names: %(url)s") % {"url": url}]
    return subject, "\n".join(lines)


def send_reminders(now: datetime | None = None) -> dict:
    """Send each social worker and team lead with an e-mail address and tasks today one
    reminder (once a day: ``ReminderSent``); before REMINDER_HOUR nothing is sent."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    if now.hour < REMINDER_HOUR:
        return {"sent": 0, "reason": "too early"}
    base = getattr(settings, "OPENOCMW_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    sent = skipped = failed = 0
    memberships = (
        Membership.objects.filter(active=True, role__in=[Role.SOCIAL_WORKER, Role.TEAM_LEAD])
        .exclude(user__email="")
        .filter(user__is_active=True, ocmw__isnull=False)
        .select_related("user", "ocmw")
        .order_by("pk")
    )
    done: set[tuple[int, int]] = set()
    for m in memberships:
        key = (m.user_id, m.ocmw_id)
        if (
            key in done
            or ReminderSent.objects.filter(user_id=m.user_id, ocmw_id=m.ocmw_id, day=today).exists()
        ):
            continue
        done.add(key)
        with translation.override(m.user.language or "nl"):
            tasks = tasks_for(m.user, m.ocmw_id, today)
            if not tasks:
                skipped += 1
                continue
            subject, body = _mail_text(tasks, f"{base}/tasks/")
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    user_id=m.user_id, ocmw_id=m.ocmw_id, day=today, tasks=len(tasks)
                )
                send_mail(subject, body, None, [m.user.email])
        except IntegrityError:  # another worker sent it just now
            continue
        except (smtplib.SMTPException, OSError) as exc:
            # The relay refused this one or is unreachable: not recorded as sent, so the next
            # hourly run tries again; the other workers still get theirs.
            log.warning("reminder to user %s not sent: %s", m.user_id, exc.__class__.__name__)
            failed += 1
            continue
        audit.record(
            None, "export", ocmw_id=m.ocmw_id, object_type="reminder", object_id=m.user_id,
            purpose="reminders", username="system",
            detail={"user": m.user.get_username(), "tasks": len(tasks)},
        )  # fmt: skip
        sent += 1
    return {"sent": sent, "without_tasks": skipped, "failed": failed}
