"""The only place that changes the registry. Every change is validated, versioned and audited.

Errors are Django ValidationErrors keyed by field name, with translated messages, raised
before anything is written; every function runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.inputs import validation

from .countries import COUNTRIES
from .insz import clean_insz
from .models import (
    ChangeReason,
    Household,
    Membership,
    Person,
    PersonVersion,
    Relation,
    ResidenceStatus,
    ResidenceStatusCode,
)
from .search import branches, collect
from .signals import household_changed
from .text import fold, search_key

IDENTITY_FIELDS = [
    "insz", "first_name", "last_name", "birth_date", "sex", "nationality", "language",
    "street", "house_number", "box", "postal_code", "municipality", "phone", "email",
]  # fmt: skip


# Names, address and phone: one-line text checked as names (inputs.validation).
TEXT_IDENTITY_FIELDS = [
    "first_name", "last_name", "street", "house_number", "box", "municipality", "phone",
]  # fmt: skip


# --- reading ---------------------------------------------------------------------------


def persons_for(actor: Actor) -> QuerySet[Person]:
    require(actor, "person.view")
    return scope(Person.objects.all(), actor)


def search_persons(actor: Actor, query: str, limit: int = 50) -> list[Person]:
    """Search by INSZ (all or the start of its digits) or by name (last name first, first
    name then last name, or the first name alone), within the actor's OCMW. Audited with the
    query. (The search page pages through every result: registry.search.search.)"""
    require(actor, "person.search")
    query = (query or "").strip()
    conds = branches(query)
    if conds is None:
        return []
    results, _total = collect(scope(Person.objects.all(), actor), conds, 0, limit, count=False)
    audit.record(
        actor,
        "search",
        object_type="person",
        purpose="person search",
        detail={"query": query, "results": len(results)},
    )
    return results


def get_person(actor: Actor, person_id: int, purpose: str = "person file") -> Person:
    """The person with this id in the actor's OCMW; Person.DoesNotExist otherwise.

    A denied attempt (another OCMW's person, or an unknown id) is audited too.
    """
    require(actor, "person.view")
    return audit.fetch(
        actor, Person.objects.all(), person_id, object_type="person", purpose=purpose,
        subject=lambda p: p.pk,
    )  # fmt: skip


def statuses_of(person: Person) -> list[ResidenceStatus]:
    return list(person.statuses.filter(cancelled_at__isnull=True).order_by("valid_from"))


def status_on(person: Person, day: date) -> ResidenceStatus | None:
    return (
        person.statuses.filter(cancelled_at__isnull=True, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .first()
    )


# --- households: timeline ---------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A period during which a household's composition did not change."""

    start: date
    end: date | None  # inclusive; None = still current
    members: tuple[Membership, ...]


def active_memberships(household: Household) -> list[Membership]:
    return list(
        household.memberships.filter(cancelled_at__isnull=True)
        .select_related("person")
        .order_by("valid_from", "pk")
    )


def timeline(
    household: Household, memberships: Iterable[Membership] | None = None
) -> list[Segment]:
    """Cut the household's history into periods of unchanged composition, oldest first."""
    rows = list(memberships) if memberships is not None else active_memberships(household)
    points = sorted(
        {m.valid_from for m in rows}
        | {m.valid_until + timedelta(days=1) for m in rows if m.valid_until}
    )
    segments: list[Segment] = []
    for i, start in enumerate(points):
        end = points[i + 1] - timedelta(days=1) if i + 1 < len(points) else None
        members = tuple(
            m
            for m in rows
            if m.valid_from <= start and (m.valid_until is None or m.valid_until >= start)
        )
        if members:
            segments.append(Segment(start, end, members))
    return segments


def households_of(person: Person) -> list[Household]:
    ids = (
        person.household_memberships.filter(cancelled_at__isnull=True)
        .values_list("household_id", flat=True)
        .distinct()
    )
    return list(Household.objects.filter(pk__in=list(ids)).select_related("reference_person"))


def composition_on(household: Household, day: date) -> list[Membership]:
    return [
        m
        for m in active_memberships(household)
        if m.valid_from <= day and (m.valid_until is None or m.valid_until >= day)
    ]


def compositions_with(person: Person, day: date) -> list[Membership]:
    """The memberships, on ``day``, of every household ``person`` lives in on that day, in one
    query (grouped by household, then as ``composition_on`` orders them)."""
    valid = Q(cancelled_at__isnull=True, valid_from__lte=day) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    households = Membership.objects.filter(valid, person=person).values("household_id")
    return list(
        Membership.objects.filter(valid, household__in=households)
        .select_related("person")
        .order_by("household_id", "valid_from", "pk")
    )


# --- writing: persons -------------------------------------------------------------------


def _check_nationality(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in COUNTRIES:
        raise ValidationError(
            {
                "nationality": ValidationError(
                    _("Unknown nationality code %(code)s (use ISO 3166, e.g. BE).")
                    % {"code": code or "-"},
                    code="unknown",
                )
            }
        )
    return code


def likely_duplicates(actor: Actor, data: dict) -> list:
    """Persons already registered who may be the one being registered (the identity is
    validated first, so that a bad input is named before any warning); the check is audited
    when it finds any. The form and the API use the same check."""
    from . import matching

    cleaned = validate_identity(actor, data)
    found = matching.likely_duplicates(
        actor.ocmw_id, cleaned.get("first_name", ""), cleaned.get("last_name", ""),
        cleaned.get("birth_date") or data.get("birth_date"), cleaned.get("insz") or None,
    )  # fmt: skip
    if found:
        audit.record(
            actor, "search", object_type="person", purpose="duplicate check",
            detail={"results": len(found), "persons": [m.person.pk for m in found]},
        )  # fmt: skip
    return found


def validate_identity(actor: Actor, data: dict, person: Person | None = None) -> dict:
    """Check identity facts together: INSZ against birth date and sex, uniqueness per OCMW."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned = validation.check_model_names(errors, Person, data, TEXT_IDENTITY_FIELDS)
    birth_date = data.get("birth_date")
    validation.gather(
        errors, validation.check_date, birth_date, kind=validation.BIRTH, field="birth_date",
        label=validation.label_of(Person, "birth_date"),
    )  # fmt: skip
    try:
        cleaned["nationality"] = _check_nationality(data.get("nationality", ""))
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        cleaned["insz"] = clean_insz(data.get("insz", ""), birth_date, data.get("sex"))
    except ValidationError as exc:
        errors.setdefault("insz", []).append(exc)
    else:
        if cleaned["insz"]:
            clash = scope(Person.objects.all(), actor).filter(insz=cleaned["insz"])
            if person is not None:
                clash = clash.exclude(pk=person.pk)
            if clash.exists():
                errors.setdefault("insz", []).append(
                    ValidationError(
                        _("A person with this national number is already registered in this OCMW."),
                        code="duplicate",
                    )
                )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_person(
    actor: Actor,
    data: dict,
    *,
    status: str | None = None,
    status_from: date | None = None,
    status_document: str = "",
    not_duplicate_of: Iterable[int] = (),
) -> Person:
    """Register a person (and, optionally, their current residence status).

    ``not_duplicate_of``: the likely duplicates the worker was shown and confirmed to be other
    persons (registry.matching); recorded with the creation in the audit log."""
    require(actor, "person.create")
    cleaned = validate_identity(actor, data)
    if status is not None:
        _check_status_input(status, status_from, "status", "status_from")
    person = Person(
        ocmw_id=actor.ocmw_id,
        created_by=actor.user,
        **{k: cleaned.get(k, "") for k in IDENTITY_FIELDS},
    )
    person.search_name = search_key(person.last_name, person.first_name)
    person.search_first = fold(person.first_name)
    person.search_street = fold(person.street)
    person.save()
    PersonVersion.objects.create(
        person=person, version=1, data=_snapshot(person), recorded_by=actor.user, reason="created"
    )
    confirmed = sorted(set(not_duplicate_of))
    audit.record(
        actor, "create", object_type="person", object_id=person.pk, subject_person_id=person.pk,
        detail={"not_duplicate_of": confirmed} if confirmed else None,
    )  # fmt: skip
    if status is not None:
        add_residence_status(actor, person, status, status_from, document=status_document)
    return person


@transaction.atomic
def update_person(
    actor: Actor, person: Person, data: dict, *, expected_version: int | None = None
) -> Person:
    """Change identity or contact facts. The previous values stay in the person's versions."""
    require(actor, "person.update")
    person = scope(Person.objects.select_for_update(), actor).get(pk=person.pk)
    if expected_version is not None and expected_version != person.version:
        raise ValidationError(
            {
                "version": _(
                    "Someone else changed this file in the meantime. Your input was kept: "
                    "check the current values and save again."
                )
            }
        )
    merged = {k: getattr(person, k) for k in IDENTITY_FIELDS} | data
    cleaned = validate_identity(actor, merged, person=person)
    changed = [k for k in IDENTITY_FIELDS if cleaned.get(k, "") != getattr(person, k)]
    if not changed:
        return person
    for k in changed:
        setattr(person, k, cleaned[k])
    person.search_name = search_key(person.last_name, person.first_name)
    person.search_first = fold(person.first_name)
    person.search_street = fold(person.street)
    person.version += 1
    person.save()
    PersonVersion.objects.create(
        person=person,
        version=person.version,
        data=_snapshot(person),
        recorded_by=actor.user,
        reason="updated",
    )
    audit.record(
        actor,
        "update",
        object_type="person",
        object_id=person.pk,
        subject_person_id=person.pk,
        detail={"fields": changed, "version": person.version},
    )
    return person


def _snapshot(person: Person) -> dict:
    out = {}
    for k in IDENTITY_FIELDS:
        v = getattr(person, k)
        out[k] = v.isoformat() if isinstance(v, date) else v
    return out


# --- writing: residence status ----------------------------------------------------------


def _check_status_input(status, valid_from, status_field="status", from_field="valid_from"):
    errors = {}
    if status not in ResidenceStatusCode.values:
        errors[status_field] = [_("Unknown residence status.")]
    if valid_from is None:
        errors[from_field] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_residence_status(
    actor: Actor,
    person: Person,
    status: str,
    valid_from: date | None,
    *,
    valid_until: date | None = None,
    document: str = "",
) -> ResidenceStatus:
    """Record a residence status from a date. An open status that started earlier is closed
    the day before; a status that would overlap another closed or later one is refused."""
    require(actor, "person.update")
    person = scope(Person.objects.select_for_update(), actor).get(pk=person.pk)
    _check_status_input(status, valid_from)
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end date lies before the start date.")})
    if valid_from < person.birth_date:
        raise ValidationError({"valid_from": _("The status cannot start before the birth date.")})
    existing = statuses_of(person)
    to_close = None
    for s in existing:
        s_end = s.valid_until or date.max
        new_end = valid_until or date.max
        overlaps = s.valid_from <= new_end and valid_from <= s_end
        if not overlaps:
            continue
        if s.valid_until is None and s.valid_from < valid_from and to_close is None:
            to_close = s
            continue
        raise ValidationError(
            {
                "valid_from": _(
                    "This period overlaps the status %(status)s from %(start)s. "
                    "Cancel or end that status first."
                )
                % {"status": s.get_status_display(), "start": s.valid_from.strftime("%d/%m/%Y")}
            }
        )
    if to_close is not None:
        ResidenceStatus.objects.filter(pk=to_close.pk).update(
            valid_until=valid_from - timedelta(days=1)
        )
    row = ResidenceStatus.objects.create(
        person=person,
        status=status,
        valid_from=valid_from,
        valid_until=valid_until,
        document=document,
        recorded_by=actor.user,
        closed_previous=to_close,
    )
    audit.record(
        actor,
        "create",
        object_type="residence_status",
        object_id=row.pk,
        subject_person_id=person.pk,
        detail={"status": status, "closed": to_close.pk if to_close else None},
    )
    return row


@transaction.atomic
def cancel_residence_status(actor: Actor, status: ResidenceStatus, reason: str) -> None:
    """Mark a mistaken status as cancelled (it stays in the file, struck through).

    If recording it had closed an open status, that status is open again.
    """
    require(actor, "person.update")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the cancellation.")})
    status = scope(ResidenceStatus.objects.select_for_update(), actor, "person__ocmw").get(
        pk=status.pk, cancelled_at__isnull=True
    )
    # save(), not update(): its post_save tells the readers that keep counts (the
    # observatory's stored aggregates) that this OCMW's statuses changed.
    status.cancelled_at, status.cancelled_reason = timezone.now(), reason.strip()
    status.save(update_fields=["cancelled_at", "cancelled_reason"])
    if status.closed_previous_id:
        ResidenceStatus.objects.filter(
            pk=status.closed_previous_id, valid_until=status.valid_from - timedelta(days=1)
        ).update(valid_until=None)
    audit.record(
        actor,
        "update",
        object_type="residence_status",
        object_id=status.pk,
        subject_person_id=status.person_id,
        detail={"cancelled": True},
    )


# --- writing: households ----------------------------------------------------------------


def _overlapping(person: Person, start: date, end: date | None) -> Membership | None:
    qs = Membership.objects.filter(person=person, cancelled_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    )
    if end is not None:
        qs = qs.filter(valid_from__lte=end)
    return qs.select_related("household").first()


@transaction.atomic
def found_household(actor: Actor, reference: Person, valid_from: date) -> Household:
    """Start a household with ``reference`` as its reference person, at their address."""
    require(actor, "household.change")
    reference = scope(Person.objects.select_for_update(), actor).get(pk=reference.pk)
    if valid_from < reference.birth_date:
        raise ValidationError({"valid_from": _("The date lies before the birth date.")})
    clash = _overlapping(reference, valid_from, None)
    if clash is not None:
        raise ValidationError(
            {
                "person": _("This person already lives in another household from %(start)s.")
                % {"start": clash.valid_from.strftime("%d/%m/%Y")}
            }
        )
    household = Household.objects.create(
        ocmw_id=actor.ocmw_id,
        reference_person=reference,
        street=reference.street,
        house_number=reference.house_number,
        box=reference.box,
        postal_code=reference.postal_code,
        municipality=reference.municipality,
    )
    Membership.objects.create(
        household=household,
        person=reference,
        relation=Relation.REFERENCE,
        valid_from=valid_from,
        start_reason=ChangeReason.FOUNDED,
        recorded_by=actor.user,
    )
    audit.record(
        actor,
        "create",
        object_type="household",
        object_id=household.pk,
        subject_person_id=reference.pk,
    )
    return household


JOIN_REASONS = (ChangeReason.MOVED_IN, ChangeReason.BIRTH)
LEAVE_REASONS = (ChangeReason.MOVED_OUT, ChangeReason.DEATH)


@transaction.atomic
def record_household_change(
    actor: Actor,
    household: Household,
    *,
    person: Person,
    reason: str,
    on: date | None,
    relation: str | None = None,
) -> Membership:
    """Someone moves in, is born, moves out or dies: a new dated membership, or the end of one.

    Moving in or birth on day D: member from D. Moving out on day D: member until D - 1.
    Death on day D: member until D. Nothing earlier is changed.
    """
    require(actor, "household.change")
    household = scope(Household.objects.select_for_update(), actor).get(pk=household.pk)
    person = scope(Person.objects.all(), actor).get(pk=person.pk)
    errors: dict[str, list[str]] = {}
    if on is None:
        errors["date"] = [_("This field is required.")]
    if reason not in JOIN_REASONS + LEAVE_REASONS:
        errors["reason"] = [_("Unknown kind of change.")]
    if errors:
        raise ValidationError(errors)
    if on > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"date": _("The date lies more than a year in the future.")})
    if reason in JOIN_REASONS:
        membership = _join(actor, household, person, reason, on, relation)
    else:
        membership = _leave(actor, household, person, reason, on)
    audit.record(
        actor,
        "update",
        object_type="household",
        object_id=household.pk,
        subject_person_id=person.pk,
        detail={"change": reason, "date": on.isoformat(), "membership": membership.pk},
    )
    household_changed.send(
        sender=Membership, actor=actor, household=household, person=person,
        membership=membership, reason=reason, on=on,
    )  # fmt: skip
    return membership


