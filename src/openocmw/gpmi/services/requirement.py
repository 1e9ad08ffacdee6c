"""Who needs a GPMI and by when, the worklist and the evaluation rule's warnings, and the
leefloon starts and exemptions the requirement is read from (law of 26 May 2002, art. 11, as
amended by the law of 21 July 2016).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.registry.models import Person

from ..dates import add_months
from ..models import (
    Evaluation,
    Exemption,
    ExemptionReason,
    Gpmi,
    LeefloonCategory,
    LeefloonStart,
    Status,
)
from . import common
from .common import (
    CONCLUDE_WITHIN_MONTHS,
    EVALUATIONS_PER_YEAR,
    IN_PERSON_PER_YEAR,
    NEW_BENEFICIARY_GAP_MONTHS,
    REFORM_DATE,
    REQUIREMENT_REASONS,
    YOUNG_AGE_LIMIT,
    Errors,
    _dmy,
    _error,
    _lock_person,
)

# --- who needs a GPMI, and by when --------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """Whether the law requires a GPMI, by when, and why; ``concluded`` when one exists.

    Unpacks as the 3-tuple ``(required, due, reason)``.
    """

    required: bool
    due: date | None
    reason: str
    concluded: bool = False

    def __iter__(self):
        return iter((self.required, self.due, self.reason))

    @property
    def outstanding(self) -> bool:
        return self.required and not self.concluded

    def overdue(self, on: date) -> bool:
        return self.outstanding and self.due is not None and self.due < on

    @property
    def reason_label(self) -> str:
        return str(REQUIREMENT_REASONS.get(self.reason, self.reason))


def _active_exemption(person: Person, on: date) -> Exemption | None:
    return (
        Exemption.objects.filter(person=person, cancelled_at__isnull=True, decided_on__lte=on)
        .order_by("-decided_on", "-pk")
        .first()
    )


def gpmi_requirement(
    person: Person,
    leefloon_start: date | None,
    on: date,
    *,
    new_beneficiary: bool = True,
    decision_date: date | None = None,
) -> Requirement:
    """Does ``person`` need a GPMI for a leefloon from ``leefloon_start``, seen on ``on``?

    - No leefloon: not required.
    - An exemption for health or equity recorded on or before ``on``: not required.
    - Under 25 on the leefloon start: required (law of 26 May 2002, art. 11).
    - Otherwise, a new beneficiary from 1 November 2016: required (law of 21 July 2016).
    - The deadline is three months after the decision (or, without its date, the start).
    """
    if leefloon_start is None:
        return Requirement(False, None, "no_leefloon")
    exemption = _active_exemption(person, on)
    if exemption is not None:
        return Requirement(False, None, f"exempt_{exemption.reason}")
    due = add_months(decision_date or leefloon_start, CONCLUDE_WITHIN_MONTHS)
    if person.age_on(leefloon_start) < YOUNG_AGE_LIMIT:
        reason = "under_25"
    elif leefloon_start >= REFORM_DATE and new_beneficiary:
        reason = "new_beneficiary"
    else:
        return Requirement(False, None, "not_required")
    concluded = (
        Gpmi.objects.filter(person=person, status__in=[Status.ACTIVE, Status.CLOSED])
        .filter(ends_on__gte=leefloon_start)
        .exists()
    )
    return Requirement(True, due, reason, concluded)


def current_leefloon_start(person: Person, on: date) -> tuple[LeefloonStart | None, bool]:
    """The last leefloon start on or before ``on``, and whether it made a new beneficiary
    (no leefloon in the three months before it)."""
    starts = list(
        LeefloonStart.objects.filter(
            person=person, cancelled_at__isnull=True, start__lte=on
        ).order_by("start", "pk")
    )
    if not starts:
        return None, False
    last = starts[-1]
    gap_start = add_months(last.start, -NEW_BENEFICIARY_GAP_MONTHS)
    new = not any(s.end is None or s.end >= gap_start for s in starts[:-1])
    return last, new


def requirement_for(person: Person, on: date | None = None) -> Requirement:
    on = on or common._today()
    start, new = current_leefloon_start(person, on)
    if start is None:
        return Requirement(False, None, "no_leefloon")
    return gpmi_requirement(
        person, start.start, on, new_beneficiary=new, decision_date=start.decision_date
    )


@dataclass(frozen=True)
class WorklistRow:
    person: Person
    leefloon: LeefloonStart
    requirement: Requirement


def worklist(actor: Actor, on: date | None = None) -> list[WorklistRow]:
    """Persons of the actor's OCMW who need a GPMI that is not concluded yet, earliest
    deadline first (audited as one list view)."""
    require(actor, "gpmi.view")
    on = on or common._today()
    person_ids = (
        scope(LeefloonStart.objects.all(), actor)
        .filter(cancelled_at__isnull=True, start__lte=on)
        .values_list("person_id", flat=True)
        .distinct()
    )
    rows = []
    for person in scope(Person.objects.filter(pk__in=list(person_ids)), actor):
        start, new = current_leefloon_start(person, on)
        req = gpmi_requirement(
            person, start.start, on, new_beneficiary=new, decision_date=start.decision_date
        )
        if req.outstanding:
            rows.append(WorklistRow(person, start, req))
    rows.sort(key=lambda r: (r.requirement.due, r.person.last_name, r.person.first_name))
    audit.record(
        actor,
        "view",
        object_type="gpmi",
        purpose="gpmi worklist",
        detail={"results": len(rows), "on": on.isoformat()},
    )
    return rows


def overdue_evaluations(
    actor: Actor, on: date | None = None, *, mine: bool = True
) -> list[Evaluation]:
    """Planned evaluations of running GPMIs that are past due and not held."""
    require(actor, "gpmi.view")
    on = on or common._today()
    qs = (
        Evaluation.objects.filter(
            gpmi__ocmw_id=actor.ocmw_id,
            gpmi__status=Status.ACTIVE,
            held_on__isnull=True,
            cancelled_at__isnull=True,
            due_on__lt=on,
        )
        .select_related("gpmi", "gpmi__person", "gpmi__worker")
        .order_by("due_on", "pk")
    )
    if actor.ocmw_id is None:
        return []
    if mine:
        qs = qs.filter(gpmi__worker=actor.user)
    return list(qs[:500])


def evaluation_warnings(gpmi: Gpmi, on: date | None = None) -> list[str]:
    """What the evaluation rule finds missing, per completed year of the contract: at least
    three evaluations, at least two of them in person."""
    on = on or common._today()
    if gpmi.status == Status.DRAFT:
        return []
    held = list(gpmi.evaluations.filter(held_on__isnull=False, cancelled_at__isnull=True))
    warnings = []
    year_start = gpmi.start
    end = min(gpmi.effective_end, on)
    while add_months(year_start, 12) - timedelta(days=1) <= end:
        year_end = add_months(year_start, 12) - timedelta(days=1)
        in_year = [e for e in held if year_start <= e.held_on <= year_end]
        in_person = [e for e in in_year if e.in_person]
        if len(in_year) < EVALUATIONS_PER_YEAR or len(in_person) < IN_PERSON_PER_YEAR:
            warnings.append(
                _(
                    "From %(start)s to %(end)s: %(held)s evaluations held, %(in_person)s in person "
                    "(at least %(min)s, %(min_in_person)s in person, are required)."
                )
                % {
                    "start": _dmy(year_start),
                    "end": _dmy(year_end),
                    "held": len(in_year),
                    "in_person": len(in_person),
                    "min": EVALUATIONS_PER_YEAR,
                    "min_in_person": IN_PERSON_PER_YEAR,
                }
            )
        year_start = add_months(year_start, 12)
    return warnings


# --- leefloon starts and exemptions --------------------------------------------------------


@transaction.atomic
def record_leefloon_start(
    actor: Actor,
    person: Person,
    start: date | None,
    category: int | str | None,
    *,
    end: date | None = None,
    decision_date: date | None = None,
) -> LeefloonStart:
    """Record that ``person`` receives the leefloon from ``start`` (provisional input of the
    GPMI requirement, until the casework decisions provide it)."""
    require(actor, "gpmi.change")
    person = _lock_person(actor, person)
    errors = Errors()
    if start is None:
        errors.add("start", _("This field is required."), "required")
    try:
        category = int(category) if category not in (None, "") else None
    except (TypeError, ValueError):
        category = -1
    if category is None:
        errors.add("category", _("This field is required."), "required")
    elif category not in LeefloonCategory.values:
        errors.add("category", _("The category is 1, 2 or 3."))
    errors.raise_if_any()
    if start < person.birth_date:
        errors.add("start", _("The date lies before the birth date."))
    if end is not None and end < start:
        errors.add("end", _("The end date lies before the start date."))
    if decision_date is not None and decision_date > common._today():
        errors.add("decision_date", _("The date lies in the future."))
    errors.raise_if_any()
    clash = LeefloonStart.objects.filter(person=person, cancelled_at__isnull=True).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )
    if end is not None:
        clash = clash.filter(start__lte=end)
    clash = clash.exclude(end__isnull=True, start__lt=start).first()
    if clash is not None:
        raise _error(
            "start",
            _("This period overlaps the leefloon from %(start)s.") % {"start": _dmy(clash.start)},
        )
    # An open earlier period ends the day before the new one.
    LeefloonStart.objects.filter(
        person=person, cancelled_at__isnull=True, end__isnull=True, start__lt=start
    ).update(end=start - timedelta(days=1))
    row = LeefloonStart.objects.create(
        ocmw_id=actor.ocmw_id,
        person=person,
        start=start,
        end=end,
        category=category,
        decision_date=decision_date,
        recorded_by=actor.user,
    )
    audit.record(
        actor,
        "create",
        object_type="leefloon_start",
        object_id=row.pk,
        subject_person_id=person.pk,
        detail={"start": start.isoformat(), "category": category},
    )
    return row


@transaction.atomic
def record_exemption(
    actor: Actor, person: Person, reason: str, decided_on: date | None, explanation: str
) -> Exemption:
    """The OCMW records that, for health or equity, no GPMI is required of ``person``."""
    require(actor, "gpmi.change")
    person = _lock_person(actor, person)
    errors = Errors()
    if reason not in ExemptionReason.values:
        errors.add("reason", _("Choose health or equity."))
    if decided_on is None:
        errors.add("decided_on", _("This field is required."), "required")
    elif decided_on > common._today():
        errors.add("decided_on", _("The date lies in the future."))
    if not (explanation or "").strip():
        errors.add(
            "explanation", _("Explain the reason: the decision must be motivated."), "required"
        )
    errors.raise_if_any()
    row = Exemption.objects.create(
        ocmw_id=actor.ocmw_id,
        person=person,
        reason=reason,
        decided_on=decided_on,
        explanation=explanation.strip(),
        recorded_by=actor.user,
    )
    audit.record(
        actor,
        "create",
        object_type="gpmi_exemption",
        object_id=row.pk,
        subject_person_id=person.pk,
        detail={"reason": reason},
    )
    return row


@transaction.atomic
def cancel_exemption(actor: Actor, exemption: Exemption, reason: str) -> None:
    require(actor, "gpmi.change")
    if not (reason or "").strip():
        raise _error("reason", _("Give the reason for the cancellation."), "required")
    row = scope(Exemption.objects.select_for_update(), actor).get(
        pk=exemption.pk, cancelled_at__isnull=True
    )
    Exemption.objects.filter(pk=row.pk).update(
        cancelled_at=timezone.now(), cancelled_reason=reason.strip()
    )
    audit.record(
        actor,
        "update",
        object_type="gpmi_exemption",
        object_id=row.pk,
        subject_person_id=row.person_id,
        detail={"cancelled": True},
    )
