"""The only place that changes GPMIs. Every change is validated, versioned and audited.

Errors are Django ValidationErrors keyed by field name, with translated messages, raised
before anything is written; every function that writes runs in one transaction.

The rules, with their sources (docs/gpmi.md has the full list):

- who needs a GPMI and by when: :func:`gpmi_requirement` (law of 26 May 2002, art. 11, as
  amended by the law of 21 July 2016, in force 1 November 2016);
- evaluations: :data:`EVALUATION_INTERVAL_MONTHS` and :func:`evaluation_warnings`;
- validation: :func:`validate_contract` (both parties sign: law art. 11 and 13 §2);
- sanction: :func:`propose_sanction` (law art. 30 §2, after a hearing, art. 20).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.registry.models import Person

from .models import (
    Breach,
    Consent,
    ConsentStatus,
    ContractVersion,
    Domain,
    Evaluation,
    EvaluationForm,
    Exemption,
    ExemptionReason,
    Gpmi,
    Hearing,
    Kind,
    LeefloonCategory,
    LeefloonStart,
    LegalBasis,
    Moment,
    Outcome,
    Progress,
    SanctionProposal,
    SocialBalance,
    StaffTime,
    Status,
)

# Law of 21 July 2016, in force on 1 November 2016: a GPMI for every new beneficiary.
REFORM_DATE = date(2016, 11, 1)
# Law of 26 May 2002, art. 11 (as amended in 2016): the GPMI is concluded within three months
# of the decision granting the leefloon.
CONCLUDE_WITHIN_MONTHS = 3
# "New beneficiary": no leefloon in the three months before the new grant (POD MI guidance on
# the 2016 reform; see docs/gpmi.md).
NEW_BENEFICIARY_GAP_MONTHS = 3
# Under 25: a GPMI is compulsory (law art. 11, §2 as amended, and already before 2016).
YOUNG_AGE_LIMIT = 25
# At least three evaluations a year, at least two of them in a personal interview (the 2016
# reform; POD MI and VVSG guidance). Every four months gives three a year.
EVALUATION_INTERVAL_MONTHS = 4
EVALUATIONS_PER_YEAR = 3
IN_PERSON_PER_YEAR = 2
# Law art. 30 §2: suspension for at most one month, at most three months on a repeat within
# one year.
SANCTION_MAX_MONTHS = 1
SANCTION_MAX_MONTHS_REPEAT = 3
REPEAT_WITHIN_DAYS = 365

FACT_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.STUDIES: ("institution", "programme", "academic_year", "study_years"),
    Kind.TRAINING: ("provider", "programme", "hours_per_week", "training_end"),
    Kind.COMMUNITY_SERVICE: ("organisation", "tasks", "hours_per_week", "voluntary"),
    Kind.GENERAL: (),
}
ALL_FACT_FIELDS = sorted({f for fields in FACT_FIELDS.values() for f in fields})

REQUIREMENT_REASONS = {
    "under_25": gettext_lazy("under 25 when the leefloon started"),
    "new_beneficiary": gettext_lazy("new leefloon beneficiary since 1 November 2016"),
    "not_required": gettext_lazy("not required by law"),
    "no_leefloon": gettext_lazy("no leefloon recorded"),
    "exempt_health": gettext_lazy("exempted for health reasons"),
    "exempt_equity": gettext_lazy("exempted for reasons of equity"),
}


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


class Errors:
    """Collects field errors and raises them together."""

    def __init__(self):
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str = "invalid") -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _today() -> date:
    return timezone.localdate()


# --- reading ------------------------------------------------------------------------------


def gpmis_for(actor: Actor) -> QuerySet[Gpmi]:
    require(actor, "gpmi.view")
    return scope(Gpmi.objects.all(), actor).select_related("person", "worker")


def get_gpmi(actor: Actor, gpmi_id: int, purpose: str = "gpmi file") -> Gpmi:
    """The GPMI with this id in the actor's OCMW (audited); Gpmi.DoesNotExist otherwise."""
    require(actor, "gpmi.view")
    return audit.fetch(
        actor, Gpmi.objects.select_related("person", "worker"), gpmi_id, object_type="gpmi",
        purpose=purpose, subject=lambda g: g.person_id,
    )  # fmt: skip


def person_in_ocmw(actor: Actor, person_id: int) -> Person:
    """The person (for GPMI work), without an audit entry of its own: callers audit."""
    require(actor, "gpmi.view")
    person = scope(Person.objects.all(), actor).filter(pk=person_id).first()
    if person is None:
        audit.record(
            actor,
            "denied",
            object_type="person",
            object_id=person_id,
            purpose="gpmi file",
            detail={"reason": "not found in this OCMW"},
        )
        raise Person.DoesNotExist
    return person


