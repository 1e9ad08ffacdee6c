"""Mutations and monthly flows from a file drop (issue 13 §3), processed by a job.

A file in ``DROP_DIR`` is one message: a ``MutationFeed`` (changes of address, deaths,
household changes, changes of benefits) or a ``MonthlyFlow`` (one month of one source, for
the cross-checks). A file that is not well-formed or not valid goes to ``QUARANTINE_DIR``
with a ``.reason.txt`` beside it; nothing of it is applied. In a valid feed, each change is
applied whole or refused whole: a change for a person no OCMW here has a file for, or a
change already received (its id), is refused and logged with the reason.

Each accepted change becomes a *proposal* on the person's file; the worker accepts it (the
registry services write the new dated version) or rejects it with a reason. A change that is
a hinge moment (a death, a move, a household change) then starts the household's rights
check: :func:`openocmw.rights.hinges.hinge_moment` when the rights app has it, else the
:data:`hinge_moment` signal of this app.
"""

from __future__ import annotations

import logging
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.inputs import validation as v
from openocmw.registry import services as registry
from openocmw.registry.models import Person

from .. import messages
from ..conf import path
from ..models import FlowRecord, Mutation, MutationKind, MutationStatus
from . import benefits
from .consult import log

# Sent when an accepted change is a hinge moment: household, kind, date, source.
hinge_moment = Signal()
HINGES = {MutationKind.DEATH, MutationKind.ADDRESS, MutationKind.HOUSEHOLD}


def drop_files() -> list[Path]:
    folder = path("DROP_DIR")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xml")


