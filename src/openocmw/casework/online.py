"""Online first requests (issue 12 §3): intake from the public form, the acknowledgement, and
the worker's matching to a person.

- :func:`submit` (no login): checks everything the citizen typed and sent, then stores an
  :class:`OnlineRequest` with its documents in one transaction, or raises a
  ``ValidationError`` naming every refused field and stores nothing. The date of receipt is
  today and the 30-day clock (law of 26 May 2002, art. 21 §1) starts now.
- :func:`send_acknowledgement`: the acknowledgement of receipt (art. 18 §1) as a PDF in the
  citizen's language, the same letter as at the counter, by e-mail when an address was given.
- :func:`pending`, :func:`get_online`, :func:`candidates` (reads, audited);
  :func:`match` and :func:`register_person` (changes, audited): the worker links the intake to
  an existing person or registers a new one; an :class:`AidRequest` with channel "online" and
  the intake's date of receipt is registered, so the register's figures and clocks count from
  the day the citizen sent it.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.i18n import interface_language
from openocmw.inputs import validation as v
from openocmw.inputs.uploads import ascii_filename, verify_upload
from openocmw.registry import services as registry
from openocmw.registry.insz import clean_insz
from openocmw.registry.matching import Match, likely_duplicates
from openocmw.registry.models import Person

from . import letters
from .models import (
    AidKind,
    AidRequest,
    Channel,
    OnlineDocument,
    OnlineRequest,
    OnlineState,
    OtherAid,
)
from .services import register_request

log = logging.getLogger(__name__)

MAX_DOCUMENTS = 3
DESCRIPTION_MAX = 2_000
NAME_FIELDS = ("first_name", "last_name", "street", "house_number", "box", "municipality", "phone")
ADDRESS_FIELDS = ("street", "house_number", "postal_code", "municipality")


def _next_reference(ocmw_id: int, year: int) -> str:
    prefix = f"W{year}-"
    last = (
        OnlineRequest.objects.filter(ocmw_id=ocmw_id, reference__startswith=prefix)
        .aggregate(m=Max("reference"))
        .get("m")
    )
    n = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{n:06d}"


def check(data: dict, uploads: list) -> tuple[dict, list]:
    """The cleaned values and verified documents, or a ValidationError naming every field."""
    errors: dict[str, list] = {}
    clean = v.check_model_names(errors, OnlineRequest, data, NAME_FIELDS)
    for name in ("first_name", "last_name"):
        if not (clean.get(name) or "").strip() and name not in errors:
            errors[name] = [_("This field is required.")]
    birth_date = data.get("birth_date")
    if birth_date is None:
        errors.setdefault("birth_date", [_("This field is required.")])
    else:
        v.gather(errors, v.check_date, birth_date, kind=v.BIRTH, field="birth_date",
                 label=v.label_of(OnlineRequest, "birth_date"))  # fmt: skip
    try:
        clean["insz"] = clean_insz(data.get("insz") or "", birth_date)
    except ValidationError as exc:
        errors.setdefault("insz", []).extend(exc.messages)
    postal = (data.get("postal_code") or "").strip()
    if postal and not (postal.isdigit() and len(postal) == 4):
        errors.setdefault("postal_code", []).append(_("A Belgian postal code has 4 digits."))
    clean["postal_code"] = postal
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(_("Enter a valid email address."))
    clean["email"] = email
    has_address = all((clean.get(f) or "").strip() for f in ADDRESS_FIELDS)
    if not (email or (clean.get("phone") or "").strip() or has_address):
        errors.setdefault("phone", []).append(
            _(
                "How can we reach you: give a phone number, an e-mail address or your full postal address (street, number, postal code, municipality)."
            )  # noqa: E501
        )
    kind = data.get("kind") or ""
    if kind not in AidKind.values:
        errors["kind"] = [_("Choose the kind of aid.")]
    other_aid = data.get("other_aid") or ""
    if kind == AidKind.OTHER and other_aid not in OtherAid.values:
        errors["other_aid"] = [_("Say which other aid is asked.")]
    clean["other_aid"] = other_aid if kind == AidKind.OTHER else ""
    clean["description"] = v.gather(
        errors, v.clean_text, data.get("description") or "", field="description",
        label=v.label_of(OnlineRequest, "description"), max_length=DESCRIPTION_MAX,
    )  # fmt: skip
    if kind == AidKind.OTHER and other_aid == OtherAid.OTHER and not clean["description"]:
        errors.setdefault("description", []).append(_("Describe the aid asked."))
    if not data.get("consent"):
        errors["consent"] = [_("Confirm that the OCMW may use these data to handle your request.")]
    uploads = [u for u in uploads if u is not None]
    verified = []
    if len(uploads) > MAX_DOCUMENTS:
        errors["documents"] = [
            _("Documents: at most %(n)s files; bring the others along.") % {"n": MAX_DOCUMENTS}
        ]
    else:
        for upload in uploads:
            try:
                verified.append(verify_upload(upload, field="documents", label=_("Documents")))
            except ValidationError as exc:
                errors.setdefault("documents", []).extend(exc.message_dict["documents"])
    if errors:
        raise ValidationError(errors)
    clean["kind"] = kind
    clean["birth_date"] = birth_date
    return clean, verified


@transaction.atomic
def submit(
    ocmw: Ocmw, data: dict, uploads: list = (), *, language: str, selfcheck: dict | None = None
) -> OnlineRequest:
    """Store a first request sent through the public form (see the module's docstring)."""
    clean, verified = check(data, list(uploads))
    Ocmw.objects.select_for_update().only("pk").get(pk=ocmw.pk)  # one reference at a time
    today = timezone.localdate()
    fields = ("first_name", "last_name", "insz", "street", "house_number", "box", "postal_code",
              "municipality", "phone", "email", "other_aid", "description")  # fmt: skip
    online = OnlineRequest.objects.create(
        ocmw=ocmw,
        reference=_next_reference(ocmw.pk, today.year),
        received_on=today,
        decision_due=AidRequest.due_for(today),
        language=interface_language(language),
        birth_date=clean["birth_date"],
        kind=clean["kind"],
        consent_at=timezone.now(),
        selfcheck=selfcheck or {},
        **{f: (clean.get(f) or "").strip() for f in fields},
    )
    for doc in verified:
        stored = OnlineDocument(
            online_request=online, filename=doc.filename, content_type=doc.content_type,
            size=doc.size, sha256=doc.sha256,
        )  # fmt: skip
        stored.file.save(f"{doc.sha256[:16]}-{ascii_filename(doc.filename)}",
                         ContentFile(doc.data), save=False)  # fmt: skip
        stored.save()
    audit.record(
        None, "create", object_type="onlinerequest", object_id=online.pk, ocmw=ocmw,
        username="online form", detail={"documents": len(verified), "kind": online.kind},
    )  # fmt: skip
    return online


# --- the acknowledgement -------------------------------------------------------------------


def acknowledgement(online: OnlineRequest) -> tuple[bytes, str]:
    """The acknowledgement of receipt (the counter's letter) for an online request."""
    language = interface_language(online.language)
    context = {
        "req": online, "person": online, "ocmw": online.ocmw,
        "head": letters.letterhead(online.ocmw, language), "contact": "",
    }  # fmt: skip
    return letters._pdf("casework/letters/acknowledgement.html", context, language), language


ACKNOWLEDGEMENT_JOB = "casework.acknowledgement"


def queue_acknowledgement(online: OnlineRequest) -> bool:
    """Queue the e-mail of the acknowledgement (a job, ``casework.jobs``): the citizen's page
    never waits for the mail server, nor fails with it. True when an e-mail will be sent."""
    if not online.email:
        return False
    from openocmw.jobs import services as jobs

    jobs.enqueue(ACKNOWLEDGEMENT_JOB, ocmw=online.ocmw, key=f"ack:{online.pk}", online_id=online.pk)
    return True


def send_acknowledgement(online: OnlineRequest, *, fail_silently: bool = True) -> bool:
    """E-mail the acknowledgement to the citizen when they gave an address; True when sent.
    A mail server that refuses is logged, not shown to the citizen (the reference number on
    screen is their proof; the worker sees "not sent" in the queue); with ``fail_silently``
    False (the job) the error is raised, so the job is recorded as failed and sent again."""
    if not online.email:
        return False
    pdf, language = acknowledgement(online)
    with translation.override(language):
        subject = _("Your request for aid %(ref)s") % {"ref": online.reference}
        body = _(
            "We received your request for aid on %(date)s. Your reference is %(ref)s. The "
            "acknowledgement of receipt is attached: keep it, it proves the date of your "
            "request. A social worker will contact you."
        ) % {"date": online.received_on.strftime("%d/%m/%Y"), "ref": online.reference}
    message = EmailMessage(subject, body, to=[online.email], reply_to=[online.ocmw.email] if online.ocmw.email else None)  # fmt: skip
    message.attach(letters.file_name("acknowledgement", language, online.reference), pdf, "application/pdf")  # fmt: skip
    try:
        message.send()
    except Exception:  # noqa: BLE001 - any failure of the mail server: logged, sent again
        log.exception("acknowledgement of %s not sent", online.reference)
        if not fail_silently:
            raise
        return False
    OnlineRequest.objects.filter(pk=online.pk).update(acknowledged_at=timezone.now())
    return True


# --- the worker's side ---------------------------------------------------------------------


def pending(actor: Actor) -> QuerySet[OnlineRequest]:
    """The online requests not yet matched, the oldest deadline first."""
    require(actor, "case.prepare")
    return scope(OnlineRequest.objects.filter(state=OnlineState.NEW), actor).order_by(
        "decision_due", "pk"
    )


def pending_count(actor: Actor) -> int:
    return pending(actor).count() if actor.can("case.prepare") else 0


def get_online(actor: Actor, online_id: int) -> OnlineRequest:
    require(actor, "case.prepare")
    return audit.fetch(
        actor, OnlineRequest.objects.select_related("person", "aid_request"), online_id,
        object_type="onlinerequest", subject=lambda o: o.person_id,
    )  # fmt: skip


def candidates(actor: Actor, online: OnlineRequest) -> list[Match]:
    """The persons this request may be: the same INSZ first, then the duplicate check's likely
    matches by name and birth date. The check is audited with the persons it showed."""
    require(actor, "person.search")
    out: list[Match] = []
    if online.insz:
        same = scope(Person.objects.filter(insz=online.insz), actor).first()
        if same is not None:
            out.append(Match(same, "same_name", 0))
    for m in likely_duplicates(
        actor.ocmw_id, online.first_name, online.last_name, online.birth_date, online.insz or None
    ):
        if all(m.person.pk != o.person.pk for o in out):
            out.append(m)
    audit.record(
        actor, "view", object_type="onlinerequest", object_id=online.pk,
        purpose="duplicate check", detail={"shown": [m.person.pk for m in out]},
    )  # fmt: skip
    return out


@transaction.atomic
def match(actor: Actor, online: OnlineRequest, person: Person) -> AidRequest:
    """Link the online request to ``person`` and register it as an aid request (channel
    "online", the date of receipt of the form: the clock does not restart)."""
    require(actor, "case.prepare")
    online = scope(OnlineRequest.objects.select_for_update(), actor).get(pk=online.pk)
    if online.state != OnlineState.NEW:
        raise ValidationError({"person": _("This online request has already been matched.")})
    person = scope(Person.objects.all(), actor).get(pk=person.pk)
    req = register_request(
        actor, person, received_on=online.received_on, kind=online.kind,
        channel=Channel.ONLINE, other_aid=online.other_aid, description=online.description,
    )  # fmt: skip
    online.state, online.person, online.aid_request = OnlineState.MATCHED, person, req
    online.matched_by, online.matched_at = actor.user, timezone.now()
    online.save(update_fields=["state", "person", "aid_request", "matched_by", "matched_at"])
    audit.record(
        actor, "update", object_type="onlinerequest", object_id=online.pk,
        subject_person_id=person.pk, detail={"matched_to": person.pk, "request": req.number},
    )  # fmt: skip
    return req


@transaction.atomic
def register_person(
    actor: Actor, online: OnlineRequest, *, sex: str, nationality: str,
    not_duplicate_of: list[int] = (),
) -> AidRequest:  # fmt: skip
    """Register a new person from the online request (the worker adds what the form does not
    ask: sex and nationality) and match the request to them."""
    data = {
        f: getattr(online, f)
        for f in (
            "insz",
            "first_name",
            "last_name",
            "birth_date",
            "street",
            "house_number",
            "box",
            "postal_code",
            "municipality",
            "phone",
            "email",
        )  # fmt: skip
    }
    data |= {"sex": sex, "nationality": nationality, "language": online.language}
    person = registry.create_person(actor, data, not_duplicate_of=not_duplicate_of)
    return match(actor, online, person)
