"""Every derived amount recomputed from its stated derivation, to the cent (issue 8, point 6).

A parameter value that was not read literally in a source says how it was obtained: its
`computation` ("basisbedrag B (...) x indexcoëfficiënt K (...) = V" or "B x K") and, in its
`derived` / `note` text, the arithmetic that led to the base amount (written with Belgian number
formats: "10.404,42 + 349,65 = 10.754,07"). These tests redo that arithmetic independently of the
rules engine and fail on any cent of difference, so a derivation and its value cannot drift apart.
See docs/legal-sources/leefloon-amounts.md ("Corrections") for the values they corrected.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

RULES = Path(__file__).resolve().parents[2] / "src" / "openocmw" / "rules"
ROOTS = (RULES / "parameters", RULES / "reforms" / "parameters")
FILES = [path for root in ROOTS for path in sorted(root.rglob("*.yaml"))]
CENT = Decimal("0.01")

_BASE_FORM = re.compile(
    r"^basisbedrag (?P<base>\d+\.\d{2}) \([^)]*stand (?P<stand>\d{4}-\d{2}-\d{2})\) "
    r"x indexcoëfficiënt (?P<coefficient>\d\.\d{4}) \(sinds (?P<since>\d{4}-\d{2}-\d{2})\) "
    r"= (?P<result>\d+\.\d{2}), afgerond op de cent$"
)
_SHORT_FORM = re.compile(r"^(?P<base>\d+\.\d{2}) x (?P<coefficient>\d\.\d{4})$")
# Written by `openocmw rules index` for a value without a base x coefficient computation.
_FACTOR_FORM = re.compile(
    r"^vorige waarde (?P<base>\d+(?:\.\d+)?) x factor (?P<coefficient>\d+(?:\.\d+)?) "
    r"= (?P<result>\d+\.\d{2}), afgerond op de cent$"
)

# A number as written in the Dutch texts: 10.754,07 / 349,65 / 1,3728 / 12 (a date such as
# 1/1/2022 or 2013-2025 is not a number here: no operator with spaces around it).
_NUMBER = r"(?<![\d/.,-])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\d/-]|[.,]\d)"
_EXPRESSION = rf"{_NUMBER}(?:\s+[x/+-]\s+{_NUMBER})*"
_EQUATION = re.compile(rf"{_EXPRESSION}(?:\s+=\s+{_EXPRESSION})+")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _number(text: str) -> Decimal:
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)


def _evaluate(expression: str) -> Decimal:
    tokens = re.split(r"\s+([x/+-])\s+", expression.strip())
    value = _number(tokens[0])
    for operator, operand in zip(tokens[1::2], tokens[2::2], strict=True):
        number = _number(operand)
        if operator == "x":
            value *= number
        elif operator == "/":
            value /= number
        elif operator == "+":
            value += number
        else:
            value -= number
    return value


def _id(path: Path) -> str:
    for root in ROOTS:
        if path.is_relative_to(root):
            return path.relative_to(root.parent).as_posix()
    return path.name


def _values(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for day, entry in (data.get("values") or {}).items():
        yield str(day), entry, entry.get("metadata") or {}


def _computed(path: Path) -> dict[str, dict]:
    """The parsed `computation` of every value of one file, by date."""
    result = {}
    for day, entry, metadata in _values(path):
        text = metadata.get("computation")
        if text is None:
            continue
        match = _BASE_FORM.match(text) or _SHORT_FORM.match(text) or _FACTOR_FORM.match(text)
        assert match, f"{day}: computation in an unknown form: {text!r}"
        result[day] = {"value": entry["value"], **match.groupdict()}
    return result


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_every_computation_gives_its_value_to_the_cent(path):
    for day, parts in _computed(path).items():
        product = _cents(Decimal(parts["base"]) * Decimal(parts["coefficient"]))
        assert product == _cents(Decimal(str(parts["value"]))), (
            f"{day}: {parts['base']} x {parts['coefficient']} = {product}, value {parts['value']}"
        )
        if parts.get("result") is not None:
            assert Decimal(parts["result"]) == product, f"{day}: stated result {parts['result']}"
        if parts.get("since") is not None:
            assert parts["since"] <= day, f"{day}: coefficient since {parts['since']} (later)"


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_every_equation_in_a_derivation_holds_to_the_cent(path):
    for day, _entry, metadata in _values(path):
        for key in ("derived", "note", "computation"):
            text = metadata.get(key)
            if not isinstance(text, str):
                continue
            for match in _EQUATION.finditer(text):
                sides = [_cents(_evaluate(side)) for side in match.group(0).split(" = ")]
                assert len(set(sides)) == 1, f"{day} {key}: {match.group(0)!r} gives {sides}"


def test_the_equation_reader_finds_the_derivations():
    """Guard against a reader that silently finds nothing (a test that cannot fail)."""
    found = [
        match.group(0)
        for path in FILES
        for _day, _entry, metadata in _values(path)
        for key in ("derived", "note")
        if isinstance(metadata.get(key), str)
        for match in _EQUATION.finditer(metadata[key])
    ]
    assert "10.404,42 + 349,65 = 10.754,07" in found
    assert "258,96 = 177,76 x 1,4568" in found
    assert len(found) > 40
    assert not _EQUATION.search("op 1/1/2022 = basis, 2013-2025")
    bad = "10.754,06 - 10.404,42 = 349,65"
    sides = [_cents(_evaluate(side)) for side in _EQUATION.search(bad).group(0).split(" = ")]
    assert len(set(sides)) == 2


def _bases(category: int) -> dict[str, Decimal]:
    path = RULES / "parameters" / "leefloon" / "amount" / f"category_{category}.yaml"
    return {parts["stand"]: Decimal(parts["base"]) for parts in _computed(path).values()}


# The relations between successive base amounts that the `derived` texts of
# leefloon/amount/category_{1,2,3}.yaml state, each with where it is stated.
STATED_RELATIONS = [
    # 2013-01-01: "afgeleid als basisbedrag 1 september 2013 / 1,02 (de enige waarden die x 1,02 ...)"
    *[(c, "2011-09-01", "2013-09-01", Decimal("1.02"), 0) for c in (1, 2, 3)],
    # 2015-09-01: "Basisbedragen = basisbedragen 1 september 2013 x 1,02"
    *[(c, "2013-09-01", "2015-09-01", Decimal("1.02"), 0) for c in (1, 2, 3)],
    # 2016-04-01: "Basisbedragen = basisbedragen 1 september 2015 x 1,02"
    *[(c, "2015-09-01", "2016-04-01", Decimal("1.02"), 0) for c in (1, 2, 3)],
    # 2017-09-01: RD 30 June 2017, +0,9% (ministerraad 21 April 2017, press release Borsus)
    *[(c, "2016-04-01", "2017-09-01", Decimal("1.009"), 0) for c in (1, 2, 3)],
    # 2018-07-01 cat. 3: "+40 euro per maand voor gezinshoofden": + 40 x 12 / 1,3728 = 349,65
    (3, "2017-09-01", "2018-07-01", Decimal(1), Decimal("349.65")),
    # 2018-07-01 cat. 3 checked by the 1-1-2020 base (+1,25%, minister Muylle)
    (3, "2018-07-01", "2020-01-01", Decimal("1.0125"), 0),
    # 2019-07-01 cat. 1-2: "Basisbedragen categorie 1 en 2 = basisbedragen 1 september 2017 x 1,02"
    *[(c, "2017-09-01", "2019-07-01", Decimal("1.02"), 0) for c in (1, 2)],
]


@pytest.mark.parametrize(
    ("category", "before", "after", "factor", "added"),
    STATED_RELATIONS,
    ids=[f"cat{c}-{b}-to-{a}" for c, b, a, _f, _d in STATED_RELATIONS],
)
def test_stated_relations_between_base_amounts(category, before, after, factor, added):
    bases = _bases(category)
    assert _cents(bases[before] * factor + added) == bases[after]


def _coefficients(path: Path) -> list[tuple[str, str]]:
    return sorted((d, p["coefficient"]) for d, p in _computed(path).items())


def _coefficient_on(series: list[tuple[str, str]], day: str) -> str:
    return [coefficient for start, coefficient in series if start <= day][-1]


INDEXED_EXEMPTIONS = [
    RULES / "parameters" / "leefloon" / "exemptions" / "spi" / f"{name}.yaml"
    for name in ("monthly_amount", "artist_yearly_amount", "student_monthly_amount")
]


@pytest.mark.parametrize("path", INDEXED_EXEMPTIONS, ids=_id)
def test_indexed_exemptions_use_the_coefficient_of_the_leefloon(path):
    """The SPI amounts follow 'the same coefficient and dates as the leefloon' (their metadata)."""
    leefloon = _coefficients(RULES / "parameters" / "leefloon" / "amount" / "category_1.yaml")
    for day, coefficient in _coefficients(path):
        assert coefficient == _coefficient_on(leefloon, day), day


def test_category_3_from_july_2018_follows_its_derivation():
    """The example of issue 8: 10.404,42 + 349,65 = 10.754,07, not 10.754,06."""
    path = RULES / "parameters" / "leefloon" / "amount" / "category_3.yaml"
    values = {day: entry["value"] for day, entry, _m in _values(path)}
    assert _bases(3)["2018-07-01"] == Decimal("10754.07")
    assert values["2018-07-01"] == 14763.19
    assert values["2018-09-01"] == values["2019-07-01"] == 15057.85
    assert _cents(Decimal("15057.85") / 12) == Decimal("1254.82")  # Knack, January 2019
