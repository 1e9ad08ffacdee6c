"""Finding the person an audit entry is about from what the security adviser knows: the INSZ.

``accounts`` imports no domain app (tests/test_structure.py), so the registry registers its
finder here when it starts (``registry.apps``). The security adviser never sees the person's
data this way: only the internal number that the audit entries carry.
"""

from __future__ import annotations

from collections.abc import Callable

# finder(ocmw_id, text) -> person ids, or None when the text is not an INSZ (raise ValueError
# with a translated message for a malformed one).
Finder = Callable[[int, str], list[int]]
_FINDERS: list[Finder] = []


def register_finder(finder: Finder) -> None:
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def persons_by_insz(ocmw_id: int, insz: str) -> list[int]:
    """The internal numbers of the persons of ``ocmw_id`` with this INSZ (ValueError if bad)."""
    found: list[int] = []
    for finder in _FINDERS:
        found.extend(finder(ocmw_id, insz))
    return sorted(set(found))
