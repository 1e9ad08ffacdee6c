"""The observatory's figures for an actor: their own OCMW (every figure), or, for the federal
inspector, one or all OCMWs with small-cell suppression (``accounts.disclosure``: counts under
5 hidden, secondary suppression so that totals do not give them away).

Every read is audited (object type ``observatory``), as a view or an export with its format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.accounts import audit
from openocmw.accounts.disclosure import Cells, Table, marker
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import Actor, require
from openocmw.registry.models import ResidenceStatusCode, Sex

from . import aggregates, regional
from . import measures as m
from .dimensions import values as _values
from .population import population
from .tables import StatTable

DIMENSIONS = {
    "age": gettext_lazy("age"),
    "sex": gettext_lazy("sex"),
    "category": gettext_lazy("category"),
    "nationality": gettext_lazy("nationality group"),
    "residence": gettext_lazy("residence status"),
    "aid": gettext_lazy("kind of aid"),
}
NATIONALITY_LABELS = {
    m.BELGIAN: gettext_lazy("Belgian"),
    m.EU: gettext_lazy("EU"),
    m.NON_EU: gettext_lazy("non-EU"),
}
CATEGORY_LABELS = {
    1: gettext_lazy("category 1 (cohabitant)"),
    2: gettext_lazy("category 2 (single)"),
    3: gettext_lazy("category 3 (family in charge)"),
    None: gettext_lazy("unknown"),
}
AID_LABELS = {
    "leefloon": gettext_lazy("leefloon"),
    "equivalent_leefloon": gettext_lazy("equivalent leefloon"),
}


def _label(dimension: str, value) -> str:
    if dimension == "sex":
        return str(Sex(value).label)
    if dimension == "category":
        return str(CATEGORY_LABELS.get(value, value))
    if dimension == "nationality":
        return str(NATIONALITY_LABELS[value])
    if dimension == "residence":
        return str(ResidenceStatusCode(value).label) if value else _("unknown")
    if dimension == "aid":
        return str(AID_LABELS[value])
    return str(value)


@dataclass
class Observatory:
    start: date
    end: date
    scope: str
    protected: bool
    tables: list[StatTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    population_source: str = ""
    as_of: object = None  # when the oldest of the counts shown was computed

    @property
    def disclosure_note(self) -> str:
        if not self.protected:
            return ""
        return _(
            "Counts under 5 are shown as %(marker)s, and so are the counts from which they "
            "could be worked out."
        ) % {"marker": marker()}

    def table(self, key: str) -> StatTable:
        return next(t for t in self.tables if t.key == key)


def resolve_scope(actor: Actor, ocmw_id: int | None) -> tuple[list[Ocmw], str]:
    require(actor, "stats.aggregate")
    if actor.ocmw_id is not None:
        return [actor.ocmw], actor.ocmw.name()
    ocmws = list(Ocmw.objects.order_by("name_nl"))
    if ocmw_id is None:
        return ocmws, _("all OCMWs")
    chosen = [o for o in ocmws if o.pk == ocmw_id]
    if not chosen:
        raise ValidationError({"ocmw": _("Unknown OCMW.")})
    return chosen, chosen[0].name()


def _shown(protection, key):
    return protection.show(key) if protection else None


def _breakdown(dimension, counts, ocmws, protect) -> tuple[StatTable, object]:
    """``counts``: OCMW id -> its counts (``aggregates.build``)."""
    values = _values(dimension)
    zero = [0] * len(values)
    table = Table(
        rows=[str(o.pk) for o in ocmws],
        columns=[str(v) for v in values],
        counts=[list(counts[o.pk]["dims"][dimension]) if o.pk in counts else zero for o in ocmws],
    )
    pt = table.protect() if protect else None
    labels = [_label(dimension, v) for v in values]
    rows = []
    source = (
        pt.rows()
        if pt
        else [[*r, sum(r)] for r in table.counts]
        + [
            [
                *(sum(r[c] for r in table.counts) for c in range(len(values))),
                sum(map(sum, table.counts)),
            ]
        ]
    )
    names = [o.name() for o in ocmws] + [_("total")]
    for name, row in zip(names, source, strict=True):
        rows.append([name, *row])
    title = _("Beneficiaries by %(dimension)s") % {"dimension": DIMENSIONS[dimension]}
    totals = source[-1][:-1]
    from openocmw.gpmi.charts import bar_chart

    chart = bar_chart(
        title,
        labels,
        [(_("beneficiaries"), [v if isinstance(v, int) else None for v in totals])],
        missing=marker(),
    )
    return StatTable(dimension, title, [_("OCMW"), *labels, _("total")], rows, chart), pt


def _per_ocmw(counts, ocmws, protect, pop) -> StatTable:
    table, pt = _breakdown("aid", counts, ocmws, protect)
    table.key = "ocmws"
    table.title = _("Beneficiaries per OCMW and per 1,000 inhabitants")
    table.headers.append(_("per 1,000 inhabitants"))
    for row, o in zip(table.rows, [*ocmws, None], strict=True):
        total = row[-1]
        inhabitants = (
            pop.inhabitants.get(o.nis_code)
            if o is not None
            else (sum(pop.inhabitants.get(x.nis_code, 0) for x in ocmws) or None)
            if all(x.nis_code in pop.inhabitants for x in ocmws)
            else None
        )
        rate = "-"
        if isinstance(total, int) and inhabitants:
            rate = str(m.per_thousand(total, inhabitants))
        row.append(rate)
    return table


def _nationality_shares(table: StatTable) -> StatTable:
    """Table 2.4 of seed 002: shares of Belgians, non-EU and EU citizens per OCMW."""
    rows = []
    for row in table.rows:
        be, eu, non_eu, total = row[1], row[2], row[3], row[4]
        if all(isinstance(v, int) for v in (be, eu, non_eu, total)) and total:
            nb = m.share(eu + non_eu, total)
            rows.append([
                row[0], total, m.share(be, total), m.share(non_eu, total), m.share(eu, total),
                nb, m.size_category(total), m.share_category(nb),
            ])  # fmt: skip
        else:
            rows.append([row[0], total, *(["-"] * 6)])
    headers = [
        _("OCMW"), _("total"), _("Belgian (%)"), _("non-EU (%)"), _("EU (%)"),
        _("non-Belgian (%)"), _("size category"), _("share category (%)"),
    ]  # fmt: skip
    return StatTable("nationality_shares", _("Nationality groups in %"), headers, rows)


def _flows(total, start, end, protect) -> StatTable:
    flows, month = [], start
    for paid, inflow, outflow in total["flows"]:
        flows.append(m.Flows(month, paid, inflow, outflow))
        month = m._next_month(month)
    cells = Cells()
    for f in flows:
        for name in ("paid", "inflow", "outflow"):
            cells.add((f.month, name), getattr(f, name))
    s = cells.protect() if protect else None
    rows = [
        [
            f.month.strftime("%m/%Y"),
            *(s.show((f.month, n)) if s else getattr(f, n) for n in ("paid", "inflow", "outflow")),
        ]
        for f in flows
    ]
    headers = [_("month"), _("paid"), _("inflow"), _("outflow")]
    return StatTable("flows", _("Flows in and out per month"), headers, rows)


def _durations(total, year, protect) -> StatTable:
    cohorts = {y: c for y, c in aggregates.cohorts(total["durations"]).items() if y >= year - 2}
    bands = list(m.BANDS)
    table = Table(
        rows=[str(y) for y in cohorts] or ["-"],
        columns=bands,
        counts=[[c.bands[b] for b in bands] for c in cohorts.values()] or [[0] * len(bands)],
    )
    pt = table.protect() if protect else None
    rows = []
    for i, (y, c) in enumerate(cohorts.items()):
        shown = pt.rows()[i] if pt else [*(c.bands[b] for b in bands), c.starters]
        small = protect and c.starters < 5
        rows.append([
            str(y), *shown, "-" if small else c.mean_days, "-" if small else c.median_days
        ])  # fmt: skip
    headers = [
        _("cohort (year of start)"), *(_("%(band)s months") % {"band": b} for b in bands),
        _("starters"), _("mean days paid"), _("median days paid"),
    ]  # fmt: skip
    return StatTable("durations", _("Days paid in the two years after the start"), headers, rows)


def _growth(total, year, until_month) -> StatTable:
    """The average number paid per month, against the same months of the year before."""
    before, now = total["growth"]
    months = range(1, until_month + 1)
    growth = str(m.growth(before, now)) if before else "-"
    n = len(months)
    rows = [[f"{year - 1}", round(before / n, 1), ""], [f"{year}", round(now / n, 1), growth]]
    headers = [_("year"), _("average per month"), _("growth (%)")]
    title = _("Growth against the same months of the year before (January to %(month)s)") % {
        "month": f"{until_month:02d}"
    }
    return StatTable("growth", title, headers, rows)


def _cross(total, by, within, one_dim, protect) -> StatTable:
    rows_v, cols_v = _values(by), _values(within)
    table = Table(
        rows=[str(v) for v in rows_v],
        columns=[str(v) for v in cols_v],
        counts=[list(r) for r in total["cross"][f"{by}|{within}"]],
    )
    if protect:
        pt = table.protect()
        # A margin of the cross table is a total of a one-dimension table: if that one hides
        # it and this one would show it, publishing both reveals a suppressed figure.
        for dim, values, shown in (
            (by, rows_v, lambda v: pt.row_total(str(v))),
            (within, cols_v, lambda v: pt.column_total(str(v))),
        ):
            hidden = one_dim[dim]
            for v in values:
                if (
                    hidden is not None
                    and hidden.column_total(str(v)) is None
                    and shown(v) is not None
                ):
                    raise ValidationError(
                        {
                            "within": _(
                                "This breakdown would reveal a figure that is not shown in the "
                                "table by %(dimension)s (%(value)s). Choose another breakdown "
                                "or a wider scope."
                            )
                            % {"dimension": DIMENSIONS[dim], "value": _label(dim, v)}
                        }
                    )
        source = pt.rows()
    else:
        source = [[*r, sum(r)] for r in table.counts] + [
            [
                *(sum(r[c] for r in table.counts) for c in range(len(cols_v))),
                sum(map(sum, table.counts)),
            ]
        ]
    names = [_label(by, v) for v in rows_v] + [_("total")]
    rows = [[n, *r] for n, r in zip(names, source, strict=True)]
    title = _("Beneficiaries by %(by)s and %(within)s") % {
        "by": DIMENSIONS[by],
        "within": DIMENSIONS[within],
    }
    headers = [str(DIMENSIONS[by]), *(_label(within, v) for v in cols_v), _("total")]
    return StatTable("cross", title, headers, rows)


def compute(
    ocmws: list[Ocmw], year: int, until_month: int = 12, *, protect: bool,
    by: str = "", within: str = "", scope: str = "", counts: dict | None = None,
) -> Observatory:  # fmt: skip
    """The observatory of ``ocmws``, from their stored counts (``aggregates``; computed now
    for the OCMWs that have none for the period)."""
    start, end = date(year, 1, 1), _month_end(year, until_month)
    ids = [o.pk for o in ocmws]
    as_of = None
    if counts is None:
        counts, as_of = aggregates.ensure(ids, year, until_month)
    pairs = (f"{by}|{within}",) if by and within else ()
    total = aggregates.merge([counts[i] for i in ids if i in counts], pairs)
    if not total["n"]:
        raise ValidationError({"year": _("There are no beneficiaries in this period.")})
    pop = population()
    result = Observatory(start, end, scope, protect, population_source=pop.source, as_of=as_of)
    per_ocmw = _per_ocmw(counts, ocmws, protect, pop)
    result.tables.append(per_ocmw)
    result.tables.append(regional.clusters_table(ocmws, per_ocmw.rows, protect, pop))
    result.tables.append(regional.employment_table(ocmws, per_ocmw.rows, start, end, protect))
    one_dim = {}
    for dimension in ("nationality", "age", "sex", "category", "residence"):
        table, pt = _breakdown(dimension, counts, ocmws, protect)
        one_dim[dimension] = pt
        result.tables.append(table)
        if dimension == "nationality":
            result.tables.append(_nationality_shares(table))
    one_dim["aid"] = None
    if by and within:
        result.tables.append(_cross(total, by, within, one_dim, protect))
    result.tables.append(_flows(total, start, end, protect))
    result.tables.append(_durations(total, year, protect))
    result.tables.append(_growth(total, year, until_month))
    return result


_month_end = aggregates.month_end


def _refuse_hidden_ocmw(ocmw: Ocmw, year: int, until_month: int) -> None:
    """The inspector's figures of one OCMW break down that OCMW's total in the table of all
    OCMWs: if that table hides it (under 5, or to protect another), the breakdown would give
    it away, so it is refused."""
    everyone = list(Ocmw.objects.order_by("name_nl"))
    stored, _as_of = aggregates.ensure([o.pk for o in everyone], year, until_month)
    counts = {pk: c["n"] for pk, c in stored.items()}
    table = Table(
        rows=[str(o.pk) for o in everyone],
        columns=["n"],
        counts=[[counts[o.pk]] for o in everyone],
    ).protect()
    if counts.get(ocmw.pk) and table.row_total(str(ocmw.pk)) is None:
        raise ValidationError(
            {
                "ocmw": _(
                    "The figures of this OCMW would reveal a number that is not shown in the "
                    "table of all OCMWs (fewer than 5 persons, or protecting such a number). "
                    "Choose all OCMWs."
                )
            }
        )


def observatory(
    actor: Actor, year: int, until_month: int = 12, *, ocmw_id: int | None = None,
    by: str = "", within: str = "", export: str = "",
) -> Observatory:  # fmt: skip
    ocmws, label = resolve_scope(actor, ocmw_id)
    if actor.ocmw_id is None and ocmw_id is not None:
        _refuse_hidden_ocmw(ocmws[0], year, until_month)
    if by and within and by == within:
        raise ValidationError({"within": _("Choose two different breakdowns.")})
    result = compute(
        ocmws, year, until_month, protect=actor.ocmw_id is None, by=by, within=within, scope=label
    )
    audit.record(
        actor,
        "export" if export else "view",
        object_type="observatory",
        purpose="observatory",
        detail={
            "year": year, "until_month": until_month, "ocmw": ocmw_id,
            "by": by, "within": within, "format": export or "page",
        },
    )  # fmt: skip
    return result