def _move(file: Path, folder_name: str, reason: str = "") -> Path:
    folder = path(folder_name)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file.name
    n = 1
    while target.exists():
        target = folder / f"{file.stem}.{n}{file.suffix}"
        n += 1
    shutil.move(str(file), target)
    if reason:
        target.with_name(target.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
    return target


def process_file(file: Path) -> dict:
    """Process one dropped file; its outcome. The file leaves the drop folder in every case."""
    try:
        data = file.read_bytes()
        root = messages.validate(data, ("MutationFeed", "MonthlyFlow"))
    except (OSError, messages.MessageError) as exc:
        reason = str(exc)
        log(None, "file_drop", "refused", reason, reference=file.name)
        _move(file, "QUARANTINE_DIR", reason)
        return {"file": file.name, "quarantined": reason}
    if messages.local(root.tag) == "MonthlyFlow":
        result = load_monthly_flow(root)
    else:
        result = load_feed(root, file.name)
    log(None, "file_drop", "accepted", f"{result}"[:500], reference=file.name)
    _move(file, "DONE_DIR")
    return {"file": file.name, **result}


@transaction.atomic
def load_monthly_flow(root) -> dict:
    source, month = root.get("source"), messages.month_start(root.get("month"))
    message_id = root.get("messageId")
    rows = []
    for fact in root.iter(messages.q("Fact")):
        a, since = fact.get("amount"), fact.get("since")
        rows.append(FlowRecord(
            source=source, insz=fact.get("ssin"), month=month, field=fact.get("field"),
            amount=Decimal(a) if a is not None else None, value=fact.get("value") or "",
            since=date.fromisoformat(since) if since else None, message_id=message_id,
        ))  # fmt: skip
    before = FlowRecord.objects.filter(source=source, month=month).count()
    FlowRecord.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    added = FlowRecord.objects.filter(source=source, month=month).count() - before
    return {"flow": source, "month": month.isoformat(), "facts": len(rows), "added": added}


def _mutation_data(m) -> tuple[str, dict]:
    for tag, kind in (("Address", MutationKind.ADDRESS), ("Death", MutationKind.DEATH),
                      ("Household", MutationKind.HOUSEHOLD), ("Benefit", MutationKind.BENEFIT)):  # fmt: skip
        el = m.find(messages.q(tag))
        if el is None:
            continue
        if kind == MutationKind.ADDRESS:
            return kind, messages.address_of(el)
        if kind == MutationKind.DEATH:
            return kind, {"death_date": messages.text(el, "DeathDate")}
        if kind == MutationKind.HOUSEHOLD:
            return kind, {
                "change": messages.text(el, "Change"), "member": messages.text(el, "MemberSsin"),
                "relation": messages.text(el, "Relation"),
                # The member's identity from the national register (to register a newcomer).
                "last_name": messages.text(el, "LastName"),
                "first_name": messages.text(el, "FirstName"),
                "birth_date": messages.text(el, "BirthDate"),
                "sex": messages.text(el, "Gender"), "nationality": messages.text(el, "Nationality"),
            }  # fmt: skip
        return kind, {"kind": el.get("kind"), "amount": el.get("amount")}
    raise messages.MessageError("a mutation without a change")  # the schema prevents it


def load_feed(root, filename: str) -> dict:
    proposed = refused = 0
    for m in root.iter(messages.q("Mutation")):
        mid, insz = m.get("id"), messages.text(m, "Ssin")
        kind, data = _mutation_data(m)
        persons = list(Person.objects.filter(insz=insz).only("pk", "ocmw_id"))
        if not persons:
            log(None, "mutations", "refused", "unknown person", reference=mid)
            refused += 1
            continue
        for person in persons:
            try:
                with transaction.atomic():
                    Mutation.objects.create(
                        ocmw_id=person.ocmw_id, person=person, source=messages.text(m, "Source"),
                        kind=kind, effective_on=date.fromisoformat(messages.text(m, "EffectiveOn")),
                        data=data, message_id=mid, filename=filename[:200], hinge=kind in HINGES,
                    )  # fmt: skip
                    audit.record(
                        None, "create", ocmw_id=person.ocmw_id, object_type="mutation",
                        subject_person_id=person.pk, purpose="mutations",
                        detail={"kind": kind, "message": mid},
                    )  # fmt: skip
                proposed += 1
            except IntegrityError:
                log(person.ocmw_id, "mutations", "refused", "duplicate mutation", reference=mid)
                refused += 1
    return {"proposed": proposed, "refused": refused}


# --- the worker's decision ---------------------------------------------------------------


def mutations_for(actor: Actor):
    require(actor, "person.update")
    return scope(Mutation.objects.all(), actor).select_related("person")


def _locked(actor: Actor, mutation: Mutation) -> Mutation:
    m = scope(Mutation.objects.select_for_update(), actor).get(pk=mutation.pk)
    if m.status != MutationStatus.PROPOSED:
        raise ValidationError(_("This change was already decided."), code="decided")
    return m


@transaction.atomic
def accept(actor: Actor, mutation: Mutation) -> Mutation:
    """Apply the change through the registry services: a new dated version of the file."""
    require(actor, "person.update")
    m = _locked(actor, mutation)
    person = m.person
    household = None
    if m.kind == MutationKind.ADDRESS:
        d = m.data
        registry.update_person(actor, person, {
            "street": d["street"], "house_number": d["house_number"], "box": d.get("box", ""),
            "postal_code": d["postal_code"], "municipality": d["municipality"],
        })  # fmt: skip
        household = _current_household(person, m.effective_on)
    elif m.kind == MutationKind.DEATH:
        died = date.fromisoformat(m.data["death_date"])
        household = _current_household(person, died)
        if household is not None:
            registry.record_household_change(
                actor, household, person=person, reason="death", on=died
            )
    elif m.kind == MutationKind.HOUSEHOLD:
        household = _household_change(actor, person, m)
    elif m.kind == MutationKind.BENEFIT:
        benefits.apply(actor, person, m)
    m.status, m.decided_by, m.decided_at = MutationStatus.ACCEPTED, actor.user, timezone.now()
    m.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor, "update", object_type="mutation", object_id=m.pk, subject_person_id=person.pk,
        purpose="mutations", detail={"accepted": m.kind},
    )  # fmt: skip
    if m.hinge and household is not None:
        transaction.on_commit(lambda: signal_hinge(household, m.kind, m.effective_on, m.source))
    return m


