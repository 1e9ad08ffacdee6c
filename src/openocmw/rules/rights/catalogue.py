"""The rights catalogue: data (catalogue.yaml), validation and export (no Django).

Each right has names in nl/fr/de, a level, a domain, target groups, its legal basis (reference and
URL), who grants it and how to apply, the documents to bring, an automation assessment (status,
reason, review date), an owner and a last review date, and says whether its conditions are encoded
in `rules.rights.conditions` or which condition cannot be checked from data and why.

`validate_right(data)` refuses an entry with a `CatalogueError` that names the field, in Dutch and
French; `load_catalogue()` validates the whole file. `to_json` / `to_csv` export the documented
shape for municipal websites (docs/rights.md, "Export").
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from openocmw.rules.rights.errors import CatalogueError

CATALOGUE_FILE = Path(__file__).resolve().parent / "catalogue.yaml"

LEVELS = ("federal", "regional", "community", "local")
DOMAINS = ("income", "health", "energy", "education", "integration", "participation", "housing")
# Seed 003: the automation ladder of the rights explorer (Rechtenverkenner).
AUTOMATION_STATUSES = (
    "automatic",
    "linked_to_granted_right",
    "proactive_information",
    "simplified_request",
    "on_request_only",
    "not_automatable",
    "under_study",
)
CONDITION_STATES = ("encoded", "not_encoded")
LANGUAGES_NAME = ("nl", "fr", "de")
LANGUAGES_TEXT = ("nl", "fr")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,62}$")

FIELDS = (
    "code",
    "names",
    "level",
    "domain",
    "target_groups",
    "legal_basis",
    "granted_by",
    "how_to_apply",
    "documents",
    "automation",
    "conditions",
    "not_checkable",
    "owner",
    "last_review",
    "verification",
    "local_conditions",
)


@dataclass(frozen=True)
class Right:
    """One validated catalogue entry (plain data; the Django app stores versions of it)."""

    code: str
    names: dict
    level: str
    domain: str
    target_groups: tuple
    legal_basis: tuple
    granted_by: dict
    how_to_apply: dict
    documents: tuple
    automation: dict
    conditions: str
    not_checkable: tuple
    owner: str
    last_review: str
    verification: str = ""
    local_conditions: dict | None = None  # an OCMW's own conditions (rules.rights.local)

    def name(self, language: str = "nl") -> str:
        return self.names.get(language) or self.names["nl"]

    def to_dict(self) -> dict:
        """A deep copy: changing it never changes the (cached) catalogue."""
        return copy.deepcopy(self._as_dict())

    def _as_dict(self) -> dict:
        out = {
            "code": self.code,
            "names": dict(self.names),
            "level": self.level,
            "domain": self.domain,
            "target_groups": list(self.target_groups),
            "legal_basis": [dict(item) for item in self.legal_basis],
            "granted_by": dict(self.granted_by),
            "how_to_apply": dict(self.how_to_apply),
            "documents": list(self.documents),
            "automation": dict(self.automation),
            "conditions": self.conditions,
            "not_checkable": [dict(item) for item in self.not_checkable],
            "owner": self.owner,
            "last_review": self.last_review,
            "verification": self.verification,
        }
        if self.local_conditions is not None:
            out["local_conditions"] = self.local_conditions
        return out


def _text(data: dict, field: str, value=None):
    value = data.get(field) if value is None else value
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError("required", field)
    return value.strip()


def _languages(value, field: str, languages) -> dict:
    """The texts of `field` in the required `languages`, plus German when given (the national
    catalogue has it for every text; an OCMW's local right may leave it out, and German pages
    and letters then fall back to Dutch)."""
    if not isinstance(value, dict):
        raise CatalogueError("required", f"{field}.{languages[0]}")
    out = {}
    for language in languages:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise CatalogueError("required", f"{field}.{language}")
        out[language] = text.strip()
    for language in LANGUAGES_NAME:
        text = value.get(language)
        if language not in out and isinstance(text, str) and text.strip():
            out[language] = text.strip()
    return out


def _date(value, field: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value:
        raise CatalogueError("required", field)
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise CatalogueError("date", field) from None


def _choice(value, field: str, allowed) -> str:
    if value in (None, ""):
        raise CatalogueError("required", field)
    if value not in allowed:
        raise CatalogueError("choice", field, allowed=", ".join(allowed))
    return value


def _list(value, field: str, *, required: bool) -> list:
    if value is None:
        value = []
    if not isinstance(value, list):
        raise CatalogueError("list", field)
    if required and not value:
        raise CatalogueError("required", field)
    return value


def validate_right(data: dict) -> Right:
    """Validate one catalogue entry; raise CatalogueError naming the first bad field."""
    if not isinstance(data, dict):
        raise CatalogueError("required", "code")
    for key in data:
        if key not in FIELDS:
            raise CatalogueError("unknown_field", key)
    code = _text(data, "code")
    if not _CODE.match(code):
        raise CatalogueError("code", "code")
    names = _languages(data.get("names"), "names", LANGUAGES_NAME)
    level = _choice(data.get("level"), "level", LEVELS)
    domain = _choice(data.get("domain"), "domain", DOMAINS)
    groups = _list(data.get("target_groups"), "target_groups", required=True)
    for index, group in enumerate(groups):
        _text({}, f"target_groups[{index}]", group if isinstance(group, str) else "")
    basis = _list(data.get("legal_basis"), "legal_basis", required=True)
    legal = []
    for index, item in enumerate(basis):
        where = f"legal_basis[{index}]"
        if not isinstance(item, dict):
            raise CatalogueError("required", f"{where}.reference")
        reference = _text(item, f"{where}.reference", item.get("reference") or "")
        url = item.get("url")
        if not isinstance(url, str) or not url:
            raise CatalogueError("required", f"{where}.url")
        if not _URL.match(url):
            raise CatalogueError("url", f"{where}.url")
        legal.append({"reference": reference, "url": url})
    granted_by = _languages(data.get("granted_by"), "granted_by", LANGUAGES_TEXT)
    how_to_apply = _languages(data.get("how_to_apply"), "how_to_apply", LANGUAGES_TEXT)
    documents = _list(data.get("documents"), "documents", required=False)
    automation = data.get("automation")
    if not isinstance(automation, dict) or not automation:
        raise CatalogueError("required", "automation.status")
    status = _choice(automation.get("status"), "automation.status", AUTOMATION_STATUSES)
    reason = _languages(automation.get("reason"), "automation.reason", LANGUAGES_TEXT)
    review = _date(automation.get("review_date"), "automation.review_date")
    conditions = _choice(data.get("conditions"), "conditions", CONDITION_STATES)
    not_checkable = []
    for index, item in enumerate(_list(data.get("not_checkable"), "not_checkable", required=False)):
        where = f"not_checkable[{index}]"
        if not isinstance(item, dict):
            raise CatalogueError("required", f"{where}.condition")
        condition = _text(item, f"{where}.condition", item.get("condition") or "")
        why = _languages(item.get("reason"), f"{where}.reason", LANGUAGES_TEXT)
        not_checkable.append({"condition": condition, "reason": why})
    if conditions == "not_encoded" and not not_checkable:
        raise CatalogueError("not_checkable_needed", "not_checkable")
    owner = _text(data, "owner")
    last_review = _date(data.get("last_review"), "last_review")
    verification = data.get("verification") or ""
    local_conditions = None
    if data.get("local_conditions") is not None:
        from openocmw.rules.rights.local import validate_conditions

        if level != "local":
            raise CatalogueError("choice", "level", allowed="local")
        if conditions != "encoded":
            raise CatalogueError("choice", "conditions", allowed="encoded")
        local_conditions = validate_conditions(data["local_conditions"])
    return Right(
        code=code,
        names=names,
        level=level,
        domain=domain,
        target_groups=tuple(groups),
        legal_basis=tuple(legal),
        granted_by=granted_by,
        how_to_apply=how_to_apply,
        documents=tuple(str(d) for d in documents),
        automation={"status": status, "reason": reason, "review_date": review},
        conditions=conditions,
        not_checkable=tuple(not_checkable),
        owner=owner,
        last_review=last_review,
        verification=str(verification),
        local_conditions=local_conditions,
    )


def validate_catalogue(entries: list) -> dict[str, Right]:
    """Validate a list of entries; field names carry the entry's position (`rights[3].level`)."""
    rights: dict[str, Right] = {}
    for index, entry in enumerate(entries):
        try:
            right = validate_right(entry)
        except CatalogueError as error:
            raise CatalogueError(
                error.kind, f"rights[{index}].{error.field}", **error.params
            ) from None
        if right.code in rights:
            raise CatalogueError("duplicate", f"rights[{index}].code")
        rights[right.code] = right
    return rights


