"""The State's refund of the leefloon as dated parameters with their sources (no Django).

``rate_on(day, beneficiaries)`` gives the percentage of the leefloon paid that the State
refunds (law of 26 May 2002, art. 32) for a centre with that *average* number of beneficiaries,
and the special subsidy for a beneficiary with a GPMI (law of 21 July 2016), each with its
source. ``tier_percent`` applies the law's basis as PrimaBook describes it: the monthly average
over the year before last selects the tier, a higher tier is granted the first time only after
a growth of 5 %, and a centre that falls below a threshold steps down by one point a year (not
when the decrease is under 3 %). A value without a source is an error
(:class:`RefundParameterError` names the parameter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

PATH = Path(__file__).with_name("rates.yaml")
NAMES = ("base", "higher", "gpmi_supplement")


class RefundParameterError(ValueError):
    """A refund parameter is malformed or has no source; ``field`` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Rate:
    base_percent: Decimal
    gpmi_points: Decimal
    sources: tuple[dict, ...]
    verified: bool
    warnings: tuple[str, ...] = ()

    @property
    def gpmi_percent(self) -> Decimal:
        return self.base_percent + self.gpmi_points


def _source(name: str, on: str, value: dict) -> dict:
    ref = value.get("reference")
    if not isinstance(ref, dict) or not ref.get("title") or not ref.get("href"):
        raise RefundParameterError(
            f"{name}.{on}.reference", "every refund parameter needs a source (title and href)"
        )
    return {"parameter": name, "valid_from": on, "title": ref["title"], "href": ref["href"]}


def validate(data: dict) -> dict:
    """Check the parameters (every value dated and sourced); the parsed data."""
    basis = data.get("basis")
    if not isinstance(basis, dict):
        raise RefundParameterError("basis", "missing: how the beneficiaries are counted")
    out: dict = {"basis": {**basis, "source": _source("basis", "-", basis)}}
    for name in NAMES:
        node = data.get(name)
        if not isinstance(node, dict) or not isinstance(node.get("values"), dict):
            raise RefundParameterError(name, "missing or without values")
        values = []
        for on, value in node["values"].items():
            try:
                day = date.fromisoformat(str(on))
            except ValueError:
                raise RefundParameterError(f"{name}.{on}", "not a date") from None
            if not isinstance(value, dict):
                raise RefundParameterError(f"{name}.{on}", "not a mapping")
            source = _source(name, str(on), value)
            if value.get("verified") is not True and not value.get("unverified"):
                raise RefundParameterError(
                    f"{name}.{on}.unverified", "an unverified value must say what was not verified"
                )
            values.append((day, value, source))
        out[name] = sorted(values, key=lambda v: v[0])
    return out


@lru_cache(maxsize=1)
def parameters() -> dict:
    with PATH.open(encoding="utf-8") as fh:
        return validate(yaml.safe_load(fh))


def _on(values: list, day: date, name: str):
    found = [v for v in values if v[0] <= day]
    if not found:
        raise LookupError(f"refund parameter {name} has no value on {day.isoformat()}")
    return found[-1]


def tiers_on(day: date, data: dict | None = None) -> list[tuple[int, Decimal]]:
    """The tiers on ``day``: (from beneficiaries, percent), the base first (from 0)."""
    data = data or parameters()
    _, base, _ = _on(data["base"], day, "base")
    _, higher, _ = _on(data["higher"], day, "higher")
    tiers = [(0, Decimal(str(base["percent"])))]
    for t in sorted(higher.get("tiers", []), key=lambda t: t["from_beneficiaries"]):
        tiers.append((int(t["from_beneficiaries"]), Decimal(str(t["percent"]))))
    return tiers


def tier_percent(
    day: date,
    average: Decimal,
    average_before: Decimal | None = None,
    previous_percent: Decimal | None = None,
    data: dict | None = None,
) -> Decimal:
    """The percentage for a centre whose monthly average number of beneficiaries was
    ``average`` in the reference year (the year before last) and ``average_before`` the year
    before that, and whose percentage last year was ``previous_percent`` (None: unknown, the
    tier of ``average`` applies). Source: ``parameters()["basis"]``."""
    data = data or parameters()
    basis = data["basis"]
    tiers = tiers_on(day, data)
    target = [p for n, p in tiers if average >= n][-1]
    if previous_percent is None or target == previous_percent:
        return target
    change = (
        None if not average_before else (Decimal(average) - average_before) * 100 / average_before
    )  # fmt: skip
    if target > previous_percent:
        # a higher tier is granted the first time only if the number grew by at least 5 %
        if change is not None and change < Decimal(str(basis["first_grant_growth_percent"])):
            return previous_percent
        return target
    # below the threshold: one point a year down, not when the decrease is under 3 %
    if change is not None and -change < Decimal(str(basis["no_step_down_below_decrease_percent"])):
        return previous_percent
    return max(target, previous_percent - Decimal(str(basis["step_down_points_per_year"])))


def rate_on(
    day: date,
    beneficiaries,
    data: dict | None = None,
    *,
    average_before=None,
    previous_percent: Decimal | None = None,
) -> Rate:
    """The refund rate on ``day`` for a centre with ``beneficiaries`` (its monthly average in
    the reference year); see :func:`tier_percent` for the other arguments."""
    data = data or parameters()
    found = {name: _on(data[name], day, name) for name in NAMES}
    percent = tier_percent(day, Decimal(beneficiaries), average_before, previous_percent, data)
    sources = [found["base"][2], found["gpmi_supplement"][2]]
    if percent != Decimal(str(found["base"][1]["percent"])):
        sources.insert(1, found["higher"][2])
    sources.append(data["basis"]["source"])
    used = [found["base"], found["gpmi_supplement"]] + (
        [found["higher"]] if len(sources) == 4 else []
    )  # fmt: skip
    warnings = tuple(v[1]["unverified"] for v in used if v[1].get("unverified"))
    return Rate(
        base_percent=percent,
        gpmi_points=Decimal(str(found["gpmi_supplement"][1]["percent_points"])),
        sources=tuple(sources),
        verified=all(v[1].get("verified") is True for v in used),
        warnings=warnings,
    )
