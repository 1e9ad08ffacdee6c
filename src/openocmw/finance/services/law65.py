"""The forms of the law of 2 April 1965 (aid granted by an OCMW whose cost the State bears):
structured records with their deadlines, and a CSV export.

Verified (December 2026) in PrimaBook (POD MI), "Wet 65": the forms (A: identity of the
beneficiaries; B1: the decision granting aid, B2: hospital and pharmacy costs outside
MediPrima; C: the end of a decision; D1: the claim of the costs, D2: of hospital and pharmacy
costs; F: a recovery from the beneficiary, not modelled) and art. 9 §1 of the law: the centre
that may claim the costs must notify the aid within forty-five days. Not verified: the day
from which the 45 days run (PrimaBook has a section on their calculation that could not be
read here; they are counted here from the event recorded, the first day of aid), and any time
limit for forms C and D (none was found; the 365 days are this project's working assumption).
Each row of the export says whether its deadline was verified.

Searched again on 7 December 2026 (h-fin), with the project's search tool over the stored
public pages, documentation and code, in Dutch and French: art. 9 of the law of 2 April 1965
("vijfenveertig dagen" / "quarante-cinq jours", from which day they run), PrimaBook "Wet 65"
and its section on computing the 45 days, and time limits for forms C and D. Found only a
consolidated copy of the law of 2 April 1965 whose stored excerpt stops at its table of contents
(docplayer.nl, "Wet van 2 april 1965 betreffende het ten laste nemen van de steun ...": chapter
II, art. 9 to 18, "Terugvordering en terugbetaling van onderstandkosten"), not the text of
art. 9 itself; no PrimaBook page on Law-65 deadlines is stored. The flags below stay.
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

PRIMABOOK_65 = "https://primabook.mi-is.be/nl/terugbetalingsprocedure/wet-65"
ART_9 = "Wet van 2 april 1965, art. 9, §1 (kennisgeving binnen 45 dagen), volgens PrimaBook"
DEADLINES = {
    "A": {"days": 45, "source": f"{ART_9}; {PRIMABOOK_65}", "verified": True,
          "unverified": "the day the 45 days start (counted here from the first day of aid)"},
    "B": {"days": 45, "source": f"{ART_9}; {PRIMABOOK_65}", "verified": True,
          "unverified": "the day the 45 days start (counted here from the first day of aid)"},
    "C": {"days": 365, "source": "no time limit found (working assumption)", "verified": False,
          "unverified": "no time limit for form C was found in the sources read"},
    "D": {"days": 365, "source": "no time limit found (working assumption)", "verified": False,
          "unverified": "no time limit for form D was found in the sources read"},
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
                "amount", "reference", "sent_on", "deadline_source", "deadline_verified",
                "not_verified"])  # fmt: skip
    n = 0
    for f in rows:
        d = DEADLINES[f.form]
        w.writerow([f.form, f.person.insz, f.event_date, f.deadline, f.period_start,
                    f.period_end, f.amount, f.reference, f.sent_on or "", d["source"],
                    "yes" if d["verified"] else "no", d["unverified"]])  # fmt: skip
        n += 1
    audit.record(actor, "export", object_type="law65_form", purpose="finance",
                 detail={"rows": n})  # fmt: skip
    return out.getvalue()
