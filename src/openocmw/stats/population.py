"""Population denominators: inhabitants per municipality (NIS code), with source and date.

The shipped table (``data/population.csv``) holds the legal population on 1 January 2020 as
published by Statbel ("Bevolking per gemeente", structure of the population,
https://statbel.fgov.be/nl/themas/bevolking/structuur-van-de-bevolking) for the municipalities
of the demo OCMWs only. A complete table (Statbel publishes all 581 municipalities every year)
is loaded by putting a CSV of the same columns at ``OPENOCMW_POPULATION_CSV``; without it, an
OCMW whose municipality is not in the table has no rate per 1,000 inhabitants (shown as "-").
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SHIPPED = Path(__file__).parent / "data" / "population.csv"


@dataclass(frozen=True)
class Population:
    inhabitants: dict[str, int]
    source: str
    reference_date: str


@cache
def _load(path: str) -> Population:
    rows, source, ref = {}, "", ""
    with open(path, encoding="utf-8") as f:
        lines = []
        for line in f:
            if line.startswith("# source:"):
                source = line.split(":", 1)[1].strip()
            elif line.startswith("# date:"):
                ref = line.split(":", 1)[1].strip()
            elif not line.startswith("#"):
                lines.append(line)
    for row in csv.DictReader(lines):
        rows[row["nis_code"].strip()] = int(row["inhabitants"])
    return Population(rows, source, ref)


def population() -> Population:
    return _load(os.environ.get("OPENOCMW_POPULATION_CSV") or str(SHIPPED))
