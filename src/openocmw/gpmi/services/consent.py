"""Consent for the electronic social report, with its legal basis, and the GPMI part of that
report.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.registry.models import Person

from ..models import (
    Consent,
    ConsentStatus,
    Gpmi,
    LegalBasis,
)
from . import common
from .common import (
    Errors,
    _dmy,
    _error,
    _lock_person,
    validated_version,
)

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
    elif on > common._today():
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
