"""Outreach with a human in the loop: contacts, letters, outcomes, and "apply".

A worker reviews an entry, contacts the person (a letter in the person's language as PDF, a
phone call, a visit, through a partner organisation) and records what came of it with its
date. Nothing is granted or withdrawn here: "granted" records a decision taken elsewhere (the
council's, another institution's); "apply" opens an aid request in the casework register when
the OCMW grants the right itself, so the 30-day clock starts and the council decides.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.casework import services as casework
from openocmw.casework.models import Channel
from openocmw.inputs import validation as v

from ..labels import right_entry
from ..models import Contact, ContactChannel, EntryKind, Outcome, OutcomeKind, WorklistEntry
from .worklists import OCMW_GRANTS, WORKLIST_PURPOSE

OUTREACH_PURPOSE = "rights outreach"
LETTER_LANGUAGES = ("nl", "fr", "de")


def _entry(actor: Actor, entry: WorklistEntry, *, lock: bool = False) -> WorklistEntry:
    qs = WorklistEntry.objects.select_related("person", "run", "ocmw")
    if lock:
        qs = qs.select_for_update()
    return scope(qs, actor).get(pk=entry.pk)


def _check_day(errors: dict, field: str, on, entry: WorklistEntry) -> None:
    if not isinstance(on, date):
        errors[field] = translation.gettext("Enter a valid date.")
    elif on < entry.run.on or on > timezone.localdate():
        errors[field] = translation.gettext("The date must lie between the screening and today.")


def letter_language(person) -> str:
    return person.language if person.language in LETTER_LANGUAGES else "nl"


def outreach_letter(entry: WorklistEntry, sent_on: date) -> tuple[bytes, str]:
    """A letter to the person, in their language (nl, fr, de), about a right they may have."""
    from weasyprint import HTML

    language = letter_language(entry.person)
    right = right_entry(entry.right, entry.ocmw_id)
    name = (right.names.get(language) or right.names["nl"]) if right else entry.right
    how = ""
    if right is not None:  # a local right without German: its Dutch text
        how = right.how_to_apply.get(language) or right.how_to_apply["nl"]
    context = {
        "entry": entry,
        "person": entry.person,
        "ocmw": entry.ocmw,
        "right_name": name,
        "how_to_apply": how,
        "ocmw_grants": entry.right in OCMW_GRANTS,
        "review": entry.kind == EntryKind.REVIEW,
        "sent_on": sent_on,
        "language": language,
    }
    with translation.override(language):
        html = render_to_string("rights/letters/outreach.html", context)
    return HTML(string=html).write_pdf(), language


def record_contact(
    actor: Actor,
    entry: WorklistEntry,
    channel: str,
    on: date | None,
    *,
    partner: str = "",
    note: str = "",
) -> Contact:
    """Record a contact (a letter is produced as PDF and kept with it); audited."""
    require(actor, "case.prepare")
    entry = _entry(actor, entry)
    errors: dict = {}
    if channel not in ContactChannel.values:
        errors["channel"] = translation.gettext("Select a valid choice.")
    _check_day(errors, "on", on, entry)
    partner = v.gather(errors, v.clean_name, partner or "", field="partner",
                       label=translation.gettext("partner organisation")) or ""  # fmt: skip
    note = v.gather(errors, v.clean_text, note or "", field="note",
                    label=translation.gettext("note")) or ""  # fmt: skip
    if channel == ContactChannel.PARTNER and not partner.strip() and "partner" not in errors:
        errors["partner"] = translation.gettext("Name the partner organisation.")
    if errors:
        raise ValidationError(errors)
    pdf, language = (None, "")
    if channel == ContactChannel.LETTER:
        pdf, language = outreach_letter(entry, on)
    with transaction.atomic():
        contact = Contact.objects.create(
            entry=entry, ocmw_id=entry.ocmw_id, channel=channel, on=on,
            partner=partner.strip(), note=note.strip(), letter_language=language,
            letter_pdf=pdf, letter_sha256=hashlib.sha256(pdf).hexdigest() if pdf else "",
            recorded_by=actor.user,
        )  # fmt: skip
        audit.record(
            actor, "create", object_type="rights_contact", object_id=contact.pk,
            subject_person_id=entry.person_id, purpose=OUTREACH_PURPOSE,
            detail={"entry": entry.pk, "right": entry.right, "channel": channel, "on": str(on)},
        )  # fmt: skip
    return contact


def contact_letter(actor: Actor, pk) -> Contact:
    """A contact's letter, for download (audited as a view of the person's data)."""
    require(actor, "person.view")
    return audit.fetch(
        actor, Contact.objects.select_related("entry"), pk, object_type="rights_contact",
        purpose=OUTREACH_PURPOSE, subject=lambda c: c.entry.person_id,
    )  # fmt: skip


def record_outcome(
    actor: Actor, entry: WorklistEntry, outcome: str, on: date | None, note: str = ""
) -> Outcome:
    """A worker records what came of an entry. Nothing is granted here: "granted" records a
    decision taken elsewhere (the council's, or another institution's). "applied" is recorded
    by `open_request`."""
    require(actor, "case.prepare")
    entry = _entry(actor, entry)
    errors: dict = {}
    if outcome not in OutcomeKind.values or outcome == OutcomeKind.APPLIED:
        errors["outcome"] = translation.gettext("Select a valid choice.")
    _check_day(errors, "on", on, entry)
    note = v.gather(errors, v.clean_text, note or "", field="note",
                    label=translation.gettext("note")) or ""  # fmt: skip
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = Outcome.objects.create(
            entry=entry, ocmw_id=entry.ocmw_id, outcome=outcome, on=on, note=note.strip(),
            recorded_by=actor.user,
        )  # fmt: skip
        audit.record(
            actor, "create", object_type="rights_outcome", object_id=row.pk,
            subject_person_id=entry.person_id, purpose=WORKLIST_PURPOSE,
            detail={"entry": entry.pk, "right": entry.right, "outcome": outcome, "on": str(on)},
        )  # fmt: skip
    return row


def request_description(entry: WorklistEntry) -> str:
    """The facts an aid request opened from an entry starts with (in the worker's language)."""
    language = (translation.get_language() or "nl")[:2]
    reason = entry.reason_in(language)
    lines = [
        translation.gettext("Opened from the screening of %(date)s (proactive rights).")
        % {"date": entry.run.on.strftime("%d/%m/%Y")},
        reason,
    ]
    if entry.missing:
        lines.append(translation.gettext("Facts to check: %(facts)s") % {
            "facts": ", ".join(str(m) for m in entry.missing)})  # fmt: skip
    return "\n".join(lines)[: v.TEXT_MAX]


def open_request(actor: Actor, entry: WorklistEntry, received_on: date | None):
    """The OCMW grants the right itself: open an aid request in the casework register
    (through casework's own service: the 30-day clock starts on `received_on`), pre-filled
    with the facts of the entry, and record the outcome "applied" linked to it."""
    require(actor, "case.prepare")
    entry = _entry(actor, entry)
    errors: dict = {}
    if entry.right not in OCMW_GRANTS:
        errors["right"] = translation.gettext(
            "This right is not granted by the OCMW: help the person apply where it is granted "
            "and record “applied for elsewhere”."
        )
    _check_day(errors, "received_on", received_on, entry)
    if errors:
        raise ValidationError(errors)
    kind, other = OCMW_GRANTS[entry.right]
    with transaction.atomic():
        req = casework.register_request(
            actor, entry.person, received_on=received_on, kind=kind,
            channel=Channel.OWN_INITIATIVE, other_aid=other,
            description=request_description(entry),
        )  # fmt: skip
        row = Outcome.objects.create(
            entry=entry, ocmw_id=entry.ocmw_id, outcome=OutcomeKind.APPLIED, on=received_on,
            aid_request=req, recorded_by=actor.user,
        )  # fmt: skip
        audit.record(
            actor, "create", object_type="rights_outcome", object_id=row.pk,
            subject_person_id=entry.person_id, purpose=WORKLIST_PURPOSE,
            detail={"entry": entry.pk, "right": entry.right, "outcome": "applied",
                    "aid_request": req.pk},
        )  # fmt: skip
    return req
