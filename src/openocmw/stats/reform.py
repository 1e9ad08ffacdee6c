"""The reform simulator (issue 15, §2): a reform of the socio-professional exemption, defined
by its parameters (``rules.reforms.spi_parametric``), compared with the law in force on the
OCMW's own beneficiaries: each current leefloon decision's frozen situation (the proposal's
``situation``) is calculated twice on the chosen date, by the law and by the reform.

Run as the job ``stats.reform`` (progress per beneficiary; idempotent: it only reads and
returns its result). Aggregates only leave the job: cost per month and per year, and how many
gain or lose and by how much, by category and by band of earned income.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from openocmw.rules.errors import SituationError
from openocmw.rules.facade import calculate
from openocmw.rules.reforms.spi_parametric import SpiParameters, reform_name


def parameters(
    percentage, minimum, maximum, daily: bool = False, artists_removed: bool = False
) -> SpiParameters:
    return SpiParameters(
        Decimal(str(percentage)), Decimal(str(minimum)), Decimal(str(maximum)),
        bool(daily), bool(artists_removed),
    ).validate()  # fmt: skip


def situations(ocmw_id: int, on: date):
    """(category, situation) of every leefloon decision in force on ``on`` in the OCMW."""
    from django.db.models import Q

    from openocmw.casework.models import AidKind, Decision, DecisionKind

    rows = (
        Decision.objects.filter(
            ocmw_id=ocmw_id,
            aid_kind=AidKind.LEEFLOON,
            kind__in=(DecisionKind.GRANT, DecisionKind.MODIFY),
            replaced_by__isnull=True,
            effective_from__lte=on,
        )
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .exclude(proposal__situation__isnull=True)
        .order_by("pk")
        .values_list("category", "proposal__situation")
    )
    return list(rows)


# Bands of the applicant's monthly earned income (wages) in the situation, in euros.
INCOME_BANDS = ((0, 0.01, "0"), (0.01, 250, "1-249"), (250, 500, "250-499"),
                (500, 1000, "500-999"), (1000, float("inf"), "1000+"))  # fmt: skip
# as rules.variables.exemptions.earned_income_monthly
EARNED = ("wages", "activation_employment", "self_employment", "vocational_training")


def income_band(situation: dict) -> str:
    total = 0.0
    for r in (situation.get("applicant") or {}).get("resources") or []:
        if r.get("kind") in EARNED:
            amount = float(r.get("amount") or 0)
            total += amount / 12 if r.get("period") == "year" else amount
    return next(label for lo, hi, label in INCOME_BANDS if lo <= total < hi)


def compare(population, params: SpiParameters, on: date, progress=None) -> dict:
    out = {
        "persons": 0, "skipped": 0, "cost_monthly": Decimal(0), "cost_yearly": Decimal(0),
        "gain": {"persons": 0, "monthly": Decimal(0)}, "lose": {"persons": 0, "monthly": Decimal(0)},
    }  # fmt: skip

    def group():
        return {"persons": 0, "gain": 0, "lose": 0, "cost_monthly": Decimal(0)}

    by_category: dict = defaultdict(group)
    by_income: dict = defaultdict(group)
    for i, (category, situation) in enumerate(population, start=1):
        try:
            law = calculate(situation, on=on)
            # asked for each time: another run may have pushed it out of the bounded registry
            reformed = calculate(situation, on=on, reform=reform_name(params))
        except SituationError:
            out["skipped"] += 1
            continue
        monthly = reformed.monthly_amount - law.monthly_amount
        out["persons"] += 1
        out["cost_monthly"] += monthly
        out["cost_yearly"] += reformed.yearly_amount - law.yearly_amount
        groups = (by_category[str(category or "unknown")], by_income[income_band(situation)])
        for c in groups:
            c["persons"] += 1
            c["cost_monthly"] += monthly
        if monthly > 0:
            out["gain"]["persons"] += 1
            out["gain"]["monthly"] += monthly
            for c in groups:
                c["gain"] += 1
        elif monthly < 0:
            out["lose"]["persons"] += 1
            out["lose"]["monthly"] += monthly
            for c in groups:
                c["lose"] += 1
        if progress:
            progress(i, len(population))
    out["by_category"] = dict(by_category)
    out["by_income_band"] = {b: by_income[b] for _lo, _hi, b in INCOME_BANDS if b in by_income}
    return _json(out)


def _json(value):
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value
