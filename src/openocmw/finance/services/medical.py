"""Medical aid decisions (MediPrima): versions, the care provider's look-up, invoice splits.

- A decision covers a period and kinds of care; a change is a new version that replaces it.
- A care provider (role ``care_provider``) gives an INSZ and a date of care and gets the version
  in force on that day and its conditions, nothing else about the person.
- An invoice line is split between the State, the OCMW and the patient; the three parts must
  add up to the line exactly (Decimal), else the error names ``amount``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.registry.models import Person

from ..models import InvoiceLine, MedicalDecision

CENT = Decimal("0.01")


def _money(value, field: str, errors: dict) -> Decimal | None:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = [_("Enter an amount in euro.")]
        return None
    if amount < 0 or not amount.is_finite():
        errors[field] = [_("The amount cannot be negative.")]
        return None
    return amount


@transaction.atomic
def decide(actor: Actor, person: Person, *, basis: str, coverage: str, start: date, end: date,
           decided_on: date, patient_contribution_covered: bool,
           supplements_covered: bool = False, conditions: str = "",
           replaces: MedicalDecision | None = None) -> MedicalDecision:  # fmt: skip
    """A medical aid decision, or a new version of ``replaces``."""
    require(actor, "medical.decide")
    errors = {}
    if person.ocmw_id != actor.ocmw_id:
        errors["person"] = [_("That person is not of your OCMW.")]
    if end < start:
        errors["end"] = [_("The end of the period is before its start.")]
    if replaces is not None:
        replaces = scope(MedicalDecision.objects.select_for_update(), actor).get(pk=replaces.pk)
        if replaces.person_id != person.pk:
            errors["replaces"] = [_("That decision concerns another person.")]
        elif MedicalDecision.objects.filter(replaces=replaces).exists():
            errors["replaces"] = [_("That version has already been replaced.")]
    if errors:
        raise ValidationError(errors)
    decision = MedicalDecision.objects.create(
        ocmw_id=actor.ocmw_id, person=person, replaces=replaces,
        version=replaces.version + 1 if replaces else 1, basis=basis, coverage=coverage,
        start=start, end=end, decided_on=decided_on,
        patient_contribution_covered=patient_contribution_covered,
        supplements_covered=supplements_covered, conditions=conditions, created_by=actor.user,
    )  # fmt: skip
    audit.record(actor, "create", object_type="medical_decision", object_id=decision.pk,
                 subject_person_id=person.pk, purpose="finance")  # fmt: skip
    return decision


def in_force(ocmw_id: int, person_id: int, on: date) -> MedicalDecision | None:
    """The version in force on ``on``: a current version (not replaced) covering the day. A new
    version replaces the earlier one entirely, also for the days it no longer covers."""
    return (
        MedicalDecision.objects.filter(ocmw_id=ocmw_id, person_id=person_id, start__lte=on,
                                       end__gte=on, replaced_by__isnull=True)
        .order_by("-version", "-pk").first()
    )  # fmt: skip


@dataclass(frozen=True)
class Lookup:
    covered: bool
    decision: MedicalDecision | None


def lookup(actor: Actor, insz: str, care_date: date) -> Lookup:
    """For a care provider: is care on ``care_date`` for this INSZ covered, and how."""
    require(actor, "medical.lookup")
    person = Person.objects.filter(ocmw_id=actor.ocmw_id, insz=insz).only("pk").first()
    decision = in_force(actor.ocmw_id, person.pk, care_date) if person else None
    audit.record(
        actor, "view" if decision else "search", object_type="medical_decision",
        object_id=decision.pk if decision else "", purpose="medical lookup",
        subject_person_id=person.pk if person else None,
        detail={"care_date": care_date.isoformat(), "found": decision is not None},
    )  # fmt: skip
    return Lookup(decision is not None, decision)


def propose_split(decision: MedicalDecision, amount: Decimal, tariff: Decimal,
                  patient_share: Decimal) -> dict:  # fmt: skip
    """A split of ``amount`` (all Decimal): the State pays the refund tariff, the OCMW the
    patient's own share if the decision covers it and the supplements (what is above tariff
    and share) if it covers them; the patient what is left. The parts sum to ``amount``."""
    state = min(amount, tariff)
    share = min(amount - state, patient_share)
    supplements = amount - state - share
    ocmw = (share if decision.patient_contribution_covered else 0) + (
        supplements if decision.supplements_covered else 0
    )
    ocmw = Decimal(ocmw).quantize(CENT)
    return {"state_part": state, "ocmw_part": ocmw, "patient_part": amount - state - ocmw}


@transaction.atomic
def record_line(actor: Actor, decision: MedicalDecision, *, care_date: date, description: str,
                amount, state_part, ocmw_part, patient_part) -> InvoiceLine:  # fmt: skip
    require(actor, "medical.lookup")
    errors: dict = {}
    if decision.ocmw_id != actor.ocmw_id:
        raise ValidationError({"decision": [_("No such decision.")]})
    values = {f: _money(v, f, errors) for f, v in (
        ("amount", amount), ("state_part", state_part), ("ocmw_part", ocmw_part),
        ("patient_part", patient_part))}  # fmt: skip
    if (
        not errors
        and values["state_part"] + values["ocmw_part"] + values["patient_part"]
        != (values["amount"])
    ):
        errors["amount"] = [
            _("The parts (%(parts)s EUR) do not add up to the amount of the line (%(amount)s EUR).")
            % {"parts": values["state_part"] + values["ocmw_part"] + values["patient_part"],
               "amount": values["amount"]}
        ]  # fmt: skip
    if in_force(actor.ocmw_id, decision.person_id, care_date) != decision:
        errors["care_date"] = [_("This decision is not the one in force on the date of care.")]
    if errors:
        raise ValidationError(errors)
    line = InvoiceLine.objects.create(ocmw_id=actor.ocmw_id, decision=decision,
                                      care_date=care_date, description=description[:200],
                                      **values)  # fmt: skip
    audit.record(actor, "create", object_type="medical_invoice", object_id=line.pk,
                 subject_person_id=decision.person_id, purpose="medical lookup")  # fmt: skip
    return line
