"""An OCMW's local right: conditions as data, refused when contradictory, screened by the engine."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from openocmw.rules.rights import explain
from openocmw.rules.rights.catalogue import CatalogueError, load_catalogue, validate_right
from openocmw.rules.rights.local import LocalConditionError, compile_rule, validate_conditions
from openocmw.rules.rights.screening import screen
from tests.rights.helpers import person, population

ON = date(2025, 3, 1)

# The example of docs/rights.md: a local supplement for the elderly with a low household
# income, or who live on a right the OCMW already knows.
SENIOR_SUPPLEMENT = {
    "unit": "person",
    "all": [
        {"variable": "age", "operator": ">=", "value": 65},
        {
            "variable": "household_income_gross_yearly",
            "operator": "<=",
            "value": 20000,
            "per_member": 3000,
        },
    ],
}


def _entry(conditions):
    entry = load_catalogue()["uitpas_opportunity_rate"].to_dict()
    entry.update(code="senior_supplement", local_conditions=conditions)
    return entry


@pytest.mark.parametrize(
    ("clauses", "field"),
    [
        (
            [
                {"variable": "age", "operator": ">=", "value": 65},
                {"variable": "age", "operator": "<", "value": 18},
            ],
            "local_conditions.all[1]",
        ),
        (
            [
                {"variable": "age", "operator": ">", "value": 64},
                {"variable": "age", "operator": "<=", "value": 64},
            ],
            "local_conditions.all[1]",
        ),
        (
            [
                {"variable": "residence_status", "operator": "in", "value": ["belgian"]},
                {"variable": "residence_status", "operator": "not_in", "value": ["belgian"]},
            ],
            "local_conditions.all[1]",
        ),
        (
            [
                {"variable": "receives", "operator": "is", "value": "leefloon"},
                {"variable": "receives", "operator": "is_not", "value": "leefloon"},
            ],
            "local_conditions.all[1]",
        ),
        (
            [
                {"variable": "age", "operator": ">=", "value": 65},
                {
                    "any": [
                        {"variable": "age", "operator": "<", "value": 18},
                        {"variable": "age", "operator": "<", "value": 25},
                    ]
                },
            ],
            "local_conditions.all[1]",
        ),
    ],
)
def test_contradictory_conditions_are_refused_naming_the_clause(clauses, field):
    with pytest.raises(LocalConditionError) as error:
        validate_conditions({"all": clauses})
    assert error.value.field == field
    assert "tegen" in error.value.message_nl and "contredit" in error.value.message_fr


def test_age_65_and_under_18_is_the_issues_example():
    with pytest.raises(CatalogueError) as error:
        validate_right(
            _entry(
                {
                    "all": [
                        {"variable": "age", "operator": ">=", "value": 65},
                        {"variable": "age", "operator": "<", "value": 18},
                    ]
                }
            )
        )
    assert error.value.field == "local_conditions.all[1]"
    assert "leeftijd ≥ 65" in error.value.message_nl


@pytest.mark.parametrize(
    ("clause", "field"),
    [
        (
            {"variable": "shoe_size", "operator": ">=", "value": 40},
            "local_conditions.all[0].variable",
        ),
        ({"variable": "age", "operator": "in", "value": 40}, "local_conditions.all[0].operator"),
        ({"variable": "age", "operator": ">=", "value": 400}, "local_conditions.all[0].value"),
        ({"variable": "age", "operator": ">=", "value": "veel"}, "local_conditions.all[0].value"),
        (
            {"variable": "residence_status", "operator": "in", "value": ["martian"]},
            "local_conditions.all[0].value",
        ),
        (
            {"variable": "receives", "operator": "is", "value": "lottery"},
            "local_conditions.all[0].value",
        ),
        (
            {"variable": "age", "operator": ">=", "value": 60, "per_member": 10},
            "local_conditions.all[0].per_member",
        ),
    ],
)
def test_unknown_variables_operators_and_values_are_refused(clause, field):
    with pytest.raises(LocalConditionError) as error:
        validate_conditions({"all": [clause]})
    assert error.value.field == field


def test_compatible_conditions_are_accepted():
    spec = validate_conditions(
        {
            "all": [
                {"variable": "age", "operator": ">=", "value": 18},
                {"variable": "age", "operator": "<", "value": 26},
                {
                    "variable": "residence_status",
                    "operator": "not_in",
                    "value": ["no_legal_residence"],
                },
                {
                    "any": [
                        {
                            "variable": "receives",
                            "operator": "is",
                            "value": "increased_reimbursement",
                        },
                        {"variable": "debt_mediation", "operator": "is", "value": True},
                    ]
                },
            ]
        }
    )
    assert spec["unit"] == "person" and len(spec["all"]) == 4


def test_local_conditions_only_on_a_local_right():
    entry = _entry(SENIOR_SUPPLEMENT)
    entry["level"] = "federal"
    with pytest.raises(CatalogueError) as error:
        validate_right(entry)
    assert error.value.field == "level"


def test_the_engine_screens_a_local_right_in_three_valued_logic():
    pop = population(
        [
            [person(70, gross=15000)],  # eligible, all facts known
            [person(70, gross=30000)],  # income too high
            [person(40, gross=1000)],  # too young
            [person(70, gross=None)],  # income unknown: listed as incomplete
            [person(67, gross=12000), person(66, role="partner", gross=10000)],  # 22000 <= 23000
        ]
    )
    rule = compile_rule("senior_supplement", SENIOR_SUPPLEMENT)
    result = screen(pop, ON, ["senior_supplement", "leefloon"], extra_rules={rule.code: rule})
    local = result.rights["senior_supplement"]
    assert local.enr_ids.tolist() == [0, 3, 4, 5]
    assert local.enr_complete.tolist() == [True, False, True, True]
    assert local.eligible == 4 and local.eligible_complete == 3
    entries = explain.worklist(
        local, pop, ON, rule=rule, right=validate_right(_entry(SENIOR_SUPPLEMENT))
    )
    assert "leeftijd ≥ 65" in entries[0]["reason"]
    assert entries[1]["missing"] == [
        "bruto belastbaar gezinsinkomen per jaar ≤ 20000 + 3000 per bijkomend gezinslid"
    ]


def test_a_household_unit_local_right_lists_the_reference_person():
    spec = {
        "unit": "household",
        "all": [
            {"variable": "minors_in_household", "operator": ">=", "value": 3},
            {"variable": "category", "operator": "in", "value": ["family_in_charge"]},
        ],
    }
    pop = population(
        [
            [
                person(40),
                person(10, role="child"),
                person(8, role="child"),
                person(6, role="child"),
            ],
            [person(40), person(10, role="child")],
        ]
    )
    rule = compile_rule("large_family", spec)
    result = screen(pop, ON, ["large_family"], extra_rules={"large_family": rule})
    assert result.rights["large_family"].enr_ids.tolist() == [0]
    assert np.all(result.rights["large_family"].enr_complete)
