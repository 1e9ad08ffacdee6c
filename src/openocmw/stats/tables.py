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

    def body_html(self) -> str:
        """The rows as HTML (the first cell a row header), localised and escaped as the
        template would: one string instead of a template node per cell (a table of 50 OCMWs
        is most of a page's time otherwise)."""
        from django.utils.formats import localize
        from django.utils.html import conditional_escape
        from django.utils.safestring import mark_safe

        def cell(value) -> str:
            return conditional_escape(localize(value))

        out = []
        for row in self.rows:
            first, *rest = row
            tds = "".join(f'<td class="num">{cell(c)}</td>' for c in rest)
            out.append(f'<tr><th scope="row">{cell(first)}</th>{tds}</tr>')
        return mark_safe("".join(out))  # noqa: S308 (every cell escaped above)
