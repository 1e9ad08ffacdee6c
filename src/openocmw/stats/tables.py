"""A table of the observatory as the page, the exports and the PDF report show it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class StatTable:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: str = ""  # an SVG bar chart of the table, if any
    note: str = ""  # what the figures are, their source