def versions_of(gpmi: Gpmi) -> list[ContractVersion]:
    return list(gpmi.versions.order_by("-number").defer("pdf"))


def validated_version(gpmi: Gpmi) -> ContractVersion | None:
    return gpmi.versions.filter(validated_at__isnull=False).order_by("-number").first()


def latest_version(gpmi: Gpmi) -> ContractVersion | None:
    return gpmi.versions.order_by("-number").first()


def pending_version(gpmi: Gpmi) -> ContractVersion | None:
    """The newest version if it still waits for its signatures."""
    latest = latest_version(gpmi)
    return latest if latest is not None and not latest.validated else None


def open_evaluations(gpmi: Gpmi) -> QuerySet[Evaluation]:
    return gpmi.evaluations.filter(held_on__isnull=True, cancelled_at__isnull=True)


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
    on = on or _today()
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
    on = on or _today()
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
    on = on or _today()
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
    on = on or _today()
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


def _lock_person(actor: Actor, person: Person) -> Person:
    return scope(Person.objects.select_for_update(), actor).get(pk=person.pk)


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
    if decision_date is not None and decision_date > _today():
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
    elif decided_on > _today():
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


# --- the contract ---------------------------------------------------------------------------


ACADEMIC_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def _clean_goals(value) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        return []
    return [str(g).strip() for g in value if str(g).strip()]


def _number(value, field: str, lo, hi, errors: Errors, *, required: bool, integer: bool = False):
    if value in (None, ""):
        if required:
            errors.add(field, _("This field is required."), "required")
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.add(field, _("Give a number."))
        return None
    if integer and number != number.to_integral_value():
        errors.add(field, _("Give a whole number."))
        return None
    if not lo <= number <= hi:
        errors.add(field, _("Give a number from %(lo)s to %(hi)s.") % {"lo": lo, "hi": hi})
        return None
    return int(number) if integer else float(number)


def _clean_facts(
    kind: str, facts: dict, start: date | None, end: date | None, errors: Errors
) -> dict:
    """What the law asks of the specific kinds (law art. 11 as amended; RD 11 July 2002)."""
    facts = facts or {}
    out: dict = {}

    def text(field, message):
        value = str(facts.get(field) or "").strip()
        if not value:
            errors.add(field, message, "required")
        out[field] = value

    if kind == Kind.STUDIES:
        text("institution", _("Name the school or institution of the studies."))
        text("programme", _("Name the course of study."))
        year = str(facts.get("academic_year") or "").strip()
        m = ACADEMIC_YEAR.match(year)
        if not year:
            errors.add(
                "academic_year", _("Give the first academic year, e.g. 2025-2026."), "required"
            )
        elif not m or int(m.group(2)) != int(m.group(1)) + 1:
            errors.add("academic_year", _("Write the academic year as 2025-2026."))
        out["academic_year"] = year
        out["study_years"] = _number(
            facts.get("study_years"), "study_years", 1, 8, errors, required=True, integer=True
        )
    elif kind == Kind.TRAINING:
        text("provider", _("Name the training provider."))
        text("programme", _("Name the training."))
        out["hours_per_week"] = _number(
            facts.get("hours_per_week"), "hours_per_week", 1, 40, errors, required=False
        )
        training_end = facts.get("training_end")
        if isinstance(training_end, str) and training_end:
            try:
                training_end = date.fromisoformat(training_end)
            except ValueError:
                errors.add("training_end", _("Give a date as YYYY-MM-DD."))
                training_end = None
        if training_end and start and end and not start <= training_end <= end:
            errors.add("training_end", _("The training ends outside the period of the contract."))
        out["training_end"] = training_end.isoformat() if training_end else None
    elif kind == Kind.COMMUNITY_SERVICE:
        text("organisation", _("Name the organisation where the community service is done."))
        text("tasks", _("Describe the tasks."))
        out["hours_per_week"] = _number(
            facts.get("hours_per_week"), "hours_per_week", 1, 38, errors, required=True
        )
        voluntary = facts.get("voluntary")
        if voluntary not in (True, "true", "on", "1", 1):
            errors.add(
                "voluntary",
                _(
                    "Community service is only possible when the person asks "
                    "for it freely: confirm that the person chose it."
                ),
                "required",
            )
        out["voluntary"] = True
    return out


