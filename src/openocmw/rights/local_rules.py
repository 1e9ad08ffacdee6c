"""The rules an OCMW's local rights are screened with on a date (no import of the services, so
that the screening, the labels and the catalogue services can all read them).

Compiling a local right (validating its entry, building its engine rule from its conditions)
costs more than screening one household: the intake panel would do it on every person page.
The compiled rules are kept in this process per OCMW, date and catalogue state, the same key
as the public explorer's cards (`catalogue_state`: the count, highest id and latest creation
time of the stored versions, national and the OCMW's own): a version saved by the
administrator changes the state, so the next read compiles again. Versions are only ever added, never changed in place.
"""

from __future__ import annotations

import threading
from datetime import date

from django.db.models import Count, Max, Q

from openocmw.rules.rights.catalogue import validate_right
from openocmw.rules.rights.local import compile_rule

from .models import RightVersion

# At most this many (OCMW, date, state) entries; then the cache starts again empty.
CACHE_SIZE = 512
_compiled: dict[tuple, dict] = {}
_lock = threading.Lock()


def catalogue_state(ocmw) -> tuple:
    """What changes when the OCMW's catalogue changes: its stored versions (national ones
    and its own), as (count, highest id, latest creation time: an id given again after a
    rolled-back transaction is not the same version)."""
    row = RightVersion.objects.filter(Q(ocmw__isnull=True) | Q(ocmw=ocmw)).aggregate(
        n=Count("pk"), last=Max("pk"), at=Max("created_at")
    )
    return row["n"], row["last"], row["at"].isoformat() if row["at"] else None


def _compile(ocmw, on: date) -> dict:
    latest: dict[str, RightVersion] = {}
    for version in RightVersion.objects.filter(ocmw=ocmw, valid_from__lte=on).order_by(
        "valid_from", "version"
    ):
        latest[version.code] = version
    out = {}
    for code, version in latest.items():
        conditions = version.data.get("local_conditions")
        if conditions:
            out[code] = (compile_rule(code, conditions), validate_right(version.data))
    return out


def local_rules(ocmw, on: date) -> dict:
    """The OCMW's local rights with conditions, in the version that applies on `on`:
    code -> (engine rule, catalogue entry). From this process's cache while the catalogue's
    state is unchanged (one query), else compiled and kept."""
    key = (ocmw.pk, on, catalogue_state(ocmw))
    found = _compiled.get(key)
    if found is None:
        found = _compile(ocmw, on)
        with _lock:
            if len(_compiled) >= CACHE_SIZE:
                _compiled.clear()
            _compiled[key] = found
    return dict(found)


def clear_cache() -> None:
    """Forget the compiled rules (tests)."""
    with _lock:
        _compiled.clear()
