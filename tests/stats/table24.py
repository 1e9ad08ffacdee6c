"""Microdata that matches table 2.4 of seed 002: for each OCMW, counts of Belgian, non-EU
and EU beneficiaries whose shares round to the published percentages."""

import csv
from decimal import Decimal
from pathlib import Path

from openocmw.stats.measures import round1

TABLE = Path(__file__).parents[2] / "src/openocmw/stats/data/table_2_4_2010.csv"


def published() -> list[dict]:
    with TABLE.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def pct(n: int, total: int) -> Decimal:
    return round1(Decimal(n) * 100 / Decimal(total))


def counts_for(row: dict) -> tuple[int, int, int]:
    """(belgian, non_eu, eu) counts consistent with every published share of the row."""
    total = int(row["total"])
    want = {k: Decimal(row[k]) for k in ("belgian", "non_eu", "eu", "non_belgian")}
    be0 = round(total * float(want["belgian"]) / 100)
    ne0 = round(total * float(want["non_eu"]) / 100)
    for be in range(be0 - 6, be0 + 7):
        for ne in range(ne0 - 6, ne0 + 7):
            eu = total - be - ne
            if (
                eu >= 0
                and pct(be, total) == want["belgian"]
                and pct(ne, total) == want["non_eu"]
                and pct(eu, total) == want["eu"]
                and pct(ne + eu, total) == want["non_belgian"]
            ):
                return be, ne, eu
    raise LookupError(row["ocmw"])