def _clean_contract(data: dict) -> dict:
    errors = Errors()
    kind = data.get("kind")
    if kind not in Kind.values:
        errors.add("kind", _("Choose the kind of GPMI."), "required" if not kind else "invalid")
    start, end = data.get("start"), data.get("end")
    if start is None:
        errors.add("start", _("This field is required."), "required")
    if end is None:
        errors.add("end", _("This field is required."), "required")
    if start and end and end < start:
        errors.add("end", _("The end date lies before the start date."))
    if start and end and end > add_months(start, 12 * 8):
        errors.add("end", _("A contract runs for at most eight years."))
    goals = _clean_goals(data.get("goals"))
    if not goals:
        errors.add("goals", _("Write at least one goal of the person."), "required")
    for field, message in (
        ("person_commitments", _("Write what the person commits to.")),
        ("ocmw_commitments", _("Write what the OCMW commits to.")),
    ):
        if not str(data.get(field) or "").strip():
            errors.add(field, message, "required")
    facts = (
        _clean_facts(kind, data.get("facts") or {}, start, end, errors)
        if kind in Kind.values
        else {}
    )
    category = data.get("leefloon_category")
    if category not in (None, ""):
        try:
            category = int(category)
        except (TypeError, ValueError):
            category = -1
        if category not in LeefloonCategory.values:
            errors.add("leefloon_category", _("The category is 1, 2 or 3."))
    else:
        category = None
    errors.raise_if_any()
    return {
        "kind": kind,
        "start": start,
        "end": end,
        "goals": goals,
        "person_commitments": str(data["person_commitments"]).strip(),
        "ocmw_commitments": str(data["ocmw_commitments"]).strip(),
        "support": str(data.get("support") or "").strip(),
        "facts": facts,
        "leefloon_category": category,
        "leefloon_start": data.get("leefloon_start"),
    }


def _check_overlap(person: Person, start: date, end: date, exclude: Gpmi | None = None) -> None:
    """Two GPMIs of one person may not overlap (a closed one ends on its closing date)."""
    qs = Gpmi.objects.filter(person=person, start__lte=end, ends_on__gte=start)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    clash = qs.order_by("start").first()
    if clash is not None:
        raise _error(
            "start",
            _("This period overlaps the GPMI from %(start)s to %(end)s of the same person.")
            % {"start": _dmy(clash.start), "end": _dmy(clash.effective_end)},
            "overlap",
        )


def _version_fields(cleaned: dict) -> dict:
    return {
        k: cleaned[k]
        for k in (
            "kind",
            "start",
            "end",
            "goals",
            "person_commitments",
            "ocmw_commitments",
            "support",
            "facts",
        )
    }


@transaction.atomic
def draft_gpmi(actor: Actor, person: Person, data: dict) -> Gpmi:
    """Draft a GPMI for ``person``: the project and its first contract version (unsigned).

    The leefloon category and start, when not given, come from the recorded leefloon start.
    """
    require(actor, "gpmi.change")
    person = _lock_person(actor, person)
    cleaned = _clean_contract(data)
    if cleaned["start"] < person.birth_date:
        raise _error("start", _("The date lies before the birth date."))
    _check_overlap(person, cleaned["start"], cleaned["end"])
    if cleaned["leefloon_category"] is None or cleaned["leefloon_start"] is None:
        known, _new = current_leefloon_start(person, cleaned["start"])
        if known is not None:
            cleaned["leefloon_category"] = cleaned["leefloon_category"] or known.category
            cleaned["leefloon_start"] = cleaned["leefloon_start"] or known.start
    gpmi = Gpmi.objects.create(
        ocmw_id=actor.ocmw_id,
        person=person,
        worker=actor.user,
        status=Status.DRAFT,
        kind=cleaned["kind"],
        start=cleaned["start"],
        end=cleaned["end"],
        leefloon_category=cleaned["leefloon_category"],
        leefloon_start=cleaned["leefloon_start"],
        age_at_start=person.age_on(cleaned["start"]),
        created_by=actor.user,
    )
    version = ContractVersion.objects.create(
        gpmi=gpmi, number=1, recorded_by=actor.user, **_version_fields(cleaned)
    )
    audit.record(
        actor,
        "create",
        object_type="gpmi",
        object_id=gpmi.pk,
        subject_person_id=person.pk,
        detail={"kind": gpmi.kind, "version": version.number},
    )
    return gpmi


def _lock_gpmi(actor: Actor, gpmi: Gpmi) -> Gpmi:
    return scope(Gpmi.objects.select_for_update(), actor).select_related("person").get(pk=gpmi.pk)


