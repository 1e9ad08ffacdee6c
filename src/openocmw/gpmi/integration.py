"""The GPMI and the casework decisions.

- A first leefloon grant decided by the council starts the GPMI requirement clock: it records
  the leefloon start (with its category and decision date) that `services.gpmi_requirement`
  reads. A decision that stops the leefloon ends that period. Revisions change nothing here:
  the person is no longer a new beneficiary.
- A sanction for a breach of the contract (law of 26 May 2002, art. 30 §2) is decided by the
  council like any decision: `services.propose_sanction` opens a review of the leefloon decision
  in force with a draft proposal to suspend it, for the social worker to submit.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from openocmw.accounts import audit

from .dates import add_months
from .models import LeefloonStart


def on_decision(sender, actor, decision, **kwargs) -> None:
    if decision.aid_kind != "leefloon":
        return
    if decision.kind == "grant" and decision.replaces_id is None and decision.category:
        LeefloonStart.objects.filter(
            person_id=decision.person_id, cancelled_at__isnull=True, end__isnull=True,
            start__lt=decision.effective_from,
        ).update(end=decision.effective_from - timedelta(days=1))  # fmt: skip
        row = LeefloonStart.objects.create(
            ocmw_id=decision.ocmw_id, person_id=decision.person_id, start=decision.effective_from,
            end=decision.effective_until, category=decision.category,
            decision_date=decision.decided_on, recorded_by=actor.user,
        )  # fmt: skip
        audit.record(
            actor, "create", object_type="leefloon_start", object_id=row.pk,
            subject_person_id=decision.person_id, detail={"decision": decision.pk},
        )  # fmt: skip
    elif decision.kind == "stop":
        LeefloonStart.objects.filter(
            person_id=decision.person_id, cancelled_at__isnull=True, end__isnull=True,
            start__lt=decision.effective_from,
        ).update(end=decision.effective_from - timedelta(days=1))  # fmt: skip


def decision_in_force(person_id: int, on: date):
    """The leefloon decision (grant or modification) in force for the person on ``on``."""
    from django.db.models import Q

    from openocmw.casework.models import Decision

    return (
        Decision.objects.filter(
            person_id=person_id, aid_kind="leefloon", kind__in=["grant", "modify"],
            effective_from__lte=on, replaced_by__isnull=True,
        )
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .order_by("-effective_from", "-version")
        .first()
    )  # fmt: skip


def open_suspension_review(actor, gpmi, sanction, *, starts_on: date, today: date):
    """Register the review request and its draft suspension proposal in casework."""
    from openocmw.casework import services as casework
    from openocmw.casework.models import ItemStatus

    decision = decision_in_force(gpmi.person_id, today)
    if decision is None:
        return None
    hearing = sanction.hearing
    description = _("Sanction for a breach of the GPMI (law of 26 May 2002, art. 30 §2)")
    req = casework.register_request(
        actor, gpmi.person, received_on=today, kind="leefloon", channel="own_initiative",
        description=description, replaces_decision=decision, checklist="sanction",
    )  # fmt: skip
    note = _("Hearing of %(date)s: %(statement)s") % {
        "date": hearing.held_on.strftime("%d/%m/%Y"),
        "statement": hearing.statement or "—",
    }
    for item in req.items.all():
        casework.update_item(actor, item, status=ItemStatus.DONE, notes=note)
    until = add_months(starts_on, sanction.months) - timedelta(days=1)
    casework.save_proposal(
        actor, req,
        casework.ProposalInput(
            kind="suspend", effective_from=starts_on, effective_until=until,
            motivation=f"{description}. {sanction.breach.description}\n{note}\n{sanction.motivation}".strip(),
        ),
    )  # fmt: skip
    return req
