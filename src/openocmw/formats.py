"""One Belgian way to write an amount of money, everywhere (pages, letters, exports, errors).

The conventions per language (issue 10 §4), the same as the leefloon explanations of
``openocmw.rules.texts`` so that a page, its letter and its explanation agree:

- nl: ``€ 1.314,20`` (euro sign first, point between thousands, decimal comma);
- fr: ``1 314,20 €`` (space between thousands, decimal comma, euro sign last);
- de: ``1.314,20 €`` (point between thousands, decimal comma, euro sign last).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

from openocmw.rules import texts

_WRITERS = {"nl": texts.money_nl, "fr": texts.money_fr, "de": texts.money_de}


def current_language() -> str:
    lang = (get_language() or "nl")[:2]
    return lang if lang in _WRITERS else "nl"


def euro(amount, language: str | None = None) -> str:
    """``amount`` (Decimal, int, float or numeric text) written in ``language`` (default: the
    active language). An empty or unreadable amount gives an empty string."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    return _WRITERS[language or current_language()](value)