def _join(actor, household, person, reason, on, relation) -> Membership:
    if relation not in Relation.values or relation == Relation.REFERENCE:
        raise ValidationError({"relation": _("Choose the relation to the reference person.")})
    if on < person.birth_date:
        raise ValidationError({"date": _("The date lies before the birth date of this person.")})
    if reason == ChangeReason.BIRTH and on != person.birth_date:
        raise ValidationError(
            {
                "date": _("For a birth, the date is the birth date (%(date)s).")
                % {"date": person.birth_date.strftime("%d/%m/%Y")}
            }
        )
    ref = household.reference_person
    if relation == Relation.CHILD and person.birth_date <= ref.birth_date:
        raise ValidationError({"relation": _("A child cannot be older than the reference person.")})
    if relation == Relation.PARENT and person.birth_date >= ref.birth_date:
        raise ValidationError(
            {"relation": _("A parent cannot be younger than the reference person.")}
        )
    clash = _overlapping(person, on, None)
    if clash is not None:
        if clash.household_id == household.pk:
            msg = _("This person already lives in this household from %(start)s.")
        else:
            msg = _(
                "This person lives in another household from %(start)s; record the move "
                "out of that household first."
            )
        raise ValidationError({"person": msg % {"start": clash.valid_from.strftime("%d/%m/%Y")}})
    return Membership.objects.create(
        household=household,
        person=person,
        relation=relation,
        valid_from=on,
        start_reason=reason,
        recorded_by=actor.user,
    )


def _leave(actor, household, person, reason, on) -> Membership:
    current = (
        household.memberships.select_for_update()
        .filter(person=person, cancelled_at__isnull=True, valid_until__isnull=True)
        .first()
    )
    if current is None:
        raise ValidationError({"person": _("This person does not live in this household now.")})
    until = on if reason == ChangeReason.DEATH else on - timedelta(days=1)
    if until < current.valid_from:
        raise ValidationError(
            {
                "date": _("The date lies before the start of this stay (%(start)s).")
                % {"start": current.valid_from.strftime("%d/%m/%Y")}
            }
        )
    Membership.objects.filter(pk=current.pk).update(valid_until=until, end_reason=reason)
    current.refresh_from_db()
    return current