@lru_cache(maxsize=1)
def load_catalogue() -> dict[str, Right]:
    """The national catalogue shipped with the rules (validated; cached)."""
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return validate_catalogue(data.get("rights") or [])


EXPORT_COLUMNS = (
    "code",
    "name_nl",
    "name_fr",
    "name_de",
    "level",
    "domain",
    "target_groups",
    "legal_basis",
    "legal_basis_url",
    "granted_by_nl",
    "granted_by_fr",
    "how_to_apply_nl",
    "how_to_apply_fr",
    "documents",
    "automation_status",
    "automation_reason_nl",
    "automation_reason_fr",
    "automation_review_date",
    "conditions",
    "owner",
    "last_review",
)


def to_json(rights=None) -> str:
    """The catalogue as JSON: {"schema_version": 1, "rights": [entry, ...]} (docs/rights.md)."""
    rights = load_catalogue() if rights is None else rights
    entries = [right.to_dict() for right in rights.values()]
    return json.dumps({"schema_version": 1, "rights": entries}, ensure_ascii=False, indent=2)


def to_csv(rights=None) -> str:
    """One row per right, the columns of EXPORT_COLUMNS; lists joined with ' | '."""
    rights = load_catalogue() if rights is None else rights
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for right in rights.values():
        writer.writerow(
            [
                right.code,
                right.names["nl"],
                right.names["fr"],
                right.names["de"],
                right.level,
                right.domain,
                " | ".join(right.target_groups),
                " | ".join(item["reference"] for item in right.legal_basis),
                " | ".join(item["url"] for item in right.legal_basis),
                right.granted_by["nl"],
                right.granted_by["fr"],
                right.how_to_apply["nl"],
                right.how_to_apply["fr"],
                " | ".join(right.documents),
                right.automation["status"],
                right.automation["reason"]["nl"],
                right.automation["reason"]["fr"],
                right.automation["review_date"],
                right.conditions,
                right.owner,
                right.last_review,
            ]
        )
    return out.getvalue()
