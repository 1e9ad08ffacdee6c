"""The State's refund of the leefloon: the monthly claim per OCMW and the yearly settlement.

The rates are dated parameters with their sources in :mod:`openocmw.rules.refunds` (law of 26
May 2002, art. 32 and following; RD of 11 July 2002. Art. 40 of the law is the lump sum towards
the centre's staff costs, not modelled here). The claim of a month is computed from the payments of that
month (gross, leefloon only: the equivalent leefloon is refunded under the law of 2 April 1965,
see :mod:`.law65`); the yearly settlement is the sum of the months, to the cent.

The higher percentage depends on the centre's monthly average number of beneficiaries over
the year before last (PrimaBook, "Staatstoelagen"; see rules/refunds/rates.yaml, ``basis``):
the persons paid a leefloon for each month of that year plus those employed under art. 60 §7
in it, summed over the twelve months and divided by twelve. A year the OCMW did not run in
OpenOCMW counts as zero (the base tier; docs/finance.md).
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
from openocmw.rules.refunds import parameters, rate_on

from ..models import Art60Contract, Payment, RefundClaim
from .due import month_bounds

CENT = Decimal("0.01")


def _pct(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def average_beneficiaries(ocmw_id: int, year: int) -> Decimal:
    """The monthly average number of beneficiaries of ``year``: for each month the persons
    paid a leefloon for it, plus those employed under art. 60 §7 in it (the basis counts a
    subsidised employment too), over twelve months, to one decimal."""
    counted: dict[date, set[int]] = {date(year, m, 1): set() for m in range(1, 13)}
    for month, person_id in (
        Payment.objects.filter(ocmw_id=ocmw_id, month__year=year, aid_kind="leefloon")
        .exclude(run__state="failed").values_list("month", "person_id").distinct()
    ):  # fmt: skip
        counted[month.replace(day=1)].add(person_id)
    if parameters()["basis"].get("counts_employment"):
        for person_id, start, end in Art60Contract.objects.filter(
            ocmw_id=ocmw_id, start__lte=date(year, 12, 31), end__gte=date(year, 1, 1)
        ).values_list("person_id", "start", "end"):
            for month, people in counted.items():
                if start <= month_bounds(month)[1] and end >= month:
                    people.add(person_id)
    total = sum(len(p) for p in counted.values())
    return (Decimal(total) / 12).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _previous_percent(ocmw_id: int, year: int) -> Decimal | None:
    last = (
        RefundClaim.objects.filter(ocmw_id=ocmw_id, month__year=year - 1)
        .order_by("-month").values_list("base_rate", flat=True).first()
    )  # fmt: skip
    return Decimal(last) if last is not None else None


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
    offset = int(parameters()["basis"]["year_offset"])
    average = average_beneficiaries(actor.ocmw_id, month.year - offset)
    rate = rate_on(
        month, average,
        average_before=average_beneficiaries(actor.ocmw_id, month.year - offset - 1),
        previous_percent=_previous_percent(actor.ocmw_id, month.year),
    )  # fmt: skip
    base_amount = _pct(paid, rate.base_percent)
    gpmi_amount = _pct(gpmi_paid, rate.gpmi_points)
    claim, _created = RefundClaim.objects.update_or_create(
        ocmw_id=actor.ocmw_id, month=month,
        defaults={
            "beneficiaries": len(per_person), "reference_average": average, "paid": paid, "base_rate": rate.base_percent,
            "base_amount": base_amount, "gpmi_paid": gpmi_paid, "gpmi_rate": rate.gpmi_points,
            "gpmi_amount": gpmi_amount, "total": base_amount + gpmi_amount,
            "sources": [dict(s) for s in rate.sources]
            + [{"warning": w} for w in rate.warnings],
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
