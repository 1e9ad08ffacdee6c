"""The public Python API: calculate, validate_situation, errors, Result, versions."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from openocmw.rules import (
    RULES_VERSION,
    SUPPORTED_RANGE,
    Result,
    SituationError,
    calculate,
    situation_schema,
    validate_situation,
)
from openocmw.rules.params import parameter_value
from openocmw.rules.system import get_system

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}


def situation(**applicant):
    base = {
        "birth_date": "1985-04-12",
        "residence_status": "belgian",
        "conditions": dict(CONDITIONS),
    }
    base.update(applicant)
    return {"reference_date": "2013-10-15", "applicant": base, "household": {"members": []}}


EXPECTED = {
    "01_single_no_income": ("leefloon", 2, "817.36"),
    "02_cohabitant_sibling": ("leefloon", 1, "544.91"),
    "03_family_in_charge": ("leefloon", 3, "1089.82"),
    "04_partner_with_income": ("leefloon", 1, "402.74"),
    "05_adult_child_counted_half": ("leefloon", 1, "230.28"),
    "06_wages_with_spi": ("leefloon", 2, "772.75"),
    "07_spi_expired": ("leefloon", 2, "538.20"),
    "08_student_with_grant": ("leefloon", 2, "603.62"),
    "09_artist": ("leefloon", 2, "772.75"),
    "10_entry_traineeship": ("leefloon", 2, "817.36"),
    "11_capital_and_real_estate": ("leefloon", 2, "687.95"),
    "12_rented_property": ("leefloon", 2, "588.20"),
    "13_general_exemption": ("leefloon", 2, "738.20"),
    "14_resources_too_high": ("none", 2, "0.00"),
    "15_partial_month": ("leefloon", 2, "817.36"),
    "16_foreigners_register_equivalent": ("equivalent_leefloon", 2, "817.36"),
    "17_no_legal_residence": ("urgent_medical_aid", 2, "0.00"),
    "18_asylum_seeker": ("material_aid", 2, "0.00"),
    "19_eu_citizen_first_3_months": ("none", 2, "0.00"),
    "20_eu_citizen_over_3_months": ("leefloon", 2, "817.36"),
    "21_subsidiary_protection_2017": ("leefloon", 2, "867.40"),
    "22_minor_not_emancipated": ("none", 2, "0.00"),
    "23_minor_pregnant": ("leefloon", 2, "817.36"),
    "24_not_willing_to_work": ("none", 2, "0.00"),
    "25_decision_2019": ("leefloon", 2, "749.56"),
}
BAD = {
    "26_bad_input_child_older_than_parent": "child_older_than_parent",
    "27_bad_input_negative_amount": "negative",
}


def test_every_example_is_covered():
    names = {p.stem for p in EXAMPLES.glob("*.json")}
    assert names == set(EXPECTED) | set(BAD)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example(name):
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    result = calculate(data)
    right, category, monthly = EXPECTED[name]
    assert result.right == right
    assert result.category == category
    assert result.monthly_amount == Decimal(monthly)
    output = result.to_dict()
    json.dumps(output)
    assert output["rules_version"] == RULES_VERSION
    assert output["explanation"]["steps"], "an explanation is always present"
    for step in output["explanation"]["steps"]:
        assert step["rule"]["title"] and step["rule"]["href"]
        assert step["nl"] and step["fr"]
        for parameter in step["parameters"]:
            assert parameter["reference"] and parameter["publication_date"]
    for lang in ("nl", "fr"):
        assert output["explanation"]["summary"][lang]
        assert result.explain(lang)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_examples(name):
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    with pytest.raises(SituationError) as error:
        calculate(data)
    assert BAD[name] in {e["code"] for e in error.value.errors}


def test_seed_amounts_of_1_september_2013():
    """Seed 000 l. 1466-1500: 6538.91 / 9808.37 / 13077.84 per year; 544.91 / 817.36 / 1089.82."""
    single = calculate(situation(), on="2013-09-01")
    assert single.yearly_amount == Decimal("9808.37")
    assert single.monthly_amount == Decimal("817.36")


def test_decision_from_2019_uses_2019_amounts():
    result = calculate(situation(), on=date(2019, 10, 1))
    expected = parameter_value(get_system(), "leefloon.amount.category_2", date(2019, 10, 1))
    assert result.yearly_amount == Decimal(str(expected["value"]))
    assert result.monthly_amount == (result.yearly_amount / 12).quantize(Decimal("0.01"))
    used = {p["name"]: p for p in result.parameters}
    assert used["leefloon.amount.category_2"]["valid_from"] <= "2019-10-01"


def test_partial_month():
    data = situation()
    data["right_period"] = {"start": "2013-10-15"}
    result = calculate(data)
    assert result.days_with_right == 17
    assert result.amount_for_period == Decimal("448.23")
    assert any(step["id"] == "partial_month" for step in result.explanation["steps"])


def test_result_is_a_dataclass_with_decimals():
    result = calculate(situation())
    assert isinstance(result, Result)
    assert isinstance(result.yearly_amount, Decimal)
    assert result.to_dict()["yearly_amount"] == "9808.37"


def test_rules_version_has_package_version_and_hash():
    version, _, digest = RULES_VERSION.partition("+rules.")
    assert version and len(digest) == 12


def test_schema_is_returned_and_rejects_unknown_fields():
    schema = situation_schema()
    assert schema["additionalProperties"] is False
    schema["title"] = "changed"
    assert situation_schema()["title"] != "changed"
    data = situation()
    data["colour"] = "blue"
    with pytest.raises(SituationError) as error:
        validate_situation(data)
    assert error.value.errors[0] == {
        "field": "colour",
        "code": "unknown_field",
        "nl": "Het veld colour is onbekend en wordt niet aanvaard.",
        "fr": "Le champ colour est inconnu et n'est pas accepté.",
        "de": "Das Feld colour ist unbekannt und wird nicht angenommen.",
    }


def _codes(data, **kwargs):
    with pytest.raises(SituationError) as error:
        calculate(data, **kwargs)
    return {(e["field"], e["code"]) for e in error.value.errors}


def test_negative_amount():
    data = situation(resources=[{"kind": "wages", "amount": -1, "period": "month"}])
    assert ("applicant.resources[0].amount", "negative") in _codes(data)


def test_missing_period():
    data = situation(resources=[{"kind": "wages", "amount": 10}])
    assert ("applicant.resources[0].period", "required") in _codes(data)


def test_reference_date_outside_range():
    assert ("on", "date_out_of_range") in _codes(situation(), on="2012-12-31")
    late = date(SUPPORTED_RANGE[1].year + 1, 1, 1)
    assert ("on", "date_out_of_range") in _codes(situation(), on=late)


def test_missing_reference_date():
    data = situation()
    del data["reference_date"]
    assert ("reference_date", "reference_date_required") in _codes(data)


def test_unknown_residence_status():
    assert ("applicant.residence_status", "enum") in _codes(situation(residence_status="tourist"))


def test_unknown_relation():
    data = situation()
    data["household"]["members"] = [
        {"relation": "cousin", "birth_date": "1990-01-01", "shares_household": True}
    ]
    assert ("household.members[0].relation", "enum") in _codes(data)


def test_child_older_than_parent():
    data = situation()
    data["household"]["members"] = [
        {"relation": "partner", "birth_date": "1984-01-01", "shares_household": True},
        {
            "relation": "child",
            "birth_date": "1980-01-01",
            "shares_household": True,
            "in_charge": True,
        },
    ]
    assert ("household.members[1].birth_date", "child_older_than_parent") in _codes(data)


def test_no_silent_defaults():
    data = situation()
    del data["applicant"]["conditions"]["willing_to_work"]
    assert ("applicant.conditions.willing_to_work", "required") in _codes(data)
    eu = situation(residence_status="eu_citizen")
    assert ("applicant.eu_residence", "eu_residence_required") in _codes(eu)
    minor = situation(birth_date="2000-01-01")
    assert ("applicant.married", "required_for_minor") in _codes(minor)
    relatives = situation()
    relatives["household"]["members"] = [
        {
            "relation": "parent",
            "birth_date": "1950-01-01",
            "shares_household": True,
            "resources": [{"kind": "pension", "amount": 1500, "period": "month"}],
        }
    ]
    assert ("ocmw_choices.first_degree_relatives_share", "relatives_choice_required") in _codes(
        relatives
    )


def test_errors_are_bilingual_without_english():
    with pytest.raises(SituationError) as error:
        calculate(situation(residence_status="tourist"))
    item = error.value.errors[0]
    assert "toegelaten waarden" in item["nl"] and "valeurs admises" in item["fr"]


def test_reform_changes_the_spi():
    data = situation(
        spi={"first_day": "2013-01-15"},
        resources=[{"kind": "wages", "amount": 300, "period": "month"}],
    )
    baseline = calculate(data)
    reformed = calculate(data, reform="spi_percentage_monthly")
    # The general exemption (art. 22, §2) is cumulated with art. 35 and with the reform.
    assert baseline.monthly_amount == Decimal("772.75")
    assert reformed.monthly_amount == Decimal("638.20")
    assert reformed.to_dict()["reform"] == "spi_percentage_monthly"
    assert ("reform", "unknown_reform") in _codes(data, reform="nope")
    assert ("applicant.spi.days_worked", "required") in _codes(data, reform="spi_percentage_daily")
    data["applicant"]["spi"]["days_worked"] = 10
    daily = calculate(data, reform="spi_percentage_daily")
    assert daily.monthly_amount == Decimal("613.20")


def test_calculation_does_not_reload_yaml(monkeypatch):
    calculate(situation())
    from openocmw.rules import system as system_module

    def fail(*args, **kwargs):  # pragma: no cover - would only run on a regression
        raise AssertionError("the tax-benefit system was rebuilt")

    monkeypatch.setattr(system_module, "LeefloonSystem", fail)
    calculate(situation())


def test_dates_after_the_verified_amounts_carry_a_warning():
    """Amounts are verified until VERIFIED_UNTIL; later dates apply them with a warning
    (docs/leefloon.md, "Limits"), so that a social worker never mistakes them for checked."""
    from openocmw.rules import VERIFIED_UNTIL

    situation = json.loads((EXAMPLES / "01_single_no_income.json").read_text())
    later = calculate(situation, on=date(VERIFIED_UNTIL.year + 1, 6, 1)).to_dict()
    assert [w["code"] for w in later["warnings"]] == ["unverified_amounts"]
    assert VERIFIED_UNTIL.strftime("%d/%m/%Y") in later["warnings"][0]["nl"]
    assert calculate(situation, on=VERIFIED_UNTIL).to_dict()["warnings"] == []
