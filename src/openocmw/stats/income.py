"""Median income per municipality (NIS code), with source and date: the key of the income
clusters of the observatory (seed 000, 3.1: the municipalities in four equal groups by median
income).

The shipped table (``data/income.csv``) holds Statbel's median administrative equivalised
disposable income of 2022 for 580 municipalities (open data ``TF_SOC_ADI_MUNTY``). Seed 000
clusters by the median net taxable income per tax return (Statbel's fiscal statistics), which
could not be found offline; the two rank municipalities alike but are not the same figure, so
the page names its source. ``OPENOCMW_INCOME_CSV`` points at another table with the columns
``nis_code,municipality,median_income`` (and ``# source:`` / ``# date:`` lines).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SHIPPED = Path(__file__).parent / "data" / "income.csv"


@dataclass(frozen=True)
class Incomes:
    median: dict[str, int]
    source: str
    reference_date: str
    names: dict[str, str] = field(default_factory=dict)  # NIS code -> municipality


@cache
def _load(path: str) -> Incomes:
    rows, names, source, ref, lines = {}, {}, "", "", []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# source:"):
                source = line.split(":", 1)[1].strip()
            elif line.startswith("# date:"):
                ref = line.split(":", 1)[1].strip()
            elif not line.startswith("#"):
                lines.append(line)
    for row in csv.DictReader(lines):
        rows[row["nis_code"].strip()] = int(row["median_income"])
        names[row["nis_code"].strip()] = (row.get("municipality") or "").strip()
    return Incomes(rows, source, ref, names)


def incomes() -> Incomes:
    return _load(os.environ.get("OPENOCMW_INCOME_CSV") or str(SHIPPED))