def _current_household(person: Person, on: date):
    for household in registry.households_of(person):
        if any(x.person_id == person.pk for x in registry.composition_on(household, on)):
            return household
    return None


def _household_change(actor: Actor, person: Person, m: Mutation):
    change, member_insz = m.data["change"], m.data["member"]
    member = scope(Person.objects.filter(insz=member_insz), actor).first()
    household = _current_household(person, m.effective_on)
    if household is None:
        raise ValidationError({"person": _("This person lives in no household on that date.")})
    if member is None:
        member = _register_member(actor, person, m)
    relation = m.data.get("relation") or None
    registry.record_household_change(
        actor, household, person=member, reason=change, on=m.effective_on, relation=relation
    )
    return household


def _register_member(actor: Actor, person: Person, m: Mutation) -> Person:
    """Register a household member who has no file here, with the identity the national
    register gave in the change (and the address of the household's person)."""
    d = m.data
    if not (d.get("last_name") and d.get("first_name") and d.get("birth_date")
            and d.get("nationality")):  # fmt: skip
        raise ValidationError({"person": _(
            "The member this change is about has no file in your OCMW and the message does not "
            "give their identity: register the person first, then accept the change."
        )})  # fmt: skip
    insz = d["member"]
    sex = d.get("sex") or ("M" if int(insz[6:9]) % 2 else "F")  # the serial: odd for men
    data = {
        "insz": insz, "last_name": d["last_name"], "first_name": d["first_name"],
        "birth_date": date.fromisoformat(d["birth_date"]), "sex": sex,
        "nationality": d["nationality"], "language": person.language,
        **{k: getattr(person, k) for k in ("street", "house_number", "box", "postal_code",
                                           "municipality")},
    }  # fmt: skip
    try:
        member = registry.create_person(actor, data)
    except ValidationError as error:
        raise ValidationError(
            {
                "person": _(
                    "The member's identity in the message could not be registered: %(errors)s"
                )
                % {"errors": "; ".join(m for ms in error.message_dict.values() for m in ms)}
            }
        ) from None
    audit.record(
        actor, "create", object_type="person", object_id=member.pk, subject_person_id=member.pk,
        purpose="mutations",
        detail={"registered_from": "national_register", "message": m.message_id,
                "household_of": person.pk},
    )  # fmt: skip
    return member


@transaction.atomic
def reject(actor: Actor, mutation: Mutation, reason: str) -> Mutation:
    require(actor, "person.update")
    m = _locked(actor, mutation)
    reason = v.clean_text(reason, field="reason", label=_("reason"), max_length=300)
    if not reason:
        raise ValidationError({"reason": _("Say why the change is rejected.")})
    m.status, m.reason = MutationStatus.REJECTED, reason
    m.decided_by, m.decided_at = actor.user, timezone.now()
    m.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(
        actor, "update", object_type="mutation", object_id=m.pk, subject_person_id=m.person_id,
        purpose="mutations", detail={"rejected": m.kind},
    )  # fmt: skip
    return m


def signal_hinge(household, kind: str, on: date, source: str) -> None:
    """The rights app's hook when it exists, and this app's signal in every case."""
    try:
        from openocmw.rights.hinges import hinge_moment as rights_hook
    except ImportError:
        rights_hook = None
    # The rights app's kinds of moment (seed 003). A death in the national register is the
    # death of a partner for the household left behind, an address change a move into the
    # municipality; a household composition change is detected by the registry's own signal
    # (birth, separation) when the accepted change is applied, so it is not sent twice here.
    rights_kind = {MutationKind.DEATH: "partner_death", MutationKind.ADDRESS: "move_in"}.get(kind)
    if rights_hook is not None and rights_kind is not None:
        try:
            rights_hook(household, rights_kind, on, f"federal:{source}"[:100])
        except ValidationError as error:  # a moment that cannot be recorded never blocks this
            logging.getLogger("openocmw.exchange").warning(
                "hinge moment %s of household %s not recorded: %s", kind, household.pk, error
            )
    hinge_moment.send(sender=Mutation, household=household, kind=kind, date=on, source=source)