@transaction.atomic
def revise_contract(
    actor: Actor, gpmi: Gpmi, data: dict, change_reason: str = ""
) -> ContractVersion:
    """A new version of the contract. The versions before it stay as they were; a validated
    version stays in force until the new one is signed by both parties."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    if gpmi.status == Status.CLOSED:
        raise _error("gpmi", _("This GPMI is closed: it can no longer be changed."), "closed")
    cleaned = _clean_contract(data)
    if gpmi.validated_on is not None and not (change_reason or "").strip():
        raise _error("change_reason", _("Say why the signed contract changes."), "required")
    _check_overlap(gpmi.person, cleaned["start"], cleaned["end"], exclude=gpmi)
    held = gpmi.evaluations.filter(held_on__isnull=False, cancelled_at__isnull=True)
    outside = held.filter(Q(held_on__lt=cleaned["start"]) | Q(held_on__gt=cleaned["end"])).first()
    if outside is not None:
        raise _error(
            "start",
            _("An evaluation was held on %(date)s, outside this period.")
            % {"date": _dmy(outside.held_on)},
        )
    last = latest_version(gpmi)
    version = ContractVersion.objects.create(
        gpmi=gpmi,
        number=last.number + 1,
        change_reason=(change_reason or "").strip(),
        recorded_by=actor.user,
        **_version_fields(cleaned),
    )
    update = {}
    if cleaned["leefloon_category"] is not None:
        update["leefloon_category"] = cleaned["leefloon_category"]
    if cleaned["leefloon_start"] is not None:
        update["leefloon_start"] = cleaned["leefloon_start"]
    if gpmi.status == Status.DRAFT:
        update.update(
            kind=version.kind,
            start=version.start,
            end=version.end,
            ends_on=version.end,
            age_at_start=gpmi.person.age_on(version.start),
        )
    if update:
        Gpmi.objects.filter(pk=gpmi.pk).update(**update)
    audit.record(
        actor,
        "create",
        object_type="gpmi_contract",
        object_id=version.pk,
        subject_person_id=gpmi.person_id,
        detail={"gpmi": gpmi.pk, "version": version.number},
    )
    return version


def _schedule(start: date, end: date) -> list[date]:
    out = []
    k = 1
    while (due := add_months(start, EVALUATION_INTERVAL_MONTHS * k)) <= end:
        out.append(due)
        k += 1
    if not out or out[-1] < end - timedelta(days=31):
        out.append(end)  # a final evaluation at the end of a contract that ends between two
    return out


@transaction.atomic
def validate_contract(
    actor: Actor,
    version: ContractVersion,
    *,
    person_signed_on: date | None,
    person_signatory: str = "",
    ocmw_signed_on: date | None,
    ocmw_signatory: str = "",
) -> ContractVersion:
    """Record both signatures and validate the version (law of 26 May 2002, art. 11 and
    13 §2: a written contract, concluded by the person and the OCMW).

    A validation without both signatures is refused, naming the missing one. On validation
    the contract is made as a PDF in the person's language and kept with the version, the
    GPMI is running, and its evaluations are planned every four months.
    """
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, version.gpmi)
    version = ContractVersion.objects.select_for_update().get(pk=version.pk, gpmi=gpmi)
    errors = Errors()
    if version.validated:
        errors.add("version", _("This version is already validated."), "validated")
    elif version.number != latest_version(gpmi).number:
        errors.add("version", _("Only the newest version can be signed."), "superseded")
    if gpmi.status == Status.CLOSED:
        errors.add("gpmi", _("This GPMI is closed: it can no longer be changed."), "closed")
    today = _today()
    for on_field, who_field, on, who, label in (
        (
            "person_signed_on",
            "person_signatory",
            person_signed_on,
            person_signatory,
            _("The person has not signed: give the date of the person's signature."),
        ),
        (
            "ocmw_signed_on",
            "ocmw_signatory",
            ocmw_signed_on,
            ocmw_signatory,
            _("The OCMW has not signed: give the date of the OCMW's signature."),
        ),
    ):
        if on is None:
            errors.add(on_field, label, "required")
        elif on > today:
            errors.add(on_field, _("The date lies in the future."))
        if not (who or "").strip():
            errors.add(who_field, _("Give the name of who signed."), "required")
    errors.raise_if_any()
    person_signatory = person_signatory.strip()
    ocmw_signatory = ocmw_signatory.strip()
    signed = max(person_signed_on, ocmw_signed_on)
    if signed > version.end:
        raise _error("ocmw_signed_on", _("The contract was signed after its end date."))
    from .pdf import contract_pdf  # WeasyPrint is imported only when a contract is made

    version.person_signed_on, version.person_signatory = person_signed_on, person_signatory
    version.ocmw_signed_on, version.ocmw_signatory = ocmw_signed_on, ocmw_signatory
    pdf, language = contract_pdf(gpmi, version)
    ContractVersion.objects.filter(pk=version.pk).update(
        person_signed_on=person_signed_on,
        person_signatory=person_signatory,
        ocmw_signed_on=ocmw_signed_on,
        ocmw_signatory=ocmw_signatory,
        validated_at=timezone.now(),
        validated_by=actor.user,
        pdf=pdf,
        pdf_language=language,
    )
    Gpmi.objects.filter(pk=gpmi.pk).update(
        status=Status.ACTIVE,
        kind=version.kind,
        start=version.start,
        end=version.end,
        ends_on=version.end,
        validated_on=gpmi.validated_on or signed,
        age_at_start=gpmi.person.age_on(version.start),
    )
    # Evaluations: keep the past ones, plan the rest of the new period.
    open_evaluations(gpmi).filter(due_on__gt=signed).update(
        cancelled_at=timezone.now(), cancelled_reason="replanned for a new contract version"
    )
    planned = set(open_evaluations(gpmi).values_list("due_on", flat=True))
    Evaluation.objects.bulk_create(
        Evaluation(gpmi=gpmi, due_on=due, recorded_by=actor.user)
        for due in _schedule(version.start, version.end)
        if due > signed and due not in planned
    )
    audit.record(
        actor,
        "update",
        object_type="gpmi_contract",
        object_id=version.pk,
        subject_person_id=gpmi.person_id,
        detail={"gpmi": gpmi.pk, "version": version.number, "validated": True},
    )
    version.refresh_from_db()
    return version


# --- evaluations ------------------------------------------------------------------------------


def _in_period(gpmi: Gpmi, day: date) -> bool:
    return gpmi.start <= day <= gpmi.effective_end


@transaction.atomic
def plan_evaluation(actor: Actor, gpmi: Gpmi, due_on: date | None) -> Evaluation:
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    if gpmi.status != Status.ACTIVE:
        raise _error("gpmi", _("Evaluations are planned once the contract is signed."), "status")
    if due_on is None:
        raise _error("due_on", _("This field is required."), "required")
    if not _in_period(gpmi, due_on):
        raise _error(
            "due_on",
            _("The date lies outside the period of the contract (%(start)s to %(end)s).")
            % {"start": _dmy(gpmi.start), "end": _dmy(gpmi.effective_end)},
        )
    row = Evaluation.objects.create(gpmi=gpmi, due_on=due_on, recorded_by=actor.user)
    audit.record(
        actor,
        "create",
        object_type="gpmi_evaluation",
        object_id=row.pk,
        subject_person_id=gpmi.person_id,
        detail={"planned": due_on.isoformat()},
    )
    return row


def _clean_progress(progress, goals: list[str], errors: Errors) -> list[dict]:
    if progress in (None, ""):
        progress = []
    if not isinstance(progress, list):
        errors.add("progress", _("Give the progress per goal."))
        return []
    out = []
    by_goal = {}
    for item in progress:
        if not isinstance(item, dict) or item.get("goal") not in goals:
            errors.add("progress", _("The progress names a goal that is not in the contract."))
            return []
        if item.get("progress") not in Progress.values:
            errors.add("progress", _("Choose the progress of each goal."))
            return []
        by_goal[item["goal"]] = {
            "goal": item["goal"],
            "progress": item["progress"],
            "note": str(item.get("note") or "").strip(),
        }
    missing = [g for g in goals if g not in by_goal]
    if missing:
        errors.add(
            "progress",
            _("Give the progress of every goal (missing: %(goal)s).") % {"goal": missing[0]},
            "required",
        )
    for g in goals:
        if g in by_goal:
            out.append(by_goal[g])
    return out


@transaction.atomic
def record_evaluation(
    actor: Actor,
    gpmi: Gpmi,
    *,
    held_on: date | None,
    form: str,
    progress: list[dict],
    adjustments: str = "",
    evaluation: Evaluation | None = None,
) -> Evaluation:
    """Record an evaluation held with the person: date, form, progress per goal of the
    contract in force, adjustments. It fulfils the given planned evaluation, or else the
    earliest open one due within four months after it was held."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    errors = Errors()
    if gpmi.status == Status.DRAFT:
        raise _error("gpmi", _("Evaluations are recorded once the contract is signed."), "status")
    if held_on is None:
        errors.add("held_on", _("This field is required."), "required")
    elif held_on > _today():
        errors.add("held_on", _("The date lies in the future."))
    elif not _in_period(gpmi, held_on):
        errors.add(
            "held_on",
            _("The date lies outside the period of the contract (%(start)s to %(end)s).")
            % {"start": _dmy(gpmi.start), "end": _dmy(gpmi.effective_end)},
            "period",
        )
    if form not in EvaluationForm.values:
        errors.add("form", _("Choose how the evaluation took place."), "required")
    version = validated_version(gpmi)
    cleaned = _clean_progress(progress, version.goals if version else [], errors)
    errors.raise_if_any()
    if evaluation is not None:
        row = open_evaluations(gpmi).select_for_update().filter(pk=evaluation.pk).first()
        if row is None:
            raise _error("evaluation", _("This evaluation is already recorded."))
    else:
        row = (
            open_evaluations(gpmi)
            .select_for_update()
            .filter(due_on__lte=add_months(held_on, EVALUATION_INTERVAL_MONTHS))
            .order_by("due_on")
            .first()
        )
    if row is None:
        row = Evaluation(gpmi=gpmi)
    row.held_on, row.form, row.progress = held_on, form, cleaned
    row.adjustments = (adjustments or "").strip()
    row.contract_version = version
    row.recorded_by = actor.user
    row.save()
    audit.record(
        actor,
        "update",
        object_type="gpmi_evaluation",
        object_id=row.pk,
        subject_person_id=gpmi.person_id,
        detail={"held_on": held_on.isoformat(), "form": form},
    )
    return row


