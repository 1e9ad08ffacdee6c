"""Run the OpenFisca YAML test cases of src/openocmw/rules/tests: one pytest item per case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.tools import assert_near
from openfisca_core.tools.test_runner import _get_tax_benefit_system, build_test

from openocmw.rules.system import get_system, use_float64

CASES_DIR = Path(__file__).resolve().parents[2] / "src" / "openocmw" / "rules" / "tests"


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(cases):
            yield pytest.param(path, case, id=f"{path.stem}[{index}] {case['name']}")


ALL_CASES = list(_cases())


def test_there_are_at_least_40_cases():
    assert len(ALL_CASES) >= 40


@pytest.mark.parametrize(("path", "case"), ALL_CASES)
def test_case_cites_its_source(path, case):
    description = case.get("description", "")
    assert len(description) > 20, f"{path.name}: '{case['name']}' must cite its source"
    assert any(
        marker in description
        for marker in ("art.", "Art.", "Bron", "seed", "Seed", "POD MI", "parameterbestand")
    ), f"{path.name}: '{case['name']}' does not name a law article or a source"


def _system(reforms):
    baseline = get_system()
    if not reforms:
        return baseline
    system = _get_tax_benefit_system(baseline, reforms, [])
    use_float64(system)
    return system


@pytest.mark.parametrize(("path", "case"), ALL_CASES)
def test_yaml_case(path, case):
    test = build_test(dict(case))
    system = _system(test.reforms)
    builder = SimulationBuilder()
    builder.set_default_period(test.period)
    simulation = builder.build_from_dict(system, test.input)
    for plural, instances in test.output.items():
        population = simulation.get_population(plural=plural)
        assert population is not None, f"unknown entity {plural}"
        for instance_id, variables in instances.items():
            index = population.get_index(instance_id)
            for variable, expected in variables.items():
                actual = simulation.calculate(variable, test.period)[index]
                if hasattr(actual, "name"):
                    actual = actual.name
                if isinstance(expected, str):
                    decoded = simulation.calculate(variable, test.period).decode_to_str()[index]
                    assert decoded == expected, f"{case['name']}: {variable} = {decoded}"
                else:
                    assert_near(
                        actual,
                        expected,
                        absolute_error_margin=test.absolute_error_margin[variable],
                        message=f"{case['name']}: {variable}@{test.period}: ",
                    )
