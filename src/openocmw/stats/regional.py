"""Two tables of the observatory built on the table of beneficiaries per OCMW: the rate per
1,000 inhabitants by income cluster, and the employment intensity (seed 000, 3.1 and 3.4).

Both reuse the counts *as shown* in that table (a count hidden there for the federal
inspector stays hidden here: a cluster's count is shown only when every OCMW count it adds up
is shown, so no sum gives a hidden one away).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from openocmw.accounts.disclosure import Table, marker

from . import measures as m
from .income import incomes
from .tables import StatTable

CLUSTERS = (1, 2, 3, 4)


def _counts(per_ocmw_rows, ocmws):
    """OCMW id -> (leefloon, equivalent, total) as shown (an int, or the marker)."""
    return {o.pk: tuple(row[1:4]) for o, row in zip(ocmws, per_ocmw_rows, strict=False)}


def clusters_table(ocmws, per_ocmw_rows, protect: bool, pop):
    """Beneficiaries per 1,000 inhabitants by income cluster (IC1 the lowest median income)."""
    inc = incomes()
    cluster_of = m.income_clusters(inc.median)
    bounds = {c: [] for c in CLUSTERS}
    for code, c in cluster_of.items():
        bounds[c].append(inc.median[code])
    shown = _counts(per_ocmw_rows, ocmws)
    rows, chart_values = [], []
    for c in CLUSTERS:
        members = [o for o in ocmws if cluster_of.get(o.nis_code) == c]
        totals = [shown[o.pk][2] for o in members]
        count = sum(totals) if all(isinstance(t, int) for t in totals) else None
        if count is not None and protect and 0 < count < 5:
            count = None
        inhabitants = (
            sum(pop.inhabitants[o.nis_code] for o in members)
            if members and all(o.nis_code in pop.inhabitants for o in members)
            else None
        )
        rate = str(m.per_thousand(count, inhabitants)) if count is not None and inhabitants else "-"
        low, high = min(bounds[c]), max(bounds[c])
        rows.append([
            f"IC{c}", f"{low:,} – {high:,}".replace(",", "."), len(members),
            marker() if count is None else count, inhabitants or "-", rate,
        ])  # fmt: skip
        chart_values.append(float(rate) if rate != "-" else None)
    outside = [o.name() for o in ocmws if o.nis_code not in cluster_of]
    headers = [
        _("income cluster"), _("median income (euro a year)"), _("OCMWs"), _("beneficiaries"),
        _("inhabitants"), _("per 1,000 inhabitants"),
    ]  # fmt: skip
    title = _("Beneficiaries per 1,000 inhabitants by income cluster")
    from openocmw.gpmi.charts import bar_chart

    chart = bar_chart(
        title, [f"IC{c}" for c in CLUSTERS], [(_("per 1,000 inhabitants"), chart_values)],
        missing="-",
    )  # fmt: skip
    table = StatTable("clusters", title, headers, rows, chart)
    table.note = _(
        "The %(n)s municipalities in four equal groups by median income (IC1 the lowest). "
        "Income: %(source)s, %(date)s."
    ) % {"n": len(cluster_of), "source": inc.source, "date": inc.reference_date}
    if outside:
        table.note += " " + _("Not in the income table: %(names)s.") % {"names": ", ".join(outside)}
    return table


def _employed(ocmw_ids, start: date, end: date) -> dict[int, int]:
    """Distinct persons with an article 60 §7 contract running on a day of the period."""
    from django.db.models import Count

    from openocmw.finance.models import Art60Contract

    rows = (
        Art60Contract.objects.filter(ocmw_id__in=ocmw_ids, start__lte=end)
        .filter(Q(end__gte=start))
        .values("ocmw_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return {r["ocmw_id"]: r["n"] for r in rows}


def employment_table(ocmws, per_ocmw_rows, start: date, end: date, protect: bool):
    """Persons in an employment measure (art. 60 §7 contracts of the finance records) over
    employed + leefloon + equivalent leefloon, flagged under the national 10 %."""
    employed = _employed([o.pk for o in ocmws], start, end)
    table = Table(
        rows=[str(o.pk) for o in ocmws], columns=["employed"],
        counts=[[employed.get(o.pk, 0)] for o in ocmws],
    )  # fmt: skip
    pt = table.protect() if protect else None
    shown = _counts(per_ocmw_rows, ocmws)
    rows = []
    for o in ocmws:
        e = pt.cell(str(o.pk), "employed") if pt else employed.get(o.pk, 0)
        rows.append([o.name(), *_row((e, shown[o.pk][0], shown[o.pk][1]))])
    if len(ocmws) > 1:
        total_e = pt.total if pt else sum(employed.get(o.pk, 0) for o in ocmws)
        total = per_ocmw_rows[-1]
        rows.append([_("total"), *_row((total_e, total[1], total[2]))])
    headers = [
        _("OCMW"), _("in an employment measure"), _("leefloon"), _("equivalent leefloon"),
        _("employment intensity (%)"), _("under the national 10 %"),
    ]  # fmt: skip
    title = _("Employment intensity")
    result = StatTable("employment", title, headers, rows)
    result.note = _(
        "Persons with an article 60 §7 contract during the period, over those persons plus the "
        "beneficiaries of a leefloon and of an equivalent leefloon (seed 000); a person can be "
        "counted in both in a year. Under 10 % is flagged."
    )
    return result


def _row(values):
    if all(isinstance(v, int) for v in values) and sum(values):
        i = m.employment_intensity(*values)
        return [*values, str(i.percent), _("yes") if i.below_threshold else _("no")]
    return [*(marker() if v is None else v for v in values), "-", "-"]
