"""The social balance: the life domains at the start, during and at the end of a GPMI."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require

from ..models import (
    Domain,
    Gpmi,
    Moment,
    SocialBalance,
)
from . import common
from .common import (
    Errors,
    _lock_gpmi,
)

# --- social balance ---------------------------------------------------------------------------


def _clean_domains(domains, errors: Errors) -> dict:
    if not isinstance(domains, dict):
        errors.add("domains", _("Give the life domains."))
        return {}
    unknown = [k for k in domains if k not in Domain.values]
    if unknown:
        errors.add("domains", _("Unknown life domain: %(domain)s.") % {"domain": unknown[0]})
        return {}
    out = {}
    for code in Domain.values:
        item = domains.get(code) or {}
        if not isinstance(item, dict):
            errors.add(f"{code}_person", _("Give the views as text."))
            continue
        person_view = str(item.get("person") or "").strip()
        worker_view = str(item.get("worker") or "").strip()
        score = item.get("score")
        if score in (None, ""):
            score = None
        else:
            try:
                score = int(score)
            except (TypeError, ValueError):
                score = 0
            if not 1 <= score <= 5:
                errors.add(f"{code}_score", _("The score goes from 1 to 5."))
        if person_view or worker_view or score is not None:
            out[code] = {"person": person_view, "worker": worker_view, "score": score}
    if not out and "domains" not in errors:
        errors.add("domains", _("Fill in at least one life domain."), "required")
    return out


@transaction.atomic
def record_social_balance(
    actor: Actor, gpmi: Gpmi, *, moment: str, recorded_on: date | None, domains: dict
) -> SocialBalance:
    """Record the social balance at one moment (start, midway, end): per life domain the
    person's own view and the worker's. Recording a moment again adds a newer balance."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    errors = Errors()
    if moment not in Moment.values:
        errors.add("moment", _("Choose the moment."), "required")
    if recorded_on is None:
        errors.add("recorded_on", _("This field is required."), "required")
    elif recorded_on > common._today():
        errors.add("recorded_on", _("The date lies in the future."))
    cleaned = _clean_domains(domains, errors)
    errors.raise_if_any()
    row = SocialBalance.objects.create(
        gpmi=gpmi, moment=moment, recorded_on=recorded_on, domains=cleaned, recorded_by=actor.user
    )
    audit.record(
        actor,
        "create",
        object_type="social_balance",
        object_id=row.pk,
        subject_person_id=gpmi.person_id,
        detail={"gpmi": gpmi.pk, "moment": moment},
    )
    return row


def latest_balances(gpmi: Gpmi) -> dict[str, SocialBalance]:
    out: dict[str, SocialBalance] = {}
    for b in gpmi.balances.order_by("recorded_at", "pk"):
        out[b.moment] = b
    return out


def balance_comparison(gpmi: Gpmi) -> tuple[dict[str, SocialBalance], list[dict]]:
    """The last balance of each moment, and one row per life domain with the three moments
    side by side."""
    balances = latest_balances(gpmi)
    rows = []
    for code, label in Domain.choices:
        cells = []
        for moment in Moment.values:
            b = balances.get(moment)
            cells.append((b.domains.get(code) if b else None) or {})
        rows.append({"code": code, "label": label, "cells": cells})
    return balances, rows