# --- closing ----------------------------------------------------------------------------------


@transaction.atomic
def close_gpmi(
    actor: Actor, gpmi: Gpmi, *, closed_on: date | None, outcome: str, note: str = ""
) -> Gpmi:
    """End a running GPMI ("clôturé": ended, not merely signed), with its outcome. Planned
    evaluations after the closing date are cancelled (they stay, struck through)."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    errors = Errors()
    if gpmi.status == Status.DRAFT:
        errors.add("gpmi", _("Only a signed GPMI can be closed."), "status")
    elif gpmi.status == Status.CLOSED:
        errors.add("gpmi", _("This GPMI is already closed."), "closed")
    if closed_on is None:
        errors.add("closed_on", _("This field is required."), "required")
    elif closed_on > _today():
        errors.add("closed_on", _("The date lies in the future."))
    elif not gpmi.start <= closed_on <= gpmi.end:
        errors.add(
            "closed_on",
            _("The date lies outside the period of the contract (%(start)s to %(end)s).")
            % {"start": _dmy(gpmi.start), "end": _dmy(gpmi.end)},
        )
    if outcome not in Outcome.values:
        errors.add("outcome", _("Choose the outcome."), "required")
    errors.raise_if_any()
    later = gpmi.evaluations.filter(held_on__gt=closed_on, cancelled_at__isnull=True).first()
    if later is not None:
        raise _error(
            "closed_on",
            _("An evaluation was held on %(date)s, after this date.")
            % {"date": _dmy(later.held_on)},
        )
    open_evaluations(gpmi).filter(due_on__gt=closed_on).update(
        cancelled_at=timezone.now(), cancelled_reason="gpmi closed"
    )
    Gpmi.objects.filter(pk=gpmi.pk).update(
        status=Status.CLOSED,
        closed_on=closed_on,
        ends_on=closed_on,
        outcome=outcome,
        closing_note=(note or "").strip(),
    )
    audit.record(
        actor,
        "update",
        object_type="gpmi",
        object_id=gpmi.pk,
        subject_person_id=gpmi.person_id,
        detail={"closed_on": closed_on.isoformat(), "outcome": outcome},
    )
    gpmi.refresh_from_db()
    return gpmi


# --- social balance ---------------------------------------------------------------------------


def _clean_domains(domains, errors: Errors) -> dict:
    if not isinstance(domains, dict):
        errors.add("domains", _("Give the life domains."))
        return {}
    unknown = [k for k in domains if k not in Domain.values]
    if unknown:
        errors.add("domains", _("Unknown life domain: %(domain)s.") % {"domain": unknown[0]})
        return {}
    out = {}
    for code in Domain.values:
        item = domains.get(code) or {}
        if not isinstance(item, dict):
            errors.add(f"{code}_person", _("Give the views as text."))
            continue
        person_view = str(item.get("person") or "").strip()
        worker_view = str(item.get("worker") or "").strip()
        score = item.get("score")
        if score in (None, ""):
            score = None
        else:
            try:
                score = int(score)
            except (TypeError, ValueError):
                score = 0
            if not 1 <= score <= 5:
                errors.add(f"{code}_score", _("The score goes from 1 to 5."))
        if person_view or worker_view or score is not None:
            out[code] = {"person": person_view, "worker": worker_view, "score": score}
    if not out and "domains" not in errors:
        errors.add("domains", _("Fill in at least one life domain."), "required")
    return out


@transaction.atomic
def record_social_balance(
    actor: Actor, gpmi: Gpmi, *, moment: str, recorded_on: date | None, domains: dict
) -> SocialBalance:
    """Record the social balance at one moment (start, midway, end): per life domain the
    person's own view and the worker's. Recording a moment again adds a newer balance."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    errors = Errors()
    if moment not in Moment.values:
        errors.add("moment", _("Choose the moment."), "required")
    if recorded_on is None:
        errors.add("recorded_on", _("This field is required."), "required")
    elif recorded_on > _today():
        errors.add("recorded_on", _("The date lies in the future."))
    cleaned = _clean_domains(domains, errors)
    errors.raise_if_any()
    row = SocialBalance.objects.create(
        gpmi=gpmi, moment=moment, recorded_on=recorded_on, domains=cleaned, recorded_by=actor.user
    )
    audit.record(
        actor,
        "create",
        object_type="social_balance",
        object_id=row.pk,
        subject_person_id=gpmi.person_id,
        detail={"gpmi": gpmi.pk, "moment": moment},
    )
    return row


