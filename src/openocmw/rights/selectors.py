"""Reading the rights catalogue of one OCMW (no changes, no audit: the catalogue holds no
personal data).

An OCMW's catalogue is the federal rights, the regional and community rights that apply where
it lies (its region; the German-speaking Community for an OCMW whose languages include German),
and its own local rights; each entry in the version that applies on a date (a version stored by
an administrator from a date replaces the shipped entry from that date). The local examples
shipped with the catalogue (another OCMW's rules) are not part of an OCMW's catalogue.

These selectors are the base of the exports (JSON, CSV), the API and a future public read.
"""

from __future__ import annotations

import json
from datetime import date

from django.db.models import Q
from django.utils import timezone

from openocmw.accounts.models import Ocmw
from openocmw.rules.rights import catalogue as rules_catalogue
from openocmw.rules.rights.catalogue import Right, load_catalogue, validate_right

from .models import RightVersion

# Where the regional and community rights apply (docs/rights.md, "Territory").
TERRITORY = {
    "school_allowance_flanders": ("flanders", "brussels"),
    "study_allowance_flanders": ("flanders", "brussels"),
    "study_allowance_fwb": ("wallonia", "brussels"),
    "study_allowance_dg": ("german",),
    "rent_premium_flanders": ("flanders",),
}


def territories(ocmw: Ocmw) -> set[str]:
    places = {ocmw.region}
    if "de" in ocmw.language_list:
        places.add("german")
    return places


def _applies_in(right: Right, places: set[str]) -> bool:
    if right.level == "federal":
        return True
    if right.level == "local":
        return False  # a shipped local right is another OCMW's example
    where = TERRITORY.get(right.code)
    return where is None or bool(places & set(where))


def _version_on(versions, on: date):
    chosen = None
    for version in versions:  # ordered by valid_from, version
        if version.valid_from <= on:
            chosen = version
    return chosen


def catalogue_for(ocmw: Ocmw, on: date | None = None) -> dict[str, Right]:
    """The rights of an OCMW on a date (default today), in catalogue order, then local rights
    by code."""
    on = on or timezone.localdate()
    places = territories(ocmw)
    stored: dict[tuple, list] = {}
    versions = RightVersion.objects.filter(
        Q(ocmw__isnull=True) | Q(ocmw=ocmw), valid_from__lte=on
    ).order_by("valid_from", "version")
    for version in versions:
        stored.setdefault((version.ocmw_id, version.code), []).append(version)
    out: dict[str, Right] = {}
    for code, right in load_catalogue().items():
        national = _version_on(stored.get((None, code), []), on)
        if national is not None:
            right = validate_right(national.data)
        if _applies_in(right, places):
            out[code] = right
    for (owner, code), versions in sorted(stored.items(), key=lambda kv: kv[0][1]):
        if owner is None:
            continue
        version = _version_on(versions, on)
        if version is not None:
            out[code] = validate_right(version.data)
    return out


def local_versions(ocmw: Ocmw, code: str | None = None):
    """The stored versions of an OCMW's own local rights (all dates), newest first."""
    versions = RightVersion.objects.filter(ocmw=ocmw).select_related("created_by")
    if code is not None:
        versions = versions.filter(code=code)
    return versions.order_by("code", "-valid_from", "-version")


def local_right_codes(ocmw: Ocmw) -> list[str]:
    return sorted(set(RightVersion.objects.filter(ocmw=ocmw).values_list("code", flat=True)))


def export_data(ocmw: Ocmw, on: date | None = None) -> dict:
    """The documented JSON shape (docs/rights.md, "Export"), for one OCMW on a date: the
    catalogue's `schema_version` and `rights`, with the publishing OCMW and the date."""
    on = on or timezone.localdate()
    data = json.loads(rules_catalogue.to_json(catalogue_for(ocmw, on)))
    return {
        "schema_version": data["schema_version"],
        "publisher": {
            "nis_code": ocmw.nis_code,
            "name_nl": ocmw.name_nl,
            "name_fr": ocmw.name_fr,
            "region": ocmw.region,
        },
        "valid_on": on.isoformat(),
        "rights": data["rights"],
    }


def export_json(ocmw: Ocmw, on: date | None = None) -> str:
    return json.dumps(export_data(ocmw, on), ensure_ascii=False, indent=2)


def export_csv(ocmw: Ocmw, on: date | None = None) -> str:
    return rules_catalogue.to_csv(catalogue_for(ocmw, on))
