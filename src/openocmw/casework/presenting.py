"""The proposal as the team lead and the council read it: in full, with the situation frozen
at preparation and the explanation of the amount, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.formats import current_language, euro
from openocmw.registry.models import ResidenceStatusCode
from openocmw.rules import texts
from openocmw.rules.result import rule_title

from .forms import RESOURCE_KINDS

_KINDS = dict(RESOURCE_KINDS)
_YES = {True: gettext_lazy("yes"), False: gettext_lazy("no")}


def _yes(value) -> str:
    return str(_YES.get(value, "—")) if isinstance(value, bool) else "—"


def _resources(rows) -> str:
    out = []
    for r in rows or []:
        period = _("per month") if r.get("period") == "month" else _("per year")
        out.append(f"{_KINDS.get(r.get('kind'), r.get('kind'))}: {euro(r.get('amount'))} {period}")
    return "; ".join(out) or "—"


def situation_rows(situation: dict | None) -> list[tuple[str, str]]:
    """(label, value) lines of the frozen situation, for a reader rather than for the rules."""
    if not situation:
        return []
    lang = current_language()
    a = situation.get("applicant", {})
    cond = a.get("conditions", {})
    status = a.get("residence_status")
    rows = [
        (_("birth date"), _date(a.get("birth_date"))),
        (_("residence status"), str(ResidenceStatusCode(status).label) if status in ResidenceStatusCode.values else "—"),
        (_("actual residence in Belgium"), _yes(cond.get("actual_residence_in_belgium"))),
        (_("willing to work (or exempted for health or equity)"), _yes(cond.get("willing_to_work"))),
        (_("has claimed the other benefits"), _yes(cond.get("other_benefits_claimed"))),
        (_("income"), _resources(a.get("resources"))),
    ]  # fmt: skip
    if a.get("capital"):
        rows.append((_("savings and movable capital (EUR)"), euro(a["capital"].get("movable"))))
    for m in situation.get("household", {}).get("members", []):
        relation = texts.RELATIONS.get(m.get("relation"))
        label = texts.by_lang(relation)[lang] if relation else m.get("relation", "")
        facts = [_date(m.get("birth_date"))]
        if m.get("in_charge") is not None:
            facts.append(_("child in charge") + ": " + _yes(m.get("in_charge")))
        if m.get("resources"):
            facts.append(_resources(m["resources"]))
        rows.append((_("household member") + f" ({label})", ", ".join(facts)))
    return rows


def _date(iso: str | None) -> str:
    if not iso:
        return "—"
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def explanation(calculation: dict | None) -> dict:
    """{"summary", "steps": [(text, rule title, href)]} of "why this amount"."""
    lang = current_language()
    expl = (calculation or {}).get("explanation") or {}
    steps = [
        (s.get(lang) or s.get("nl", ""), rule_title(s.get("rule", {}), lang), s.get("rule", {}).get("href", ""))
        for s in expl.get("steps", [])
    ]  # fmt: skip
    return {"summary": (expl.get("summary") or {}).get(lang, ""), "steps": steps}


def present(proposal) -> None:
    """Attach ``situation_rows`` and ``why`` to a proposal, for ``_proposal_full.html``."""
    proposal.situation_rows = situation_rows(proposal.situation)
    proposal.why = explanation(proposal.calculation)