def latest_balances(gpmi: Gpmi) -> dict[str, SocialBalance]:
    out: dict[str, SocialBalance] = {}
    for b in gpmi.balances.order_by("recorded_at", "pk"):
        out[b.moment] = b
    return out


def balance_comparison(gpmi: Gpmi) -> tuple[dict[str, SocialBalance], list[dict]]:
    """The last balance of each moment, and one row per life domain with the three moments
    side by side."""
    balances = latest_balances(gpmi)
    rows = []
    for code, label in Domain.choices:
        cells = []
        for moment in Moment.values:
            b = balances.get(moment)
            cells.append((b.domains.get(code) if b else None) or {})
        rows.append({"code": code, "label": label, "cells": cells})
    return balances, rows


# --- consent and the electronic social report -------------------------------------------------


@transaction.atomic
def record_consent(
    actor: Actor, person: Person, *, status: str, on: date | None, legal_basis: str, note: str = ""
) -> Consent:
    """Record the person's consent (given, refused, withdrawn) to include the GPMI in the
    electronic social report. A consent can only be withdrawn once given."""
    require(actor, "gpmi.change")
    person = _lock_person(actor, person)
    errors = Errors()
    if status not in ConsentStatus.values:
        errors.add("status", _("Choose given, refused or withdrawn."), "required")
    if on is None:
        errors.add("on", _("This field is required."), "required")
    elif on > _today():
        errors.add("on", _("The date lies in the future."))
    if legal_basis not in LegalBasis.values:
        errors.add("legal_basis", _("Choose the legal basis."), "required")
    errors.raise_if_any()
    current = current_consent(person)
    if current is not None and on < current.on:
        raise _error(
            "on",
            _("The last recorded consent is dated %(date)s: a change cannot be dated before it.")
            % {"date": _dmy(current.on)},
        )
    if status == ConsentStatus.WITHDRAWN and (
        current is None or current.status != ConsentStatus.GIVEN
    ):
        raise _error("status", _("Consent can only be withdrawn after it was given."))
    row = Consent.objects.create(
        ocmw_id=actor.ocmw_id,
        person=person,
        status=status,
        on=on,
        legal_basis=legal_basis,
        note=(note or "").strip(),
        recorded_by=actor.user,
    )
    audit.record(
        actor,
        "create",
        object_type="gpmi_consent",
        object_id=row.pk,
        subject_person_id=person.pk,
        detail={"status": status, "on": on.isoformat()},
    )
    return row


