"""The journal, the documents and the appointments of a person's file. Every read and change
is audited with the person as subject; every query is scoped to the actor's OCMW."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.models import User
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.casework.models import AidRequest, Decision, Evidence, Letter
from openocmw.gpmi.models import ContractVersion, Gpmi
from openocmw.inputs.uploads import ascii_filename, verify_upload
from openocmw.inputs.validation import EVENT, check_date, clean_name, clean_text
from openocmw.registry.models import Person

from .models import Appointment, AppointmentChange, Document, DocumentLink, Note, NoteKind

SEARCH_MAX = 200


def _check_person(actor: Actor, person: Person) -> None:
    if person.ocmw_id != actor.ocmw_id:
        raise PermissionError("another OCMW's person")


# --- the journal ---------------------------------------------------------------------------


def notes_for(actor: Actor, person: Person, query: str = "") -> QuerySet[Note]:
    """The notes of ``person`` the actor may read (a confidential one: its author and the team
    leads), newest first; ``query`` searches their text (every word must occur)."""
    require(actor, "journal.view")
    _check_person(actor, person)
    qs = scope(Note.objects.filter(person=person), actor).select_related("author")
    if not actor.can("journal.confidential"):
        qs = qs.filter(Q(confidential=False) | Q(author=actor.user))
    query = (query or "").strip()[:SEARCH_MAX]
    for word in query.split():
        qs = qs.filter(text__icontains=word)
    audit.record(
        actor, "search" if query else "view", object_type="journal_note",
        subject_person_id=person.pk, purpose="case journal",
        detail={"searched": bool(query)},
    )  # fmt: skip
    return qs


@transaction.atomic
def add_note(
    actor: Actor, person: Person, *, happened_on: date | None, kind: str, text: str,
    confidential: bool = False,
) -> Note:  # fmt: skip
    require(actor, "journal.write")
    _check_person(actor, person)
    errors: dict[str, list] = {}
    if happened_on is None:
        errors["happened_on"] = [_("Date: fill in the date of the contact.")]
    else:
        try:
            check_date(happened_on, kind=EVENT, field="happened_on", label=_("date"))
            if happened_on > timezone.localdate():
                errors["happened_on"] = [_("Date: a note is about something that happened.")]
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if kind not in NoteKind.values:
        errors["kind"] = [_("Kind of contact: choose one of the list.")]
    try:
        text = clean_text(text, field="text", label=_("note"))
        if not text:
            errors["text"] = [_("Note: write what happened.")]
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    note = Note.objects.create(
        ocmw_id=actor.ocmw_id, person=person, happened_on=happened_on, kind=kind, text=text,
        confidential=bool(confidential), author=actor.user,
    )  # fmt: skip
    audit.record(
        actor, "create", object_type="journal_note", object_id=note.pk,
        subject_person_id=person.pk, purpose="case journal",
        detail={"kind": kind, "confidential": note.confidential},
    )  # fmt: skip
    return note


# --- documents -----------------------------------------------------------------------------


@dataclass
class FileRow:
    """One document of the file in the documents tab: uploaded here or as evidence."""

    title: str
    filename: str
    uploaded_at: datetime
    uploaded_by: str
    size: int | None
    url_name: str
    url_args: tuple
    links: list[str]
    generated: bool = False  # made by the system (a letter, a contract), not uploaded

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


def _who(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def documents_for(actor: Actor, person: Person) -> list[FileRow]:
    """Every document of the person: those of the documents tab (with the requests and GPMI
    they are linked to) and the evidence of every investigation of their requests."""
    require(actor, "journal.view")
    _check_person(actor, person)
    rows: list[FileRow] = []
    docs = scope(Document.objects.filter(person=person), actor).select_related("uploaded_by")
    for d in docs.prefetch_related("links__request", "links__gpmi"):
        links = [
            (_("request %(number)s") % {"number": link.request.number})
            if link.request_id
            else (_("GPMI from %(date)s") % {"date": link.gpmi.start.strftime("%d/%m/%Y")})
            for link in d.links.all()
        ]
        rows.append(FileRow(d.title, d.filename, d.uploaded_at, _who(d.uploaded_by), d.size,
                            "document_download", (d.pk,), links))  # fmt: skip
    evidence = Evidence.objects.filter(
        item__request__person=person, item__request__ocmw_id=actor.ocmw_id
    ).select_related("item__request", "uploaded_by")
    for e in evidence:
        req = e.item.request
        rows.append(FileRow(e.filename, e.filename, e.uploaded_at, _who(e.uploaded_by), e.size,
                            "evidence_download", (req.pk, e.pk),
                            [_("request %(number)s") % {"number": req.number}]))  # fmt: skip
    rows += _generated(actor, person)
    rows.sort(key=lambda r: r.uploaded_at, reverse=True)
    audit.record(
        actor, "view", object_type="document", subject_person_id=person.pk,
        purpose="person documents", detail={"documents": len(rows)},
    )  # fmt: skip
    return rows


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _generated(actor: Actor, person: Person) -> list[FileRow]:
    """The PDFs the system made and keeps for the person's requests and GPMI: the letters of
    the investigation, the decision letters as sent, the signed versions of the GPMI
    contracts, and the acknowledgement of receipt of each request (made again on demand)."""
    rows: list[FileRow] = []
    requests = scope(AidRequest.objects.filter(person=person), actor).order_by("pk")
    for req in requests:
        number = _("request %(number)s") % {"number": req.number}
        rows.append(FileRow(str(_("acknowledgement of receipt")), f"{req.number}.pdf",
                            req.created_at, "", None, "case_ack", (req.pk,), [number], True))  # fmt: skip
    letters = (
        Letter.objects.filter(request__in=requests)
        .select_related("request", "created_by")
        .defer("pdf")
        .annotate(pdf_size=Length("pdf"))
    )
    for letter in letters:
        number = _("request %(number)s") % {"number": letter.request.number}
        rows.append(FileRow(str(letter.get_kind_display()), f"{letter.kind}-{letter.pk}.pdf",
                            letter.created_at, _who(letter.created_by), letter.pdf_size,
                            "letter_pdf", (letter.request_id, letter.pk), [number], True))  # fmt: skip
    decisions = (
        scope(Decision.objects.filter(person=person, letter_pdf__isnull=False), actor)
        .select_related("request")
        .defer("letter_pdf")
        .annotate(pdf_size=Length("letter_pdf"))
    )
    for d in decisions:
        title = _("decision letter, version %(version)s") % {"version": d.version}
        number = _("request %(number)s") % {"number": d.request.number}
        rows.append(FileRow(title, f"decision-{d.pk}.pdf", _at(d.notified_on or d.decided_on), "",
                            d.pdf_size, "decision_letter", (d.pk,), [number], True))  # fmt: skip
    versions = (
        ContractVersion.objects.filter(
            gpmi__person=person, gpmi__ocmw_id=actor.ocmw_id, validated_at__isnull=False,
            pdf__isnull=False,
        )
        .select_related("gpmi", "validated_by")
        .defer("pdf")
        .annotate(pdf_size=Length("pdf"))
    )  # fmt: skip
    for v in versions:
        title = _("GPMI contract, version %(number)s") % {"number": v.number}
        gpmi = _("GPMI from %(date)s") % {"date": v.gpmi.start.strftime("%d/%m/%Y")}
        rows.append(FileRow(title, f"gpmi-{v.gpmi_id}-v{v.number}.pdf", v.validated_at,
                            _who(v.validated_by), v.pdf_size, "gpmi_version_pdf",
                            (v.gpmi_id, v.number), [gpmi], True))  # fmt: skip
    return rows


def link_targets(actor: Actor, person: Person) -> tuple[list[AidRequest], list[Gpmi]]:
    requests = list(scope(AidRequest.objects.filter(person=person), actor).order_by("-received_on"))
    gpmis = list(scope(Gpmi.objects.filter(person=person), actor).order_by("-start"))
    return requests, gpmis


@transaction.atomic
def upload_document(
    actor: Actor, person: Person, upload, *, title: str = "", request_id: int | None = None,
    gpmi_id: int | None = None,
) -> tuple[Document, bool]:  # fmt: skip
    """Store ``upload`` for the person once: the same file again (same SHA-256) is the same
    document, then only linked. Returns (document, created)."""
    require(actor, "journal.write")
    _check_person(actor, person)
    verified = verify_upload(upload, field="file", label=_("document"))
    title = clean_name(title, field="title", label=_("title")) or verified.filename
    document = Document.objects.filter(person=person, sha256=verified.sha256).first()
    created = document is None
    if created:
        document = Document(
            ocmw_id=actor.ocmw_id, person=person, title=title, filename=verified.filename,
            content_type=verified.content_type, size=verified.size, sha256=verified.sha256,
            uploaded_by=actor.user,
        )  # fmt: skip
        stored = f"{verified.sha256[:16]}-{ascii_filename(verified.filename)}"
        document.file.save(stored, ContentFile(verified.data), save=False)
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:  # the same file, uploaded at the same moment by a colleague
            document = Document.objects.get(person=person, sha256=verified.sha256)
            created = False
    if created:
        audit.record(
            actor, "create", object_type="document", object_id=document.pk,
            subject_person_id=person.pk, purpose="person documents",
            detail={"sha256": verified.sha256, "size": verified.size},
        )  # fmt: skip
    if request_id or gpmi_id:
        link_document(actor, document, request_id=request_id, gpmi_id=gpmi_id)
    return document, created


@transaction.atomic
def link_document(
    actor: Actor, document: Document, *, request_id: int | None = None, gpmi_id: int | None = None
) -> DocumentLink:
    """Link the document to one request or GPMI of the same person (once each)."""
    require(actor, "journal.write")
    if document.ocmw_id != actor.ocmw_id:
        raise PermissionError("another OCMW's document")
    if bool(request_id) == bool(gpmi_id):
        raise ValidationError({"target": _("Link to: choose one request or one GPMI.")})
    if request_id:
        target = scope(AidRequest.objects.filter(pk=request_id), actor).first()
        field = "request"
    else:
        target = scope(Gpmi.objects.filter(pk=gpmi_id), actor).first()
        field = "gpmi"
    if target is None or target.person_id != document.person_id:
        raise ValidationError({"target": _("Link to: choose a request or GPMI of this person.")})
    link, created = DocumentLink.objects.get_or_create(
        document=document, **{field: target}, defaults={"linked_by": actor.user}
    )
    if created:
        audit.record(
            actor, "create", object_type="document_link", object_id=link.pk,
            subject_person_id=document.person_id, purpose="person documents",
            detail={"document": document.pk, field: target.pk},
        )  # fmt: skip
    return link


def get_document(actor: Actor, document_id) -> Document:
    require(actor, "journal.view")
    return audit.fetch(
        actor, Document.objects.all(), document_id, object_type="document",
        purpose="person documents", subject=lambda d: d.person_id,
    )  # fmt: skip


# --- appointments --------------------------------------------------------------------------


def _check_appointment(starts_at, subject: str, place: str) -> tuple[str, str]:
    """The appointment's fields checked; every error names its field. Returns (subject, place)."""
    errors: dict[str, list] = {}
    if starts_at is None:
        errors["starts_at"] = [_("Date and time: fill in when the appointment is.")]
    else:
        try:
            check_date(timezone.localtime(starts_at).date() if timezone.is_aware(starts_at)
                       else starts_at.date(), kind=EVENT, field="starts_at",
                       label=_("date and time"))  # fmt: skip
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        subject = clean_name(subject, field="subject", label=_("subject"))
        if not subject:
            errors["subject"] = [_("Subject: say what the appointment is about.")]
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        place = clean_name(place, field="place", label=_("place"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return subject, place


@transaction.atomic
def add_appointment(
    actor: Actor, person: Person, *, starts_at: datetime | None, subject: str, place: str = "",
    worker: User | None = None,
) -> Appointment:  # fmt: skip
    require(actor, "journal.write")
    _check_person(actor, person)
    subject, place = _check_appointment(starts_at, subject, place)
    appointment = Appointment.objects.create(
        ocmw_id=actor.ocmw_id, person=person, worker=worker or actor.user, starts_at=starts_at,
        subject=subject, place=place, created_by=actor.user,
    )  # fmt: skip
    audit.record(
        actor, "create", object_type="appointment", object_id=appointment.pk,
        subject_person_id=person.pk, purpose="case journal",
    )  # fmt: skip
    return appointment


def _planned(actor: Actor, person: Person, appointment_id) -> Appointment:
    try:
        key = int(appointment_id)
    except (TypeError, ValueError):
        key = None
    appointment = (
        scope(Appointment.objects.select_for_update(), actor)
        .filter(pk=key, person=person, cancelled_at__isnull=True)
        .first()
        if key is not None
        else None
    )
    if appointment is None:
        raise ValidationError(
            {"appointment": _("This appointment is not planned for this person.")}
        )
    return appointment


def get_appointment(actor: Actor, person: Person, appointment_id) -> Appointment:
    """A planned appointment of the person, for its edit page (audited as a read)."""
    require(actor, "journal.view")
    _check_person(actor, person)
    appointment = (
        scope(Appointment.objects.filter(person=person, cancelled_at__isnull=True), actor)
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise Appointment.DoesNotExist
    audit.record(
        actor, "view", object_type="appointment", object_id=appointment.pk,
        subject_person_id=person.pk, purpose="case journal",
    )  # fmt: skip
    return appointment


@transaction.atomic
def update_appointment(
    actor: Actor, person: Person, appointment_id, *, starts_at: datetime | None, subject: str,
    place: str = "", expected_version: int | None = None,
) -> Appointment:  # fmt: skip
    """Move or change a planned appointment. What it was is kept (``AppointmentChange``) and
    the audit entry names the fields changed with their old and new values. A change made by a
    colleague since the form was opened (``expected_version``) is refused, nothing lost."""
    require(actor, "journal.write")
    _check_person(actor, person)
    appointment = _planned(actor, person, appointment_id)
    subject, place = _check_appointment(starts_at, subject, place)
    if expected_version is not None and expected_version != appointment.version:
        raise ValidationError(
            _("A colleague changed this appointment in the meantime: check it and save again."),
            code="conflict",
        )
    new = {"starts_at": starts_at, "subject": subject, "place": place}
    changed = {
        k: [_plain(getattr(appointment, k)), _plain(v)]
        for k, v in new.items()
        if getattr(appointment, k) != v
    }
    if not changed:
        return appointment
    AppointmentChange.objects.create(
        appointment=appointment, version=appointment.version, starts_at=appointment.starts_at,
        subject=appointment.subject, place=appointment.place, changed_by=actor.user,
    )  # fmt: skip
    for k, v in new.items():
        setattr(appointment, k, v)
    appointment.version += 1
    appointment.save(update_fields=[*new, "version"])
    audit.record(
        actor, "update", object_type="appointment", object_id=appointment.pk,
        subject_person_id=person.pk, purpose="case journal",
        detail={"event": "change", "version": appointment.version, "changed": changed},
    )  # fmt: skip
    return appointment


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


@transaction.atomic
def cancel_appointment(actor: Actor, person: Person, appointment_id) -> Appointment:
    """Cancel a planned appointment of the person (kept, marked cancelled; audited)."""
    require(actor, "journal.write")
    _check_person(actor, person)
    appointment = _planned(actor, person, appointment_id)
    appointment.cancelled_at = timezone.now()
    appointment.cancelled_by = actor.user
    appointment.save(update_fields=["cancelled_at", "cancelled_by"])
    audit.record(
        actor, "update", object_type="appointment", object_id=appointment.pk,
        subject_person_id=person.pk, purpose="case journal", detail={"event": "cancel"},
    )  # fmt: skip
    return appointment


def appointments_of(actor: Actor, person: Person) -> QuerySet[Appointment]:
    require(actor, "journal.view")
    _check_person(actor, person)
    return scope(Appointment.objects.filter(person=person, cancelled_at__isnull=True), actor)
