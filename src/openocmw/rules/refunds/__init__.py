"""The State's refund of the leefloon as dated parameters with their sources (no Django).

``rate_on(day, beneficiaries)`` gives the percentage of the leefloon paid that the State
refunds (law of 26 May 2002, art. 32 §1) and the supplement for a beneficiary with a GPMI
(art. 40), each with its source. A value without a source is an error
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
    out: dict = {"verified_until": date.fromisoformat(str(data.get("verified_until")))}
    for name in ("base", "higher", "gpmi_supplement"):
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


def rate_on(day: date, beneficiaries: int, data: dict | None = None) -> Rate:
    """The refund rate on ``day`` for an OCMW with ``beneficiaries`` (its average number)."""
    data = data or parameters()
    _, base, base_src = _on(data["base"], day, "base")
    _, higher, higher_src = _on(data["higher"], day, "higher")
    _, gpmi, gpmi_src = _on(data["gpmi_supplement"], day, "gpmi_supplement")
    percent = Decimal(str(base["percent"]))
    sources = [base_src, gpmi_src]
    for tier in sorted(higher.get("tiers", []), key=lambda t: t["from_beneficiaries"]):
        if beneficiaries >= int(tier["from_beneficiaries"]):
            percent = Decimal(str(tier["percent"]))
            if higher_src not in sources:
                sources.insert(1, higher_src)
    return Rate(
        base_percent=percent,
        gpmi_points=Decimal(str(gpmi["percent_points"])),
        sources=tuple(sources),
        verified=day <= data["verified_until"],
    )