def current_consent(person: Person, on: date | None = None) -> Consent | None:
    qs = Consent.objects.filter(person=person)
    if on is not None:
        qs = qs.filter(on__lte=on)
    return qs.order_by("-on", "-recorded_at", "-pk").first()


def social_report_part(actor: Actor, gpmi: Gpmi) -> dict:
    """The GPMI part of the electronic social report (seed 004, §2): the period, the consent,
    and the last validated contract as PDF, the latter only while consent is given. This is
    what another OCMW may later receive through the exchange. Audited as an export."""
    require(actor, "gpmi.view")
    gpmi = scope(Gpmi.objects.select_related("person"), actor).get(pk=gpmi.pk)
    consent = current_consent(gpmi.person)
    version = validated_version(gpmi)
    included = consent is not None and consent.status == ConsentStatus.GIVEN and version is not None
    part = {
        "gpmi_id": gpmi.pk,
        "kind": gpmi.kind,
        "period": {"start": gpmi.start.isoformat(), "end": gpmi.effective_end.isoformat()},
        "closed": gpmi.closed_on is not None,
        "consent": None
        if consent is None
        else {
            "status": consent.status,
            "date": consent.on.isoformat(),
            "legal_basis": consent.legal_basis,
        },
        "contract": None,
    }
    if included:
        part["contract"] = {
            "version": version.number,
            "validated_on": max(version.person_signed_on, version.ocmw_signed_on).isoformat(),
            "language": version.pdf_language,
            "pdf": bytes(version.pdf),
        }
    audit.record(
        actor,
        "export",
        object_type="social_report",
        object_id=gpmi.pk,
        subject_person_id=gpmi.person_id,
        purpose="social report",
        detail={"contract_included": included},
    )
    return part


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
    elif noted_on > _today():
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
    elif held_on > _today():
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
    from .integration import decision_in_force, open_suspension_review

    today = _today()
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


