"""The result of a calculation and the pieces shared by the facade and the explanation.

This module exists so that `facade` (which runs the simulation) and `explanation` (which turns
the computed values into steps) both depend on it, and not on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from openocmw.rules import texts
from openocmw.rules.variables.common import KB, KB_URL, LAW, LAW_URL, ORGANIC_LAW_URL

CENT = Decimal("0.01")
LANGUAGES = ("nl", "fr", "de")

RESOURCE_VARIABLES = {
    "wages": "income_wages",
    "activation_employment": "income_activation_employment",
    "self_employment": "income_self_employment",
    "vocational_training": "income_vocational_training",
    "unemployment_benefit": "income_benefits",
    "sickness_benefit": "income_benefits",
    "pension": "income_benefits",
    "other_benefit": "income_benefits",
    "maintenance": "income_maintenance",
    "maintenance_for_children": "income_maintenance_for_children",
    "family_allowance": "income_family_allowance",
    "study_grant": "income_study_grant",
    "entry_traineeship": "income_entry_traineeship",
    "artistic": "income_artistic",
    "other": "income_other",
}
INCOME_VARIABLES = sorted(set(RESOURCE_VARIABLES.values()))

# The acts cited, with their official titles in Dutch, French and German, and a link.
ACTS = {
    "law": (
        LAW,
        "Loi du 26 mai 2002 concernant le droit à l'intégration sociale",
        "Gesetz vom 26. Mai 2002 über das Recht auf soziale Eingliederung",
        LAW_URL,
    ),
    "kb": (
        KB,
        "Arrêté royal du 11 juillet 2002 portant règlement général en matière de droit à "
        "l'intégration sociale",
        "Königlicher Erlass vom 11. Juli 2002 zur Einführung einer allgemeinen Regelung über "
        "das Recht auf soziale Eingliederung",
        KB_URL,
    ),
    "organic": (
        "Organieke wet van 8 juli 1976 betreffende de openbare centra voor maatschappelijk welzijn",
        "Loi organique du 8 juillet 1976 des centres publics d'action sociale",
        "Grundlagengesetz vom 8. Juli 1976 über die öffentlichen Sozialhilfezentren",
        ORGANIC_LAW_URL,
    ),
    "practice": (
        "Praktijk van de OCMW's (geen wettekst gevonden)",
        "Pratique des CPAS (aucun texte légal trouvé)",
        "Praxis der ÖSHZ (kein Gesetzestext gefunden)",
        "https://primabook.mi-is.be/nl/recht-op-maatschappelijke-integratie/berekening-van-de-bestaansmiddelen",
    ),
}


def rule(
    article: str, act: str = "law", article_fr: str | None = None, article_de: str | None = None
) -> dict:
    """A legal rule: act and article in Dutch (`title`), French (`title_fr`), German (`title_de`)."""
    nl, fr, de, href = ACTS[act]
    article_fr = article_fr or article.replace(" en ", " et ")
    article_de = article_de or article.replace(" en ", " und ").replace("art.", "Art.")
    return {
        "title": f"{nl}, {article}",
        "title_fr": f"{fr}, {article_fr}",
        "title_de": f"{de}, {article_de}",
        "href": href,
    }


def rule_title(rule_info: dict, lang: str) -> str:
    """The title of a rule in the reader's language (Dutch when no translation is stored)."""
    if lang in ("fr", "de"):
        return rule_info.get(f"title_{lang}") or rule_info.get("title", "")
    return rule_info.get("title", "")


def cents(value) -> Decimal:
    """A float from the engine, as an exact amount in cents (half up)."""
    return Decimal(repr(round(float(value), 6))).quantize(CENT, rounding=ROUND_HALF_UP)


def monthly_of(item: dict) -> float:
    amount = float(item["amount"])
    return amount if item["period"] == "month" else amount / 12.0


def yearly_of(item: dict) -> Decimal:
    amount = Decimal(repr(float(item["amount"])))
    return (amount * 12 if item["period"] == "month" else amount).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Result:
    reference_date: date
    right: str
    right_reason: str
    category: int | None
    category_amount_yearly: Decimal
    yearly_amount: Decimal
    monthly_amount: Decimal
    amount_for_period: Decimal
    days_with_right: int
    days_in_month: int
    countable_resources: list[dict]
    countable_resources_total: Decimal
    exemptions: list[dict]
    explanation: dict
    parameters: list[dict]
    rules_version: str
    reform: str | None = None
    situation: dict = field(default_factory=dict, repr=False)
    warnings: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        category = None
        if self.category:
            category = {"number": self.category, **texts.by_lang(texts.CATEGORIES[self.category])}
        return {
            "rules_version": self.rules_version,
            "reform": self.reform,
            "reference_date": self.reference_date.isoformat(),
            "right": {"code": self.right, **texts.by_lang(texts.RIGHTS[self.right])},
            "right_reason": {
                "code": self.right_reason,
                **texts.by_lang(texts.REASONS[self.right_reason]),
            },
            "category": category,
            "category_amount_yearly": str(self.category_amount_yearly),
            "yearly_amount": str(self.yearly_amount),
            "monthly_amount": str(self.monthly_amount),
            "amount_for_period": str(self.amount_for_period),
            "days_with_right": self.days_with_right,
            "days_in_month": self.days_in_month,
            "countable_resources": jsonable(self.countable_resources),
            "countable_resources_total": str(self.countable_resources_total),
            "exemptions": jsonable(self.exemptions),
            "explanation": jsonable(self.explanation),
            "parameters": jsonable(self.parameters),
            "warnings": list(self.warnings),
        }

    def explain(self, lang: str = "nl") -> str:
        """The explanation as readable text, in Dutch (nl), French (fr) or German (de)."""
        if lang not in LANGUAGES:
            lang = "nl"
        lines = [f"! {w[lang]}" for w in self.warnings]
        lines += [self.explanation["summary"][lang], ""]
        for number, step in enumerate(self.explanation["steps"], start=1):
            lines.append(f"{number}. {step[lang]}")
            lines.append(f"   ({rule_title(step['rule'], lang)})")
        version = {"nl": "Versie van de regels", "fr": "Version des règles"}.get(
            lang, "Version der Regeln"
        )
        lines += ["", f"{version}: {self.rules_version}"]
        return "\n".join(lines)


def jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date,)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value
