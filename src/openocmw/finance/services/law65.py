"""The forms of the law of 2 April 1965 (aid granted by an OCMW whose cost the State bears):
structured records with their deadlines, and a CSV export.

The deadlines below are counted from the event the form reports. None of them was verified
against the consolidated text of the law of 2 April 1965 in this session (the 45-day
notification is the term commonly cited for it; the others are the POD MI's practice as we
understand it): each is marked unverified, and the export says so on every row; check them
before relying on them (docs/finance.md).
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope

from ..models import Law65Form
from ..models.refunds import FormKind

DEADLINES = {
    "A": {"days": 45, "source": "Wet van 2 april 1965 (kennisgeving binnen 45 dagen)",
          "verified": False},
    "B": {"days": 365, "source": "POD MI, praktijk (terugbetalingsaanvraag)", "verified": False},
    "C": {"days": 365, "source": "POD MI, praktijk (medische kosten)", "verified": False},
    "D": {"days": 45, "source": "POD MI, praktijk (einde of wijziging)", "verified": False},
}  # fmt: skip


def deadline_for(form: str, event: date) -> date:
    return event + timedelta(days=DEADLINES[form]["days"])


@transaction.atomic
def record_form(actor: Actor, person, *, form: str, event_date: date, period_start: date,
                period_end: date, amount=0, reference: str = "") -> Law65Form:  # fmt: skip
    require(actor, "finance.run")
    errors = {}
    if form not in FormKind.values:
        errors["form"] = [_("Choose form A, B, C or D.")]
    if period_end < period_start:
        errors["period_end"] = [_("The end of the period is before its start.")]
    if person.ocmw_id != actor.ocmw_id:
        errors["person"] = [_("That person is not of your OCMW.")]
    if errors:
        raise ValidationError(errors)
    row = Law65Form.objects.create(
        ocmw_id=actor.ocmw_id, person=person, form=form, event_date=event_date,
        deadline=deadline_for(form, event_date), period_start=period_start,
        period_end=period_end, amount=amount, reference=reference[:100],
    )  # fmt: skip
    audit.record(actor, "create", object_type="law65_form", object_id=row.pk,
                 subject_person_id=person.pk, purpose="finance")  # fmt: skip
    return row


def export_csv(actor: Actor) -> str:
    require(actor, "finance.run")
    rows = scope(Law65Form.objects.select_related("person"), actor)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(["form", "insz", "event_date", "deadline", "period_start", "period_end",
                "amount", "reference", "sent_on", "deadline_source", "deadline_verified"])  # fmt: skip
    n = 0
    for f in rows:
        d = DEADLINES[f.form]
        w.writerow([f.form, f.person.insz, f.event_date, f.deadline, f.period_start,
                    f.period_end, f.amount, f.reference, f.sent_on or "", d["source"],
                    "yes" if d["verified"] else "no"])  # fmt: skip
        n += 1
    audit.record(actor, "export", object_type="law65_form", purpose="finance",
                 detail={"rows": n})  # fmt: skip
    return out.getvalue()
