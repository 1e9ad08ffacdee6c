"""Letters of the investigation: a request for documents with a deadline, a reminder, an
invitation to a hearing. Each is checked, generated once as a PDF in the person's language,
stored with its SHA-256 and audited."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts.tenancy import Actor, require
from openocmw.inputs import validation as v

from .common import _audit, _lock_request
from .models import AidRequest, Letter, LetterKind, RequestState

MAX_DEADLINE_DAYS = 92  # a deadline beyond three months would outlast the 30 days to decide


def _today() -> date:
    return timezone.localdate()


@transaction.atomic
def send_investigation_letter(
    actor: Actor, req: AidRequest, *, kind: str, documents: str = "",
    deadline: date | None = None, hearing_on: date | None = None,
    hearing_time: time | None = None, place: str = "",
) -> Letter:  # fmt: skip
    from .letters import investigation_letter, letter_language

    require(actor, "case.prepare")
    req = _lock_request(actor, req.pk)
    if req.state not in (
        RequestState.REGISTERED,
        RequestState.INVESTIGATING,
        RequestState.PROPOSED,
    ):
        raise ValidationError(_("The investigation of this request is closed."), code="closed")
    errors: dict[str, list[str]] = {}
    today = _today()
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Choose the kind of letter.")})
    documents = v.gather(errors, v.clean_text, documents or "", field="documents",
                         label=_("documents asked")).strip()  # fmt: skip
    place = v.gather(errors, v.clean_name, place or "", field="place", label=_("place")).strip()
    reminds = None
    if kind == LetterKind.REMINDER:
        reminds = req.letters.filter(kind__in=[LetterKind.DOCUMENTS, LetterKind.REMINDER]).first()
        if reminds is None:
            errors["kind"] = [_("A reminder follows a request for documents: send that first.")]
        elif not documents:
            documents = reminds.documents
    if kind in (LetterKind.DOCUMENTS, LetterKind.REMINDER):
        if kind == LetterKind.DOCUMENTS and not documents:
            errors["documents"] = [_("List the documents asked, one per line.")]
        if deadline is None:
            errors["deadline"] = [_("Give the date by which the documents are to be given.")]
        elif deadline <= today:
            errors["deadline"] = [_("The deadline must lie after today.")]
        elif deadline > today + timedelta(days=MAX_DEADLINE_DAYS):
            errors["deadline"] = [_("The deadline lies more than three months ahead.")]
    hearing_at = None
    if kind == LetterKind.HEARING:
        if hearing_on is None:
            errors["hearing_on"] = [_("Give the date of the hearing.")]
        elif hearing_on <= today:
            errors["hearing_on"] = [_("The hearing must lie after today.")]
        elif hearing_on > today + timedelta(days=MAX_DEADLINE_DAYS):
            errors["hearing_on"] = [_("The hearing lies more than three months ahead.")]
        if hearing_time is None:
            errors["hearing_time"] = [_("Give the hour of the hearing.")]
        if not place:
            errors["place"] = [_("Give the place of the hearing.")]
        if hearing_on and hearing_time:
            hearing_at = timezone.make_aware(datetime.combine(hearing_on, hearing_time))
    if errors:
        raise ValidationError(errors)
    letter = Letter(
        request=req, kind=kind, documents=documents, reminds=reminds,
        deadline=deadline if kind != LetterKind.HEARING else None, hearing_at=hearing_at,
        place=place if kind == LetterKind.HEARING else "",
        language=letter_language(req.person), created_by=actor.user,
    )  # fmt: skip
    letter.pdf = investigation_letter(letter, today)
    letter.sha256 = hashlib.sha256(letter.pdf).hexdigest()
    letter.save()
    if req.state == RequestState.REGISTERED:
        req.state = RequestState.INVESTIGATING
        req.save(update_fields=["state"])
    _audit(actor, "create", letter, req.person_id, kind=kind, sha256=letter.sha256)
    return letter
