"""Parameter look-ups with their legal sources, for explanations and tests."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from openfisca_core.parameters import Parameter


def _find(system, name: str) -> Parameter:
    node = system.parameters
    for part in name.split("."):
        node = getattr(node, part)
    return node


@lru_cache(maxsize=4096)
def parameter_value(system, name: str, on: date) -> dict:
    """The value of parameter `name` on date `on`, with its reference and publication date."""
    parameter = _find(system, name)
    at = on.isoformat()
    for value in parameter.values_list:  # newest first
        if value.instant_str <= at:
            metadata = value.metadata or {}
            reference = metadata.get("reference") or parameter.metadata.get("reference")
            if isinstance(reference, list):
                reference = reference[0] if reference else None
            return {
                "name": name,
                "value": value.value,
                "valid_from": value.instant_str,
                "reference": reference,
                "publication_date": str(metadata.get("publication_date"))
                if metadata.get("publication_date") is not None
                else None,
                "placeholder": bool(metadata.get("placeholder", False)),
                "description": parameter.description,
                "label": {
                    lang: parameter.metadata.get(f"label_{lang}") or parameter.description
                    for lang in ("nl", "fr", "de")
                },
            }
    raise LookupError(f"Parameter {name} has no value on {at}")
