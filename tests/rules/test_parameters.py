"""Schema and temporal coverage of the parameter files."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from openocmw.rules import SUPPORTED_RANGE
from openocmw.rules.system import get_system

PARAMETERS_DIR = Path(__file__).resolve().parents[2] / "src" / "openocmw" / "rules" / "parameters"
REFORM_PARAMETERS_DIR = PARAMETERS_DIR.parent / "reforms" / "parameters"
FILES = sorted(PARAMETERS_DIR.rglob("*.yaml")) + sorted(REFORM_PARAMETERS_DIR.rglob("*.yaml"))


def _id(path: Path) -> str:
    return path.relative_to(PARAMETERS_DIR.parent).as_posix()


def _references(metadata: dict) -> list[dict]:
    reference = metadata.get("reference")
    if isinstance(reference, dict):
        return [reference]
    return list(reference or [])


# Values whose publication date could not be found in the sources available (see
# docs/legal-sources/leefloon-amounts.md, "Open doubts"). Each one must carry a
# `publication_date_note` saying what is missing. This list may only shrink.
KNOWN_PUBLICATION_GAPS = {
    ("leefloon/amount/category_1.yaml", "2023-11-01"),
    ("leefloon/amount/category_2.yaml", "2023-11-01"),
    ("leefloon/amount/category_3.yaml", "2023-11-01"),
    *{
        (f"leefloon/exemptions/spi/{name}.yaml", day)
        for name in ("artist_yearly_amount", "monthly_amount", "student_monthly_amount")
        for day in ("2023-11-01", "2024-05-01", "2025-02-01")
    },
}


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_parameter_file_schema(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data.get("description"), str) and data["description"], "description"
    metadata = data.get("metadata") or {}
    for key in ("unit", "label_nl", "label_fr", "label_de"):
        assert metadata.get(key), f"metadata.{key} is required"
    assert _references(metadata), "metadata.reference is required"
    for reference in _references(metadata):
        assert reference.get("title") and reference.get("href"), "reference needs title and href"
    values = data.get("values")
    assert isinstance(values, dict) and values, "values are required"
    keys = [str(k) for k in values]
    assert keys == sorted(keys), "values must be in chronological order"
    assert len(set(keys)) == len(keys), "one value per date"
    for key, entry in values.items():
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", str(key)), f"bad date {key}"
        assert isinstance(entry, dict) and "value" in entry, f"{key}: value missing"
        assert isinstance(entry["value"], (int, float, bool)), f"{key}: value type"
        value_metadata = entry.get("metadata") or {}
        references = _references(value_metadata)
        assert references, f"{key}: every value needs its reference"
        for reference in references:
            assert reference.get("title") and reference.get("href"), f"{key}: title and href"
        relative = path.relative_to(PARAMETERS_DIR.parent).as_posix().removeprefix("parameters/")
        if (relative, str(key)) in KNOWN_PUBLICATION_GAPS:
            assert not value_metadata.get("publication_date"), f"{key}: gap closed, update the list"
            assert value_metadata.get("publication_date_note"), f"{key}: say what is missing"
            continue
        assert value_metadata.get("publication_date"), f"{key}: publication_date missing"
        date.fromisoformat(str(value_metadata["publication_date"]))


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_no_placeholder_left(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, entry in data["values"].items():
        assert not (entry.get("metadata") or {}).get("placeholder"), f"{key} is a placeholder"


def _months(first: date, last: date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _leaf_parameters(node, prefix=""):
    for name, child in node.children.items():
        full = f"{prefix}{name}"
        if hasattr(child, "values_list"):
            yield full, child
        else:
            yield from _leaf_parameters(child, f"{full}.")


LEAVES = list(_leaf_parameters(get_system().parameters))


@pytest.mark.parametrize(("name", "parameter"), LEAVES, ids=[n for n, _ in LEAVES])
def test_temporal_coverage(name, parameter):
    """For every month of the supported range, exactly one value applies to the whole month."""
    first, last = SUPPORTED_RANGE
    starts = sorted(date.fromisoformat(v.instant_str) for v in parameter.values_list)
    assert starts[0] <= first, f"{name}: no value on {first}"
    for month in _months(first, last):
        next_month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        applicable = [s for s in starts if s <= month]
        changes_inside = [s for s in starts if month < s < next_month]
        assert applicable, f"{name}: no value in {month:%Y-%m}"
        assert not changes_inside, f"{name}: value changes inside {month:%Y-%m}: {changes_inside}"
        value = parameter(month.isoformat())
        assert value is not None, f"{name}: null value in {month:%Y-%m}"


def test_supported_range_starts_in_2013():
    assert SUPPORTED_RANGE[0] == date(2013, 1, 1)
    assert SUPPORTED_RANGE[1] > date(2024, 1, 1)
