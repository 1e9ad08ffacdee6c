"""The bridge between a person's file and the leefloon rules (openocmw.rules).

The social worker never types twice what the file knows: the situation is pre-filled from the
registry (birth date, residence status on the date, the household on the date with each
member's relation to the applicant). Facts the law needs and the file does not hold
(resources, willingness to work, ...) are asked explicitly; nothing is silently assumed.
"""

from __future__ import annotations

import copy
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import get_language

from openocmw.i18n import interface_language
from openocmw.registry import services as registry
from openocmw.registry.models import Person, Relation

# Relation of a member to the applicant, from both relations to the reference person.
# Key: (applicant's relation to the reference, member's relation to the reference).
_VIA_REFERENCE = {
    (Relation.PARTNER, Relation.REFERENCE): "partner",
    (Relation.PARTNER, Relation.CHILD): "child",
    (Relation.PARTNER, Relation.PARENT): "other_relative",
    (Relation.CHILD, Relation.REFERENCE): "parent",
    (Relation.CHILD, Relation.PARTNER): "parent",
    (Relation.CHILD, Relation.CHILD): "sibling",
    (Relation.CHILD, Relation.PARENT): "grandparent",
    (Relation.CHILD, Relation.GRANDCHILD): "other_relative",
    (Relation.PARENT, Relation.REFERENCE): "child",
    (Relation.PARENT, Relation.CHILD): "grandchild",
    (Relation.PARENT, Relation.PARENT): "partner",
    (Relation.SIBLING, Relation.REFERENCE): "sibling",
    (Relation.SIBLING, Relation.SIBLING): "sibling",
    (Relation.SIBLING, Relation.PARENT): "parent",
    (Relation.GRANDCHILD, Relation.CHILD): "parent",
    (Relation.GRANDCHILD, Relation.REFERENCE): "grandparent",
}


CHILD_RELATIONS = ("child", "grandchild")
# Nobody marries before 18 (Civil Code art. 144); the family court may allow it for serious
# reasons (art. 145), which it does not for young children: under 16 the calculator does not
# ask "married?" of a child and answers no.
MARRIAGE_QUESTION_AGE = 16
ADULT_AGE = 18


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def prefill_children(situation: dict) -> dict:
    """Household members from the file: a minor child of the applicant who lives under the
    same roof is in charge (to be confirmed on the form), and a child under 16 is not
    married. Nothing else is assumed."""
    on = date.fromisoformat(situation["reference_date"])
    for m in situation.get("household", {}).get("members", []):
        if m.get("relation") not in CHILD_RELATIONS or not m.get("birth_date"):
            continue
        age = _age(date.fromisoformat(m["birth_date"]), on)
        if age < ADULT_AGE and m.get("shares_household", True):
            m.setdefault("in_charge", True)
            if age < MARRIAGE_QUESTION_AGE:
                m.setdefault("married", False)
    return situation


def recorded_resources(person: Person, on: date) -> tuple[list[dict], dict[int, list[dict]]]:
    """The incomes recorded in the investigation of the applicant's latest request received on
    or before ``on`` that has any (rules situation format): the applicant's, and each household
    member's by the member's person id."""
    from .models import RecordedResource

    rows = RecordedResource.objects.filter(request__person=person, request__received_on__lte=on)
    latest = (
        rows.order_by("-request__received_on", "-request_id")
        .values_list("request_id", flat=True)
        .first()
    )
    mine: list[dict] = []
    members: dict[int, list[dict]] = {}
    if latest is None:
        return mine, members
    for r in rows.filter(request_id=latest).order_by("pk"):
        item = {"kind": r.kind, "amount": float(r.amount), "period": r.period}
        (members.setdefault(r.member_id, []) if r.member_id else mine).append(item)
    return mine, members


def household_members(person: Person, on: date) -> list[dict]:
    """The people living with ``person`` on ``on`` according to the registry, each with their
    relation to ``person`` (rules vocabulary), birth date, name and person id."""
    members = []
    rows = registry.compositions_with(person, on)
    mine_in = {m.household_id: m for m in rows if m.person_id == person.pk}
    for m in rows:
        mine = mine_in.get(m.household_id)
        if mine is None or m.person_id == person.pk:
            continue
        members.append(
            {
                "relation": relation_to_applicant(mine.relation, m.relation),
                "birth_date": m.person.birth_date.isoformat(),
                "shares_household": True,
                "name": m.person.full_name,  # shown in the form, removed before calculating
                "person_id": m.person_id,
            }
        )
    return members


def relation_to_applicant(applicant_rel: str, member_rel: str) -> str:
    if applicant_rel == Relation.REFERENCE:
        return member_rel
    return _VIA_REFERENCE.get((applicant_rel, member_rel), "other")


def situation_from_file(person: Person, on: date) -> dict:
    """A situation pre-filled from the registry, for the calculator form and the proposal."""
    status = registry.status_on(person, on)
    applicant: dict = {"birth_date": person.birth_date.isoformat()}
    if status is not None:
        applicant["residence_status"] = status.status
        if status.status == "eu_citizen":
            applicant["eu_residence"] = {"residence_since": status.valid_from.isoformat()}
    members = household_members(person, on)
    situation = {
        "reference_date": on.isoformat(),
        "applicant": applicant,
        "household": {"members": members},
    }
    resources, of_members = recorded_resources(person, on)
    if resources:
        applicant["resources"] = resources
    for m in members:
        if of_members.get(m["person_id"]):
            m["resources"] = of_members[m["person_id"]]
    return prefill_children(situation)


def with_exemption_clock(actor, person: Person, situation: dict, on: date) -> dict:
    """The situation with the socio-professional exemption's history of ``person`` (its
    periods of use, in any OCMW: the clock follows the person; finance records it), so the
    calculator is pre-filled with it. Unchanged when nothing was recorded."""
    from openocmw.finance.services.employment import spi_history

    history = spi_history(actor, person, on)
    if history:
        situation = copy.deepcopy(situation)
        situation["applicant"]["spi"] = history
    return situation


def strip_display_fields(situation: dict) -> dict:
    situation = copy.deepcopy(situation)
    members = situation.get("household", {}).get("members", [])
    for m in members:
        m.pop("name", None)
        m.pop("person_id", None)
    return situation


def localized(errors: list[dict], prefix: str = "situation.") -> dict[str, list[str]]:
    lang = interface_language(get_language())
    out: dict[str, list[str]] = {}
    for e in errors:
        out.setdefault(prefix + (e.get("field") or ""), []).append(e[lang])
    return out


def calculate_for_proposal(situation: dict, on: date) -> dict:
    """Calculate with the rules; bad input becomes a ValidationError naming the fields."""
    from openocmw.rules import SituationError, calculate

    try:
        return calculate(strip_display_fields(situation), on=on).to_dict()
    except SituationError as exc:
        raise ValidationError(localized(exc.errors)) from None
