"""A reform simulation's result (a ``stats.reform`` job) as the observatory's tables, each
with an SVG chart of the cost per month by group: for the page and the CSV/Excel exports."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from .tables import StatTable


def _category(key: str) -> str:
    from .observatory import CATEGORY_LABELS

    return str(CATEGORY_LABELS.get(int(key) if key.isdigit() else None, key))


def tables(result: dict) -> list[StatTable]:
    from openocmw.gpmi.charts import bar_chart

    summary = StatTable(
        "reform_summary", _("Cost of the reform against the law"),
        [_("persons"), _("cost per month"), _("cost per year"), _("gain"), _("lose")],
        [[
            result.get("persons", 0), result.get("cost_monthly"), result.get("cost_yearly"),
            f"{result['gain']['persons']} ({result['gain']['monthly']})",
            f"{result['lose']['persons']} ({result['lose']['monthly']})",
        ]],
    )  # fmt: skip
    out = [summary]
    for key, title, groups, label in (
        ("reform_category", _("by category"), result.get("by_category") or {}, _category),
        ("reform_income", _("by earned income (euro a month)"),
         result.get("by_income_band") or {}, str),
    ):  # fmt: skip
        names = [label(k) for k in groups]
        rows = [
            [n, g["persons"], g["cost_monthly"], g["gain"], g["lose"]]
            for n, g in zip(names, groups.values(), strict=True)
        ]
        headers = [_("group"), _("persons"), _("cost per month"), _("gain"), _("lose")]
        chart_title = _("Persons who gain or lose, %(groups)s") % {"groups": title}
        series = [(_("gain"), [g["gain"] for g in groups.values()]),
                  (_("lose"), [g["lose"] for g in groups.values()])]  # fmt: skip
        chart = bar_chart(chart_title, names, series) if groups else ""
        out.append(StatTable(key, title, headers, rows, chart))
    if result.get("by_ocmw"):
        out.append(_by_ocmw(result["by_ocmw"]))
    return out


def _by_ocmw(groups: dict) -> StatTable:
    """Persons who gain, lose or keep the same amount per OCMW (municipality), with the
    small-cell suppression of every aggregate that leaves an OCMW (counts under 5 hidden, and
    the counts or totals from which they could be worked out); a row with a hidden count
    hides its cost too."""
    from openocmw.accounts.disclosure import Table, marker

    from .income import incomes

    names = incomes().names
    codes = sorted(groups, key=lambda c: (names.get(c) or c, c))
    columns = ["gain", "lose", "same"]
    table = Table(
        rows=codes, columns=columns,
        counts=[[groups[c]["gain"], groups[c]["lose"],
                 groups[c]["persons"] - groups[c]["gain"] - groups[c]["lose"]] for c in codes],
    )  # fmt: skip
    shown = table.protect()
    rows = []
    for code in codes:
        cells = [shown.cell(code, col) for col in columns]
        persons = shown.row_total(code)
        hidden = persons is None or any(v is None for v in cells)
        rows.append([
            f"{names.get(code) or code} ({code})", marker() if persons is None else persons,
            "-" if hidden else groups[code]["cost_monthly"],
            *(marker() if v is None else v for v in cells[:2]),
        ])  # fmt: skip
    headers = [_("OCMW"), _("persons"), _("cost per month"), _("gain"), _("lose")]
    result = StatTable("reform_ocmw", _("by OCMW"), headers, rows)
    result.note = _(
        "The synthetic population has no municipality: each household is given one, drawn "
        "in proportion to the inhabitants where the population table has them. Counts under 5 "
        "are shown as %(marker)s, and so are the counts from which they could be worked out."
    ) % {"marker": marker()}
    return result


class ReformExport:
    """A simulation in the shape the shared CSV/Excel writers take."""

    def __init__(self, job, scope: str):
        result = job.result or {}
        day = date.fromisoformat(result.get("on") or job.created_at.date().isoformat())
        self.start = self.end = day
        self.scope = scope
        self.disclosure_note = ""
        self._tables = tables(result)

    def tables(self):
        return self._tables
