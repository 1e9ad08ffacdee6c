"""Checking a proposal and freezing its calculation (used when preparing and amending)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from openocmw.formats import euro
from openocmw.inputs import validation as v

from .calculation import calculate_for_proposal
from .models import AidKind, AidRequest, DecisionKind, Proposal, RefusalReason


@dataclass
class ProposalInput:
    kind: str
    effective_from: date | None
    effective_until: date | None = None
    monthly_amount: Decimal | None = None
    amount_justification: str = ""
    refusal_reason: str = ""
    motivation: str = ""
    situation: dict | None = None  # for a leefloon: the situation for the rules
    payment_iban: str = ""


def _validate_proposal(req: AidRequest, data: ProposalInput) -> dict:
    """Check a proposal; for a leefloon, calculate it and freeze inputs and result."""
    errors: dict[str, list[str]] = {}
    frozen: dict = {"situation": None, "calculation": None, "rules_version": "", "category": None,
                    "calculated_amount": None}  # fmt: skip
    if data.kind not in DecisionKind.values:
        errors["kind"] = [_("Choose the proposed decision.")]
    if data.effective_from is None:
        errors["effective_from"] = [_("This field is required.")]
    elif data.effective_from < req.received_on - timedelta(days=366):
        errors["effective_from"] = [
            _("The decision cannot take effect so long before the request.")
        ]
    for name in ("effective_from", "effective_until"):
        v.gather(errors, v.check_date, getattr(data, name), kind=v.EVENT, field=name,
                 label=v.label_of(Proposal, name))  # fmt: skip
    for name in ("amount_justification", "motivation"):  # stored as checked: NFC
        setattr(data, name, v.gather(errors, v.clean_text, getattr(data, name), field=name,
                                     label=v.label_of(Proposal, name)))  # fmt: skip
    if data.effective_until and data.effective_from and data.effective_until < data.effective_from:
        errors["effective_until"] = [_("The end date lies before the start date.")]
    if data.kind == DecisionKind.REFUSE:
        if data.refusal_reason not in RefusalReason.values:
            errors["refusal_reason"] = [_("A refusal needs a reason.")]
        elif data.refusal_reason == RefusalReason.OTHER and not data.motivation.strip():
            errors["motivation"] = [_("Explain the reason for the refusal.")]
        elif data.refusal_reason == RefusalReason.NO_COOPERATION and not data.motivation.strip():
            errors["motivation"] = [
                _(
                    "Say which information or documents were asked, when, and that they did not come."
                )
            ]
    if data.payment_iban:
        from stdnum import iban

        compact = iban.compact(data.payment_iban)
        if not iban.is_valid(compact):
            errors["payment_iban"] = [_("The account number is not a valid IBAN.")]
        else:
            data.payment_iban = iban.format(compact)
    if data.monthly_amount is not None and data.monthly_amount < 0:
        errors["monthly_amount"] = [_("The amount cannot be negative.")]
    needs_calculation = req.kind in (AidKind.LEEFLOON, AidKind.EQUIVALENT) and data.kind in (
        DecisionKind.GRANT, DecisionKind.MODIFY,
    )  # fmt: skip
    if needs_calculation and not errors:
        if not data.situation:
            errors["situation"] = [_("Calculate the amount first.")]
        else:
            out = calculate_for_proposal(data.situation, data.effective_from)
            calculated = Decimal(out["monthly_amount"])
            frozen.update(
                situation=data.situation, calculation=out, rules_version=out["rules_version"],
                category=(out["category"] or {}).get("number"), calculated_amount=calculated,
            )  # fmt: skip
            amount = data.monthly_amount if data.monthly_amount is not None else calculated
            if amount != calculated and not data.amount_justification.strip():
                errors["amount_justification"] = [
                    _("The amount differs from the calculation (%(calc)s): write why.")
                    % {"calc": euro(calculated)}
                ]
            frozen["monthly_amount"] = amount
    if errors:
        raise ValidationError(errors)
    frozen.setdefault("monthly_amount", data.monthly_amount)
    return frozen
