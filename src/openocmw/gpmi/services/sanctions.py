"""Breach, hearing and sanction proposal (law of 26 May 2002, art. 30 §2, after a hearing,
art. 20). The council decides through casework: see :mod:`openocmw.gpmi.integration`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope

from ..dates import add_months
from ..integration import decision_in_force, open_suspension_review
from ..models import (
    Breach,
    Gpmi,
    Hearing,
    SanctionProposal,
    Status,
)
from . import common
from .common import (
    REPEAT_WITHIN_DAYS,
    SANCTION_MAX_MONTHS,
    SANCTION_MAX_MONTHS_REPEAT,
    Errors,
    _dmy,
    _error,
    _in_period,
    _lock_gpmi,
)

# --- breach, hearing, sanction proposal ----------------------------------------------------------


@transaction.atomic
def record_breach(
    actor: Actor,
    gpmi: Gpmi,
    *,
    noted_on: date | None,
    description: str,
    formal_notice_on: date | None = None,
) -> Breach:
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    errors = Errors()
    if gpmi.status == Status.DRAFT:
        errors.add("gpmi", _("A draft contract binds nobody yet."), "status")
    if noted_on is None:
        errors.add("noted_on", _("This field is required."), "required")
    elif noted_on > common._today():
        errors.add("noted_on", _("The date lies in the future."))
    elif not _in_period(gpmi, noted_on):
        errors.add(
            "noted_on",
            _("The date lies outside the period of the contract (%(start)s to %(end)s).")
            % {"start": _dmy(gpmi.start), "end": _dmy(gpmi.effective_end)},
        )
    if not (description or "").strip():
        errors.add("description", _("Describe which commitment was not respected."), "required")
    if formal_notice_on is not None and noted_on is not None and formal_notice_on < noted_on:
        errors.add("formal_notice_on", _("The formal notice cannot precede the breach."))
    errors.raise_if_any()
    row = Breach.objects.create(
        gpmi=gpmi,
        noted_on=noted_on,
        description=description.strip(),
        formal_notice_on=formal_notice_on,
        recorded_by=actor.user,
    )
    audit.record(
        actor,
        "create",
        object_type="gpmi_breach",
        object_id=row.pk,
        subject_person_id=gpmi.person_id,
        detail={"gpmi": gpmi.pk},
    )
    return row


@transaction.atomic
def record_hearing(
    actor: Actor,
    breach: Breach,
    *,
    held_on: date | None,
    person_present: bool | None,
    statement: str = "",
    heard_by: str = "",
) -> Hearing:
    """The hearing of the person about the breach (law art. 20): date, present or not, the
    person's statement, who heard."""
    require(actor, "gpmi.change")
    breach = scope(Breach.objects.select_related("gpmi"), actor, "gpmi__ocmw").get(pk=breach.pk)
    errors = Errors()
    if held_on is None:
        errors.add("held_on", _("This field is required."), "required")
    elif held_on > common._today():
        errors.add("held_on", _("The date lies in the future."))
    elif held_on < breach.noted_on:
        errors.add(
            "held_on",
            _("The hearing cannot precede the breach (%(date)s).")
            % {"date": _dmy(breach.noted_on)},
        )
    if person_present is None:
        errors.add("person_present", _("Say whether the person was present."), "required")
    elif person_present and not (statement or "").strip():
        errors.add("statement", _("Write down what the person said."), "required")
    if not (heard_by or "").strip():
        errors.add("heard_by", _("Say who heard the person."), "required")
    errors.raise_if_any()
    row = Hearing.objects.create(
        breach=breach,
        held_on=held_on,
        person_present=person_present,
        statement=(statement or "").strip(),
        heard_by=heard_by.strip(),
        recorded_by=actor.user,
    )
    audit.record(
        actor,
        "create",
        object_type="gpmi_hearing",
        object_id=row.pk,
        subject_person_id=breach.gpmi.person_id,
        detail={"breach": breach.pk},
    )
    return row


@transaction.atomic
def propose_sanction(
    actor: Actor,
    gpmi: Gpmi,
    breach: Breach | None,
    hearing: Hearing | None,
    months,
    motivation: str = "",
    starts_on: date | None = None,
) -> SanctionProposal:
    """Propose to suspend the leefloon for a breach of the contract (law of 26 May 2002,
    art. 30 §2): only after a formal notice and a recorded hearing of the person (art. 20);
    at most one month, at most three months on a repeat within one year. The proposal goes
    to the casework decision (status "proposed")."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    errors = Errors()
    if breach is None or breach.gpmi_id != gpmi.pk:
        errors.add("breach", _("Choose the breach of this GPMI."), "required")
    elif breach.formal_notice_on is None:
        errors.add(
            "breach",
            _("A sanction needs a formal notice first: record the date it was sent."),
            "formal_notice",
        )
    if hearing is None:
        errors.add(
            "hearing",
            _(
                "A sanction can only be proposed after the person was heard: "
                "record the hearing first."
            ),
            "required",
        )
    elif breach is not None and hearing.breach_id != breach.pk:
        errors.add("hearing", _("This hearing is about another breach."))
    errors.raise_if_any()
    earlier = (
        SanctionProposal.objects.filter(
            gpmi__person_id=gpmi.person_id,
            breach__noted_on__gte=breach.noted_on - timedelta(days=REPEAT_WITHIN_DAYS),
            breach__noted_on__lte=breach.noted_on,
        )
        .exclude(breach=breach)
        .exists()
    )
    limit = SANCTION_MAX_MONTHS_REPEAT if earlier else SANCTION_MAX_MONTHS
    try:
        months = int(months)
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= limit:
        message = (
            _("On a repeat within one year the suspension lasts at most three months.")
            if earlier
            else _(
                "The suspension lasts at most one month (three only on a repeat within one year)."
            )
        )
        raise _error("months", message)
    today = common._today()
    if starts_on is None:  # the first day of the next month
        starts_on = add_months(today.replace(day=1), 1)
    if starts_on < today:
        raise _error("starts_on", _("The suspension cannot start in the past."))
    if decision_in_force(gpmi.person_id, today) is None:
        raise _error(
            "gpmi",
            _("There is no leefloon decision in force to suspend for this person."),
            "no_decision",
        )
    row = SanctionProposal.objects.create(
        gpmi=gpmi,
        breach=breach,
        hearing=hearing,
        months=months,
        repeat=earlier,
        motivation=(motivation or "").strip(),
        proposed_by=actor.user,
        starts_on=starts_on,
    )
    row.request = open_suspension_review(actor, gpmi, row, starts_on=starts_on, today=today)
    row.save(update_fields=["request"])
    audit.record(
        actor,
        "create",
        object_type="sanction_proposal",
        object_id=row.pk,
        subject_person_id=gpmi.person_id,
        detail={"gpmi": gpmi.pk, "months": months, "repeat": earlier},
    )
    return row
