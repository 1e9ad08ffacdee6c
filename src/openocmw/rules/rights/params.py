"""Dated, sourced parameters of the rights catalogue (OpenFisca parameter files, no Django).

The files live in `rules/rights/parameters/` with the same schema as the leefloon's parameters
(one parameter per file, `values` by date, a reference per value). They are loaded into their own
OpenFisca parameter node, `rights`, so that the leefloon system and its temporal-coverage tests
are not changed by them. The leefloon amounts are read from the leefloon system itself.
"""

from __future__ import annotations

import threading
from datetime import date
from functools import lru_cache
from pathlib import Path

from openfisca_core.parameters import Parameter, ParameterNode

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"

_lock = threading.Lock()
_node: ParameterNode | None = None


def rights_parameters() -> ParameterNode:
    """The (cached) parameter tree of the rights, rooted at `rights`."""
    global _node
    if _node is None:
        with _lock:
            if _node is None:
                _node = ParameterNode("rights", directory_path=str(PARAMETERS_DIR))
    return _node


def _find(name: str) -> Parameter:
    node = rights_parameters()
    for part in name.split("."):
        node = node.children[part]
    return node


def value(name: str, on: date):
    """The value of `rights.<name>` on date `on` (raises LookupError before the first value)."""
    return parameter_info(name, on)["value"]


@lru_cache(maxsize=4096)
def parameter_info(name: str, on: date) -> dict:
    """Value of one parameter on a date, with its source and whether it is verified on that date.

    `verified` is False when `on` lies after `metadata.last_value_still_valid_on`: the value may
    have been indexed since, and every result that uses it says so.
    """
    parameter = _find(name)
    at = on.isoformat()
    for entry in parameter.values_list:  # newest first
        if entry.instant_str <= at:
            metadata = entry.metadata or {}
            reference = metadata.get("reference") or parameter.metadata.get("reference") or []
            first = reference[0] if isinstance(reference, list) and reference else reference
            checked = parameter.metadata.get("last_value_still_valid_on")
            return {
                "name": f"rights.{name}",
                "value": entry.value,
                "valid_from": entry.instant_str,
                "reference": first,
                "description": parameter.description,
                "verified_until": str(checked) if checked else None,
                "verified": checked is None or at <= str(checked),
            }
    raise LookupError(f"Parameter rights.{name} has no value on {at}")


def leefloon_amount_yearly(category: int, on: date) -> float:
    """The leefloon's yearly amount of category 1, 2 or 3 on a date (from the leefloon system)."""
    from openocmw.rules.params import parameter_value
    from openocmw.rules.system import get_system

    return float(parameter_value(get_system(), f"leefloon.amount.category_{category}", on)["value"])


def leefloon_amount_info(category: int, on: date) -> dict:
    from openocmw.rules.params import parameter_value
    from openocmw.rules.system import get_system

    return parameter_value(get_system(), f"leefloon.amount.category_{category}", on)
