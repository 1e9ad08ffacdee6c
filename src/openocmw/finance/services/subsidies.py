"""Subsidies: PSA and the special subsidy for GPMI guidance.

PSA (participation and social activation; seed 001, 2017 Q&A of the POD MI, l. 88-117):
- an OCMW may justify more than it was granted, so that the unused balance of other OCMWs can
  be redistributed later (l. 90-92): the justified amount is not capped, the report shows the
  surplus or the unused balance;
- renovating premises for collective modules is an investment, not an operating cost, and is not
  chargeable (l. 94-96): investment costs are recorded as refused, with the reason;
- the indicator "beneficiaries" is counts only, no list of names, with two ratios that may be
  given in %: all beneficiaries vs those entitled to social integration, and vs those guided on
  a trajectory (l. 107-117).

GPMI subsidy (seed 004, l. 68-72): the staff cost charged must be supported by a job
description, a nominative organisation chart or a council decision showing the time spent on
GPMIs; each line takes the share recorded in the GPMI app (gpmi.StaffTime) and one document.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require
from openocmw.gpmi.models import StaffTime
from openocmw.inputs.uploads import verify_upload

from ..models import GpmiSubsidyLine, PsaCost, PsaGrant
from ..models.subsidies import CostKind, SupportingDocument

CENT = Decimal("0.01")


@transaction.atomic
def record_psa_cost(actor: Actor, grant: PsaGrant, *, kind: str, description: str,
                    amount) -> PsaCost:  # fmt: skip
    require(actor, "finance.refunds")
    if grant.ocmw_id != actor.ocmw_id:
        raise ValidationError({"grant": [_("No such grant.")]})
    errors = {}
    if kind not in CostKind.values:
        errors["kind"] = [_("Choose the kind of cost.")]
    try:
        amount = Decimal(str(amount)).quantize(CENT)
        if amount <= 0:
            errors["amount"] = [_("The amount must be more than zero.")]
    except ArithmeticError:
        errors["amount"] = [_("Enter an amount in euro.")]
    if not description.strip():
        errors["description"] = [_("Describe the cost.")]
    if errors:
        raise ValidationError(errors)
    eligible = kind != CostKind.INVESTMENT
    cost = PsaCost.objects.create(
        grant=grant, kind=kind, description=description.strip()[:200], amount=amount,
        eligible=eligible,
        refusal="" if eligible else "investment, not an operating cost (POD MI, 2017)",
    )  # fmt: skip
    audit.record(actor, "create", object_type="psa_cost", object_id=cost.pk, purpose="finance")
    return cost


def psa_justification(actor: Actor, grant: PsaGrant) -> dict:
    require(actor, "finance.refunds")
    costs = grant.costs.all()
    eligible = costs.filter(eligible=True).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    refused = costs.filter(eligible=False).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")

    def pct(part: int) -> Decimal | None:
        if not grant.beneficiaries:
            return None
        return (Decimal(part) * 100 / grant.beneficiaries).quantize(Decimal("0.1"), ROUND_HALF_UP)

    return {
        "granted": grant.granted, "eligible": eligible, "refused": refused,
        "beyond_grant": max(eligible - grant.granted, Decimal("0.00")),
        "unused": max(grant.granted - eligible, Decimal("0.00")),
        "beneficiaries": grant.beneficiaries,
        "integration_pct": pct(grant.beneficiaries_integration),
        "trajectory_pct": pct(grant.beneficiaries_trajectory),
    }  # fmt: skip


@transaction.atomic
def charge_staff_time(actor: Actor, staff_time: StaffTime, *, year: int, yearly_cost,
                      document_kind: str, document) -> GpmiSubsidyLine:  # fmt: skip
    """Charge a staff member's GPMI time (from the GPMI app) to the subsidy, with a document."""
    require(actor, "finance.refunds")
    if staff_time.ocmw_id != actor.ocmw_id or staff_time.superseded_at is not None:
        raise ValidationError({"staff_time": [_("No such recorded time on GPMIs.")]})
    errors: dict = {}
    if document_kind not in SupportingDocument.values:
        errors["document_kind"] = [_("Choose the kind of supporting document.")]
    if not staff_time.period_start.year <= year <= staff_time.period_end.year:
        errors["year"] = [_("The recorded time does not fall in this year.")]
    try:
        yearly_cost = Decimal(str(yearly_cost)).quantize(CENT)
        if yearly_cost <= 0:
            errors["yearly_cost"] = [_("The amount must be more than zero.")]
    except ArithmeticError:
        errors["yearly_cost"] = [_("Enter an amount in euro.")]
    try:
        upload = verify_upload(document, field="document", label=_("supporting document"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    line = GpmiSubsidyLine.objects.create(
        ocmw_id=actor.ocmw_id, year=year, worker_id=staff_time.worker_id, staff_time=staff_time,
        yearly_cost=yearly_cost, share=staff_time.share,
        charged=(yearly_cost * staff_time.share / 100).quantize(CENT, ROUND_HALF_UP),
        document_kind=document_kind, document=upload.data, document_name=upload.filename,
        document_type=upload.content_type,
    )  # fmt: skip
    audit.record(actor, "create", object_type="gpmi_staff_time", object_id=line.pk,
                 purpose="finance", detail={"charged": str(line.charged)})  # fmt: skip
    return line


def gpmi_subsidy(actor: Actor, year: int) -> dict:
    require(actor, "finance.refunds")
    lines = list(GpmiSubsidyLine.objects.filter(ocmw_id=actor.ocmw_id, year=year)
                 .select_related("worker").order_by("worker__username", "pk"))  # fmt: skip
    return {"lines": lines, "total": sum((x.charged for x in lines), Decimal("0.00"))}


@transaction.atomic
def set_psa_grant(actor: Actor, *, year: int, part: str, granted, beneficiaries: int = 0,
                  beneficiaries_integration: int = 0,
                  beneficiaries_trajectory: int = 0) -> PsaGrant:  # fmt: skip
    """Record (or correct) the PSA grant of a year and part, with its indicators (counts only:
    no names, seed 001 l. 107-117)."""
    from ..models.subsidies import PsaPart

    require(actor, "finance.refunds")
    errors = {}
    if part not in PsaPart.values:
        errors["part"] = [_("Choose the part of the grant.")]
    if Decimal(str(granted)) < 0:
        errors["granted"] = [_("The amount cannot be negative.")]
    if beneficiaries_integration > beneficiaries:
        errors["beneficiaries_integration"] = [_("More than the beneficiaries.")]
    if beneficiaries_trajectory > beneficiaries:
        errors["beneficiaries_trajectory"] = [_("More than the beneficiaries.")]
    if errors:
        raise ValidationError(errors)
    grant, _created = PsaGrant.objects.update_or_create(
        ocmw_id=actor.ocmw_id, year=year, part=part,
        defaults={"granted": Decimal(str(granted)).quantize(CENT), "beneficiaries": beneficiaries,
                  "beneficiaries_integration": beneficiaries_integration,
                  "beneficiaries_trajectory": beneficiaries_trajectory},
    )  # fmt: skip
    audit.record(actor, "update", object_type="psa_grant", object_id=grant.pk, purpose="finance",
                 detail={"year": year, "part": part})  # fmt: skip
    return grant
