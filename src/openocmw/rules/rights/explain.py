"""Reasons in words for screening matches, in Dutch, French or German (no Django).

A worklist entry says which conditions hold and from which inputs (with their values), the
parameter values used (with the date they apply from and their source), which facts are missing
(the confidence), and what the social investigation must still check (the catalogue's
`not_checkable`). This is what a worker reads before contacting the person.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np

from openocmw.rules.rights import params
from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import RIGHTS, STATUS_CODES
from openocmw.rules.rights.screening import Population, RightResult

# key -> (nl, fr, de)
WORDS = {
    "holds": ("Voldaan", "Rempli", "Erfüllt"),
    "missing": ("Ontbrekende gegevens", "Données manquantes", "Fehlende Angaben"),
    "complete": ("alle gegevens gekend", "toutes les données connues", "alle Angaben bekannt"),
    "partial": ("onvolledig", "incomplet", "unvollständig"),
    "to_check": (
        "Na te gaan in het sociaal onderzoek",
        "À vérifier lors de l'enquête sociale",
        "In der Sozialuntersuchung zu prüfen",
    ),
    "failing": ("Niet meer voldaan", "Plus rempli", "Nicht mehr erfüllt"),
    "as_of": ("toestand op", "situation au", "Stand am"),
    "unverified": (
        "parameter niet nagegaan na {date}",
        "paramètre non vérifié après le {date}",
        "Parameter nach dem {date} nicht überprüft",
    ),
    "unknown": ("onbekend", "inconnu", "unbekannt"),
    "yes": ("ja", "oui", "ja"),
}
LANGUAGES = ("nl", "fr", "de")


def _w(key: str, language: str) -> str:
    nl, fr, de = WORDS[key]
    return {"fr": fr, "de": de}.get(language, nl)


def _text(texts: dict, language: str) -> str:
    """A catalogue text in `language`, Dutch when it is missing (a local right without de)."""
    return texts.get(language) or texts["nl"]


def _input_value(pop: Population, position: int, name: str, language: str) -> str | None:
    if name.startswith("receives."):
        code = name.removeprefix("receives.")
        return f"{code}={_w('yes', language)}" if pop.receives[code][position] else None
    if name == "household":
        return None
    value = pop.columns[name][position]
    if name == "status":
        return f"status={STATUS_CODES[int(value)]}"
    if isinstance(value, (float, np.floating)):
        return f"{name}={_w('unknown', language)}" if np.isnan(value) else f"{name}={value:.2f}"
    if name in ("disability_allowance", "debt_mediation") and value < 0:
        return f"{name}={_w('unknown', language)}"
    return f"{name}={int(value)}"


@lru_cache(maxsize=1024)
def _parameter_text(name: str, on: date) -> str:
    if name.startswith("leefloon."):
        number = int(name.rsplit("_", 1)[1])
        info = params.leefloon_amount_info(number, on)
        return f"{name}={info['value']} ({info['valid_from']})"
    info = params.parameter_info(name, on)
    text = f"rights.{name}={info['value']} ({info['valid_from']}; {info['reference']['href']})"
    return text


def _positions(pop: Population, ids: np.ndarray) -> np.ndarray:
    order = np.argsort(pop.person_id)
    return order[np.searchsorted(pop.person_id, ids, sorter=order)]


def worklist(
    result: RightResult,
    pop: Population,
    on: date,
    *,
    language: str = "nl",
    limit: int | None = None,
    select: np.ndarray | None = None,
    rule=None,
    right=None,
) -> list[dict]:
    """The eligible-not-receiving entries of one right, each with its reason in words
    (only the entries at the positions `select`, if given; at most `limit`). A local right
    gives its `rule` and catalogue entry (`right`)."""
    rule = rule or RIGHTS[result.code]
    right = right or load_catalogue()[result.code]
    to_check = "; ".join(_text(item["reason"], language) for item in right.not_checkable)
    chosen = np.arange(len(result.enr_ids)) if select is None else np.asarray(select)
    if chosen.dtype == bool:
        chosen = np.flatnonzero(chosen)
    if limit is not None:
        chosen = chosen[:limit]
    positions = _positions(pop, result.enr_ids[chosen])
    entries = []
    for j, k in enumerate(chosen.tolist()):
        position = int(positions[j])
        held, absent = [], []
        for bit, condition in enumerate(rule.conditions):
            label = condition.label(language)
            values = [
                v for v in (_input_value(pop, position, i, language) for i in condition.inputs) if v
            ]
            used = [_parameter_text(p, on) for p in condition.parameters]
            detail = ", ".join(values + used)
            if result.enr_reasons[k] & (1 << bit):
                held.append(f"{label} [{detail}]" if detail else label)
            elif result.enr_missing[k] & (1 << bit):
                absent.append(label)
        complete = not absent
        reason = (
            f"{_w('holds', language)}: "
            + "; ".join(held)
            + f" ({_w('as_of', language)} {on.isoformat()})"
        )
        if absent:
            reason += f". {_w('missing', language)}: " + "; ".join(absent)
        entries.append(
            {
                "person_id": int(result.enr_ids[k]),
                "right": result.code,
                "reason": reason,
                "confidence": _w("complete" if complete else "partial", language),
                "complete": complete,
                "missing": absent,
                "to_check": to_check,
                "parameters_verified": result.parameters_verified,
            }
        )
    return entries


def review_list(
    result: RightResult, pop: Population, on: date, *, language: str = "nl", rule=None
) -> list[dict]:
    """Who receives the right but no longer appears to meet a condition: for review, never an
    automatic withdrawal."""
    rule = rule or RIGHTS[result.code]
    positions = _positions(pop, result.review_ids)
    entries = []
    for k, position in enumerate(positions):
        failing = []
        for bit, condition in enumerate(rule.conditions):
            if result.review_failing[k] & (1 << bit):
                label = condition.label(language)
                values = [
                    v
                    for v in (
                        _input_value(pop, int(position), i, language) for i in condition.inputs
                    )
                    if v
                ]
                failing.append(f"{label} [{', '.join(values)}]" if values else label)
        entries.append(
            {
                "person_id": int(result.review_ids[k]),
                "right": result.code,
                "reason": f"{_w('failing', language)}: " + "; ".join(failing),
            }
        )
    return entries
