"""The State's refund of the leefloon: the monthly claim per OCMW and the yearly settlement.

The rates are dated parameters with their sources in :mod:`openocmw.rules.refunds` (law of 26
May 2002, art. 32 §1 and art. 40). The claim of a month is computed from the payments of that
month (gross, leefloon only: the equivalent leefloon is refunded under the law of 2 April 1965,
see :mod:`.law65`); the yearly settlement is the sum of the months, to the cent.

The higher percentage depends on the number of beneficiaries; the law counts the centre's
average; here the month's number of persons paid is used, and the settlement shows the yearly
average next to it (see docs/finance.md).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require
from openocmw.gpmi.models import Gpmi
from openocmw.rules.refunds import rate_on

from ..models import Payment, RefundClaim
from .due import month_bounds

CENT = Decimal("0.01")


def _pct(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def compute_claim(actor: Actor, month: date) -> RefundClaim:
    require(actor, "finance.refunds")
    month = month.replace(day=1)
    start, end = month_bounds(month)
    lines = Payment.objects.filter(
        ocmw_id=actor.ocmw_id, run__month=month, aid_kind="leefloon"
    ).exclude(run__state="failed")
    per_person = dict(
        lines.values("person_id").annotate(s=Sum("gross")).values_list("person_id", "s")
    )
    paid = sum(per_person.values(), Decimal("0.00"))
    with_gpmi = set(
        Gpmi.objects.filter(
            ocmw_id=actor.ocmw_id, person_id__in=per_person, start__lte=end, ends_on__gte=start,
            validated_on__isnull=False,
        ).values_list("person_id", flat=True)
    )  # fmt: skip
    gpmi_paid = sum((per_person[p] for p in with_gpmi), Decimal("0.00"))
    rate = rate_on(month, len(per_person))
    base_amount = _pct(paid, rate.base_percent)
    gpmi_amount = _pct(gpmi_paid, rate.gpmi_points)
    claim, _created = RefundClaim.objects.update_or_create(
        ocmw_id=actor.ocmw_id, month=month,
        defaults={
            "beneficiaries": len(per_person), "paid": paid, "base_rate": rate.base_percent,
            "base_amount": base_amount, "gpmi_paid": gpmi_paid, "gpmi_rate": rate.gpmi_points,
            "gpmi_amount": gpmi_amount, "total": base_amount + gpmi_amount,
            "sources": [dict(s) for s in rate.sources] + (
                [] if rate.verified else [{"warning": "rates after the verified date"}]),
        },
    )  # fmt: skip
    audit.record(
        actor, "calculate", object_type="refund_claim", object_id=claim.pk, purpose="finance",
        detail={"month": month.isoformat(), "total": str(claim.total)},
    )  # fmt: skip
    return claim


def settlement(actor: Actor, year: int) -> dict:
    """The year's settlement: the sum of its monthly claims."""
    require(actor, "finance.refunds")
    months = list(RefundClaim.objects.filter(ocmw_id=actor.ocmw_id, month__year=year))
    fields = ("paid", "base_amount", "gpmi_paid", "gpmi_amount", "total")
    totals = {f: sum((getattr(m, f) for m in months), Decimal("0.00")) for f in fields}
    average = (
        (Decimal(sum(m.beneficiaries for m in months)) / len(months)).quantize(Decimal("0.1"))
        if months else Decimal("0")
    )  # fmt: skip
    return {
        "year": year,
        "months": months,
        "totals": totals,
        "average_beneficiaries": average,
        "label": _("Settlement %(year)s") % {"year": year},
    }
