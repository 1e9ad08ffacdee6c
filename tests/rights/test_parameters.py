"""Schema and coverage of the rights parameters (same rules as the leefloon's parameter files)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from openocmw.rules.rights import params
from openocmw.rules.rights.screening import SUPPORTED_FROM

FILES = sorted(params.PARAMETERS_DIR.rglob("*.yaml"))


def _name(path: Path) -> str:
    return path.relative_to(params.PARAMETERS_DIR).with_suffix("").as_posix().replace("/", ".")


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_parameter_file_schema(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.get("description")
    metadata = data["metadata"]
    for key in (
        "unit",
        "label_nl",
        "label_fr",
        "label_de",
        "reference",
        "last_value_still_valid_on",
    ):
        assert metadata.get(key), f"metadata.{key}"
    for reference in metadata["reference"]:
        assert reference["title"] and reference["href"].startswith("http")
    keys = [str(k) for k in data["values"]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for key, entry in data["values"].items():
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", str(key))
        assert isinstance(entry["value"], (int, float, bool))
        value_metadata = entry.get("metadata") or {}
        assert value_metadata.get("reference"), f"{key}: every value needs its source"
        for reference in value_metadata["reference"]:
            assert reference["title"] and reference["href"].startswith("http")
        # A publication date, or a note saying why it is missing: never silence.
        assert value_metadata.get("publication_date") or value_metadata.get(
            "publication_date_note"
        ), f"{key}: publication_date or publication_date_note"


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_every_parameter_has_a_value_from_the_supported_start(path: Path):
    info = params.parameter_info(_name(path), SUPPORTED_FROM)
    assert info["value"] is not None and info["reference"]["href"]


def test_values_after_the_last_verified_date_are_flagged():
    checked = params.parameter_info("svf.income_ceiling", date(2025, 2, 1))
    later = params.parameter_info("svf.income_ceiling", date(2025, 6, 1))
    assert checked["verified"] and not later["verified"]
    assert later["value"] == 24814.75


def test_heating_allowance_ceiling_follows_the_circulars():
    # POD MI FAQ (from 1 January 2022); circulars of 1 July 2023 and 1 February 2025.
    assert params.value("svf.income_ceiling", date(2022, 6, 1)) == 20763.88
    assert params.value("svf.income_ceiling", date(2023, 7, 1)) == 23383.5
    assert params.value("svf.income_ceiling_per_dependant", date(2025, 2, 1)) == 4591.85


def test_energy_tariff_extension_to_increased_reimbursement_ended_in_march_2023():
    # CM: from 1 February 2021 to 31 March 2023.
    assert params.value("energy_tariff.bim_included", date(2023, 3, 31)) is True
    assert params.value("energy_tariff.bim_included", date(2023, 4, 1)) is False
