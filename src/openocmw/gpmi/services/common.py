"""Shared by the GPMI services: the legal constants, dates, field errors, the clock, and
the reading helpers (the actor's GPMIs, contract versions, open evaluations).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.registry.models import Person

from ..models import (
    ContractVersion,
    Evaluation,
    Gpmi,
    Kind,
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


# --- locking and cleaning, shared by the services that write ------------------------------


def _lock_person(actor: Actor, person: Person) -> Person:
    return scope(Person.objects.select_for_update(), actor).get(pk=person.pk)


def _lock_gpmi(actor: Actor, gpmi: Gpmi) -> Gpmi:
    return scope(Gpmi.objects.select_for_update(), actor).select_related("person").get(pk=gpmi.pk)


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


def _in_period(gpmi: Gpmi, day: date) -> bool:
    return gpmi.start <= day <= gpmi.effective_end
