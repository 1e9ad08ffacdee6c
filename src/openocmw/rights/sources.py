"""The data sources the screening reads, and their authorisations (issue 11 §2, seed 003).

Every source (`sources.yaml`: the registry, households, residence statuses, the OCMW's
decisions, recorded incomes, status facts; later the federal flows) lists the purposes and the
rights it may be read for, with its legal basis. `sources_of(right)` says which sources a
right's conditions read (from the inputs of its encoded conditions in `rules.rights`);
`check(...)` refuses a screening of a right with a source not authorised for it, and the
caller logs the refusal in the audit log.

The file is validated when it is loaded: an unknown field, a source without legal basis or
URL, a purpose or right that does not exist is refused with a `SourceError` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import RIGHTS

FILE = Path(__file__).with_name("sources.yaml")
FIELDS = {"code", "names", "inputs", "purposes", "rights", "local_rights", "legal_basis"}
PURPOSES = {"rights screening"}
INPUTS = {
    "age",
    "household",
    "role",
    "status",
    "receives",
    "income_net_monthly",
    "income_gross_yearly",
    "disability_allowance",
    "debt_mediation",
}
# Every right reads the registry (who) and the decisions (who receives it today).
ALWAYS = ("age", "receives")
# The screening columns a local right's variable (`rules.rights.local.VARIABLES`) reads: a
# household variable reads the household composition and what it is computed from.
LOCAL_VARIABLE_INPUTS = {
    "age": ("age",),
    "household_size": ("household",),
    "minors_in_household": ("household", "age"),
    "adults_in_household": ("household", "age"),
    "category": ("household", "role", "age"),
    "residence_status": ("status",),
    "income_net_monthly": ("income_net_monthly",),
    "household_income_gross_yearly": ("household", "income_gross_yearly"),
    "receives": ("receives",),
    "disability_allowance": ("household", "disability_allowance"),
    "debt_mediation": ("household", "debt_mediation"),
}


class SourceError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.text = message


@dataclass(frozen=True)
class Source:
    code: str
    names: dict
    inputs: tuple[str, ...]
    purposes: frozenset[str]
    rights: frozenset[str] | None  # None: every right
    legal_basis: tuple[dict, ...]
    local_rights: bool = False  # may be read for the OCMW's own local rights

    def allows(self, purpose: str, right: str, *, local: bool = False) -> bool:
        if purpose not in self.purposes:
            return False
        if local:
            return self.local_rights
        return self.rights is None or right in self.rights

    def name(self, language: str) -> str:
        return self.names.get(language[:2]) or self.names["nl"]


def validate(entries) -> dict[str, Source]:
    if not isinstance(entries, list) or not entries:
        raise SourceError("sources", "expected a list of sources")
    out: dict[str, Source] = {}
    fed: dict[str, str] = {}
    for i, data in enumerate(entries):
        where = f"sources[{i}]"
        if not isinstance(data, dict):
            raise SourceError(where, "expected a mapping")
        unknown = set(data) - FIELDS
        if unknown:
            raise SourceError(f"{where}.{sorted(unknown)[0]}", "unknown field")
        code = data.get("code")
        if not isinstance(code, str) or not code:
            raise SourceError(f"{where}.code", "required")
        if code in out:
            raise SourceError(f"{where}.code", f"duplicate source {code!r}")
        names = data.get("names") or {}
        if not isinstance(names, dict) or not all(names.get(lang) for lang in ("nl", "fr", "de")):
            raise SourceError(f"{where}.names", "a name in nl, fr and de is required")
        inputs = data.get("inputs") or []
        for name in inputs:
            if name not in INPUTS:
                raise SourceError(f"{where}.inputs", f"unknown input {name!r}")
            if name in fed:
                raise SourceError(f"{where}.inputs", f"{name!r} is already fed by {fed[name]!r}")
            fed[name] = code
        purposes = data.get("purposes") or []
        if not purposes:
            raise SourceError(f"{where}.purposes", "at least one purpose is required")
        for purpose in purposes:
            if purpose not in PURPOSES:
                raise SourceError(f"{where}.purposes", f"unknown purpose {purpose!r}")
        rights = data.get("rights")
        if rights != "*":
            if not isinstance(rights, list):
                raise SourceError(f"{where}.rights", 'a list of rights or "*" is required')
            known = load_catalogue()
            for right in rights:
                if right not in known:
                    raise SourceError(f"{where}.rights", f"unknown right {right!r}")
        basis = data.get("legal_basis") or []
        if not basis:
            raise SourceError(f"{where}.legal_basis", "a legal basis is required")
        for j, ref in enumerate(basis):
            for key in ("reference", "url"):
                if not isinstance(ref, dict) or not str(ref.get(key) or "").strip():
                    raise SourceError(f"{where}.legal_basis[{j}].{key}", "required")
        local = data.get("local_rights", False)
        if not isinstance(local, bool):
            raise SourceError(f"{where}.local_rights", "true or false")
        out[code] = Source(
            local_rights=local,
            code=code,
            names=dict(names),
            inputs=tuple(inputs),
            purposes=frozenset(purposes),
            rights=None if rights == "*" else frozenset(rights),
            legal_basis=tuple(basis),
        )
    missing = INPUTS - set(fed)
    if missing:
        raise SourceError("sources", f"no source feeds {sorted(missing)[0]!r}")
    return out


@lru_cache(maxsize=1)
def authorisations() -> dict[str, Source]:
    with FILE.open(encoding="utf-8") as handle:
        return validate(yaml.safe_load(handle))


def source_of_input(name: str, sources: dict[str, Source] | None = None) -> Source:
    sources = sources if sources is not None else authorisations()
    base = name.split(".", 1)[0]
    return next(s for s in sources.values() if base in s.inputs)


def sources_of(right: str, sources: dict[str, Source] | None = None) -> list[Source]:
    """The sources a right's screening reads, in the file's order."""
    sources = sources if sources is not None else authorisations()
    inputs = {*ALWAYS, *(i for c in RIGHTS[right].conditions for i in c.inputs)}
    used = {source_of_input(name, sources).code for name in inputs}
    return [s for s in sources.values() if s.code in used]


def refusals(
    rights: list[str], purpose: str, sources: dict[str, Source] | None = None
) -> list[tuple[str, Source]]:
    """(right, source) for every source a right reads without being authorised for it."""
    return [
        (right, source)
        for right in rights
        for source in sources_of(right, sources)
        if not source.allows(purpose, right)
    ]


def local_inputs(spec: dict) -> set[str]:
    """The screening columns a local right's conditions (`local_conditions`) read."""
    names = set(ALWAYS)
    for clause in spec.get("all") or []:
        for c in clause.get("any") or [clause]:
            names.update(LOCAL_VARIABLE_INPUTS.get(c.get("variable"), ()))
    return names


def local_sources_of(spec: dict, sources: dict[str, Source] | None = None) -> list[Source]:
    """The sources a local right's screening reads, in the file's order."""
    sources = sources if sources is not None else authorisations()
    used = {source_of_input(name, sources).code for name in local_inputs(spec)}
    return [s for s in sources.values() if s.code in used]


def local_refusals(
    rights: dict[str, dict], purpose: str, sources: dict[str, Source] | None = None
) -> list[tuple[str, Source]]:
    """(right, source) for every source a local right (code -> its `local_conditions`) reads
    without the source being authorised for local rights."""
    return [
        (code, source)
        for code, spec in rights.items()
        for source in local_sources_of(spec, sources)
        if not source.allows(purpose, code, local=True)
    ]