# --- staff time ---------------------------------------------------------------------------------


@transaction.atomic
def record_staff_time(
    actor: Actor, *, period_start: date | None, period_end: date | None, share, note: str = ""
) -> StaffTime:
    """A social worker records the share of their time spent on GPMIs over a period. The
    same period again replaces the earlier figure (kept, marked superseded); another
    overlapping period is refused."""
    require(actor, "gpmi.change")
    errors = Errors()
    if period_start is None:
        errors.add("period_start", _("This field is required."), "required")
    if period_end is None:
        errors.add("period_end", _("This field is required."), "required")
    if period_start and period_end and period_end < period_start:
        errors.add("period_end", _("The end date lies before the start date."))
    value = _number(share, "share", 0, 100, errors, required=True)
    errors.raise_if_any()
    rows = StaffTime.objects.select_for_update().filter(
        ocmw_id=actor.ocmw_id,
        worker=actor.user,
        superseded_at__isnull=True,
        period_start__lte=period_end,
        period_end__gte=period_start,
    )
    same = [r for r in rows if r.period_start == period_start and r.period_end == period_end]
    others = [r for r in rows if r not in same]
    if others:
        raise _error(
            "period_start",
            _("You already recorded the period %(start)s to %(end)s, which overlaps this one.")
            % {"start": _dmy(others[0].period_start), "end": _dmy(others[0].period_end)},
        )
    StaffTime.objects.filter(pk__in=[r.pk for r in same]).update(superseded_at=timezone.now())
    row = StaffTime.objects.create(
        ocmw_id=actor.ocmw_id,
        worker=actor.user,
        period_start=period_start,
        period_end=period_end,
        share=Decimal(str(value)),
        note=(note or "").strip(),
    )
    audit.record(
        actor,
        "create",
        object_type="gpmi_staff_time",
        object_id=row.pk,
        detail={"share": str(row.share), "replaced": [r.pk for r in same]},
    )
    return row


def staff_time_of(actor: Actor) -> list[StaffTime]:
    require(actor, "gpmi.change")
    return list(
        StaffTime.objects.filter(
            ocmw_id=actor.ocmw_id, worker=actor.user, superseded_at__isnull=True
        )
    )


@dataclass(frozen=True)
class StaffTimeRow:
    worker: str
    periods: list[StaffTime]
    days: int
    weighted_share: float  # % of working time on GPMIs over the covered days


def staff_time_report(actor: Actor, start: date, end: date) -> list[StaffTimeRow]:
    """Per social worker of the actor's OCMW, the recorded shares overlapping [start, end]
    and their average weighted by days (for the justification of the GPMI subsidy)."""
    require(actor, "gpmi.staff_time")
    rows = (
        StaffTime.objects.filter(
            ocmw_id=actor.ocmw_id,
            superseded_at__isnull=True,
            period_start__lte=end,
            period_end__gte=start,
        )
        .select_related("worker")
        .order_by("worker__username", "period_start")
    )
    by_worker: dict[str, list[StaffTime]] = {}
    for r in rows:
        by_worker.setdefault(r.worker.get_full_name() or r.worker.username, []).append(r)
    out = []
    for name, periods in by_worker.items():
        days = 0
        weighted = 0.0
        for p in periods:
            d = (min(p.period_end, end) - max(p.period_start, start)).days + 1
            days += d
            weighted += d * float(p.share)
        out.append(StaffTimeRow(name, periods, days, round(weighted / days, 1) if days else 0.0))
    audit.record(
        actor,
        "view",
        object_type="gpmi_staff_time",
        purpose="staff time report",
        detail={"from": start.isoformat(), "until": end.isoformat()},
    )
    return out
