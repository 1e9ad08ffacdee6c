"""The reform simulator (issue 15, §2): a reform of the socio-professional exemption, defined
by its parameters (``rules.reforms.spi_parametric``), compared with the law in force on the
OCMW's own beneficiaries: each current leefloon decision's frozen situation (the proposal's
``situation``) is calculated twice on the chosen date, by the law and by the reform.

Run as the job ``stats.reform`` (progress per beneficiary; idempotent: it only reads and
returns its result). Aggregates only leave the job: cost per month and per year, and how many
gain or lose and by how much, by category.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Q

from openocmw.casework.models import AidKind, Decision, DecisionKind
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


def compare(population, params: SpiParameters, on: date, progress=None) -> dict:
    name = reform_name(params)
    out = {
        "persons": 0, "skipped": 0, "cost_monthly": Decimal(0), "cost_yearly": Decimal(0),
        "gain": {"persons": 0, "monthly": Decimal(0)}, "lose": {"persons": 0, "monthly": Decimal(0)},
    }  # fmt: skip
    by_category: dict = defaultdict(
        lambda: {"persons": 0, "gain": 0, "lose": 0, "cost_monthly": Decimal(0)}
    )
    for i, (category, situation) in enumerate(population, start=1):
        try:
            law = calculate(situation, on=on)
            reformed = calculate(situation, on=on, reform=name)
        except SituationError:
            out["skipped"] += 1
            continue
        monthly = reformed.monthly_amount - law.monthly_amount
        out["persons"] += 1
        out["cost_monthly"] += monthly
        out["cost_yearly"] += reformed.yearly_amount - law.yearly_amount
        c = by_category[str(category or "unknown")]
        c["persons"] += 1
        c["cost_monthly"] += monthly
        if monthly > 0:
            out["gain"]["persons"] += 1
            out["gain"]["monthly"] += monthly
            c["gain"] += 1
        elif monthly < 0:
            out["lose"]["persons"] += 1
            out["lose"]["monthly"] += monthly
            c["lose"] += 1
        if progress:
            progress(i, len(population))
    out["by_category"] = dict(by_category)
    return _json(out)


def _json(value):
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value
