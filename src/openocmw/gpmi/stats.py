"""GPMI statistics, as the statistics part of the federal GPMI tool (seed 004, §3).

Computed on demand for any period from the GPMIs themselves; nothing is stored, and what
comes out are counts, never personal data. Definitions (docs/gpmi.md):

- a GPMI counts once its contract is signed (drafts never count);
- *started*: its period starts in the period;
- *closed* ("clôturé", "afgesloten"): it was closed (ended, with an outcome) in the period;
- *ongoing*: it ran during the period and was not closed in it;
- age group: the person's age when the GPMI started; category: the leefloon category;
- duration: from the start to the closing date, for the GPMIs closed in the period;
- evaluations *due*: planned evaluations (every four months of a signed contract) due in the
  period and not cancelled; *held*: evaluations held in the period; *missed*: due in the
  period, before today, and not held.

Small numbers do not identify people: the figures that leave the OCMW (the federal inspector,
who belongs to none: page, CSV, Excel, PDF, API) go through :func:`protect`, which applies
:mod:`openocmw.accounts.disclosure` to every count and to the relations between them (each
breakdown sums to the totals, outcomes to the closed GPMIs, durations to the closed GPMIs per
kind, "of which" evaluations to theirs). The OCMW's own team lead, administrator and council
see their own figures unsuppressed.
"""

from __future__ import annotations

import statistics as pystats
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.accounts import audit
from openocmw.accounts.disclosure import DEFAULT_THRESHOLD, Cells, marker
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import Actor, require
from openocmw.registry.models import Sex

from .models import IN_PERSON_FORMS, Evaluation, Gpmi, Kind, LeefloonCategory, Outcome, Status

AGE_GROUPS = [
    (0, 25, gettext_lazy("under 25")),
    (25, 35, gettext_lazy("25 to 34")),
    (35, 45, gettext_lazy("35 to 44")),
    (45, 55, gettext_lazy("45 to 54")),
    (55, 200, gettext_lazy("55 and over")),
]


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class GpmiStatistics:
    start: date
    end: date
    scope: str
    ocmw_id: int | None
    by_kind: dict[str, dict[str, int]]
    by_age: dict[int, dict[str, int]]
    by_sex: dict[str, dict[str, int]]
    by_category: dict[int | None, dict[str, int]]
    outcomes: dict[str, int]
    durations: dict[str, dict[str, float]]
    evaluations: dict[str, int]
    # Set by :func:`protect`: the totals as published, the threshold, and the suppressed cells
    # as paths ("by_kind.studies.closed"). None / empty: the figures are not suppressed.
    published_totals: dict[str, int | None] | None = None
    threshold: int | None = None
    suppressed: frozenset[str] = frozenset()

    @property
    def totals(self) -> dict[str, int | None]:
        if self.published_totals is not None:
            return dict(self.published_totals)
        out = {"started": 0, "ongoing": 0, "closed": 0}
        for row in self.by_kind.values():
            for k in out:
                out[k] += row[k]
        return out

    @property
    def marker(self) -> str:
        return marker(self.threshold or DEFAULT_THRESHOLD)

    def show(self, value):
        """A count for a page or an export: the marker ("< 5") when it is suppressed."""
        return self.marker if value is None else value

    @property
    def disclosure_note(self) -> str:
        """Says what the marker means, in the active language; empty when nothing is hidden."""
        if self.threshold is None:
            return ""
        return _(
            "Small numbers are not shown, so that nobody can be recognised: “%(marker)s” "
            "stands for a count from 1 to %(highest)s, or for a count that would let one work "
            "such a count out from the totals."
        ) % {"marker": self.marker, "highest": self.threshold - 1}

    @property
    def disclosure(self) -> dict | None:
        """For the API: the threshold and the suppressed cells, or None when unsuppressed."""
        if self.threshold is None:
            return None
        return {"threshold": self.threshold, "suppressed": sorted(self.suppressed)}

    def tables(self) -> list[Table]:
        """The numbers as labelled tables, in the active language (page, CSV, Excel, PDF)."""
        measures = [_("started"), _("ongoing"), _("closed")]
        keys = ["started", "ongoing", "closed"]

        show = self.show

        def table(key, title, first, items):
            t = Table(key, title, [first, *measures])
            for label, row in items:
                t.rows.append([str(label), *[show(row[k]) for k in keys]])
            return t

        totals = self.totals
        kind = table(
            "kind",
            _("GPMIs per kind"),
            _("kind"),
            [(label, self.by_kind[code]) for code, label in Kind.choices],
        )
        kind.rows.append([_("total"), *[show(totals[k]) for k in keys]])
        age = table(
            "age",
            _("By age group (age at the start)"),
            _("age group"),
            [(label, self.by_age[i]) for i, (_lo, _hi, label) in enumerate(AGE_GROUPS)],
        )
        sex = table(
            "sex",
            _("By sex"),
            _("sex"),
            [(label, self.by_sex[code]) for code, label in Sex.choices],
        )
        cat_items = [(label, self.by_category[code]) for code, label in LeefloonCategory.choices]
        cat_items.append((_("category unknown"), self.by_category[None]))
        category = table("category", _("By leefloon category"), _("category"), cat_items)
        durations = Table(
            "durations",
            _("Duration of the GPMIs closed in the period"),
            [_("kind"), _("closed"), _("average (months)"), _("median (months)")],
        )
        for code, label in [*Kind.choices, ("all", _("total"))]:
            d = self.durations[code]
            durations.rows.append(
                [str(label), *(show(d[k]) for k in ("count", "mean_months", "median_months"))]
            )
        evaluations = Table(
            "evaluations",
            _("Evaluations"),
            [_("measure"), _("number")],
            [
                [_("due in the period"), show(self.evaluations["due"])],
                [_("held in the period"), show(self.evaluations["held"])],
                [_("of which in person"), show(self.evaluations["in_person"])],
                [_("due and not held"), show(self.evaluations["missed"])],
            ],
        )
        outcomes = Table(
            "outcomes",
            _("Outcome at closure"),
            [_("outcome"), _("number")],
            [[str(label), show(self.outcomes[code])] for code, label in Outcome.choices],
        )
        return [kind, age, sex, category, durations, evaluations, outcomes]

    def charts(self) -> list[str]:
        from functools import partial

        from .charts import bar_chart

        bar_chart = partial(bar_chart, missing=self.marker)

        kinds = [str(label) for _c, label in Kind.choices]
        per_kind = bar_chart(
            _("GPMIs per kind"),
            kinds,
            [
                (_("ongoing"), [self.by_kind[c]["ongoing"] for c in Kind.values]),
                (_("closed"), [self.by_kind[c]["closed"] for c in Kind.values]),
            ],
        )
        ages = bar_chart(
            _("By age group (age at the start)"),
            [str(a[2]) for a in AGE_GROUPS],
            [
                (_("ongoing"), [self.by_age[i]["ongoing"] for i in range(len(AGE_GROUPS))]),
                (_("closed"), [self.by_age[i]["closed"] for i in range(len(AGE_GROUPS))]),
            ],
        )
        outcomes = bar_chart(
            _("Outcome at closure"),
            [str(label) for _c, label in Outcome.choices],
            [(_("closed"), [self.outcomes[c] for c in Outcome.values])],
        )
        evaluations = bar_chart(
            _("Evaluations"),
            [
                _("due in the period"),
                _("held in the period"),
                _("of which in person"),
                _("due and not held"),
            ],
            [(_("number"), [self.evaluations[k] for k in ("due", "held", "in_person", "missed")])],
        )
        return [per_kind, ages, outcomes, evaluations]


def _empty() -> dict[str, int]:
    return {"started": 0, "ongoing": 0, "closed": 0}


def _age_case():
    return Case(
        *[
            When(age_at_start__gte=lo, age_at_start__lt=hi, then=Value(i))
            for i, (lo, hi, _label) in enumerate(AGE_GROUPS)
        ],
        default=Value(len(AGE_GROUPS) - 1),
        output_field=IntegerField(),
    )


def resolve_scope(actor: Actor, ocmw_id: int | None) -> tuple[int | None, str]:
    """Which OCMW the numbers cover: the actor's own, or, for the federal inspector, one
    chosen OCMW or all of them."""
    require(actor, "gpmi.stats")
    if actor.ocmw_id is not None:
        ocmw = actor.ocmw
        return actor.ocmw_id, ocmw.name()
    if ocmw_id is None:
        return None, _("all OCMWs")
    ocmw = Ocmw.objects.filter(pk=ocmw_id).first()
    if ocmw is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"ocmw": _("Unknown OCMW.")})
    return ocmw.pk, ocmw.name()


def compute(
    start: date, end: date, ocmw_id: int | None, today: date | None = None
) -> GpmiStatistics:
    """The numbers for [start, end] (both included), for one OCMW or all. No audit, no
    permission check: callers are :func:`statistics` and the benchmark."""
    today = today or timezone.localdate()
    gpmis = Gpmi.objects.exclude(status=Status.DRAFT)
    if ocmw_id is not None:
        gpmis = gpmis.filter(ocmw_id=ocmw_id)
    in_period = gpmis.filter(start__lte=end, ends_on__gte=start)
    closed_q = Q(closed_on__gte=start, closed_on__lte=end)
    groups = (
        in_period.annotate(age_group=_age_case())
        .values("kind", "age_group", "person__sex", "leefloon_category", "outcome")
        .annotate(
            total=Count("pk"),
            started=Count("pk", filter=Q(start__gte=start)),
            closed=Count("pk", filter=closed_q),
        )
        .order_by()
    )
    by_kind = {k: _empty() for k in Kind.values}
    by_age = {i: _empty() for i in range(len(AGE_GROUPS))}
    by_sex = {s: _empty() for s in Sex.values}
    by_category: dict = {c: _empty() for c in LeefloonCategory.values} | {None: _empty()}
    outcomes = {o: 0 for o in Outcome.values}
    for g in groups:
        counts = {
            "started": g["started"],
            "closed": g["closed"],
            "ongoing": g["total"] - g["closed"],
        }
        category = (
            g["leefloon_category"] if g["leefloon_category"] in LeefloonCategory.values else None
        )
        for target in (
            by_kind[g["kind"]],
            by_age[g["age_group"]],
            by_sex.setdefault(g["person__sex"], _empty()),
            by_category[category],
        ):
            for k, v in counts.items():
                target[k] += v
        if g["closed"] and g["outcome"] in outcomes:
            outcomes[g["outcome"]] += g["closed"]
    # Durations of the GPMIs closed in the period.
    days_by_kind = defaultdict(list)
    for kind, s, c in (
        gpmis.filter(closed_q).values_list("kind", "start", "closed_on").iterator(chunk_size=5000)
    ):
        days_by_kind[kind].append((c - s).days + 1)
    durations = {}
    all_days = []
    for k in [*Kind.values, "all"]:
        days = days_by_kind[k] if k != "all" else all_days
        durations[k] = {
            "count": len(days),
            "mean_months": round(pystats.fmean(days) / 30.4375, 1) if days else 0,
            "median_months": round(pystats.median(days) / 30.4375, 1) if days else 0,
        }
        if k != "all":
            all_days.extend(days)
    # Evaluations: two range queries, each on its own index (due_on, held_on).
    evaluations = Evaluation.objects.filter(cancelled_at__isnull=True)
    if ocmw_id is not None:
        evaluations = evaluations.filter(gpmi__ocmw_id=ocmw_id)
    due = evaluations.filter(due_on__gte=start, due_on__lte=end).aggregate(
        due=Count("pk"),
        missed=Count("pk", filter=Q(due_on__lt=today, held_on__isnull=True)),
    )
    held = evaluations.filter(held_on__gte=start, held_on__lte=end).aggregate(
        held=Count("pk"),
        in_person=Count("pk", filter=Q(form__in=IN_PERSON_FORMS)),
    )
    ev = {
        "due": due["due"],
        "held": held["held"],
        "in_person": held["in_person"],
        "missed": due["missed"],
    }
    return GpmiStatistics(
        start=start,
        end=end,
        scope="",
        ocmw_id=ocmw_id,
        by_kind=by_kind,
        by_age=by_age,
        by_sex=by_sex,
        by_category=by_category,
        outcomes=outcomes,
        durations=durations,
        evaluations=ev,
    )


MEASURES = ("started", "ongoing", "closed")
BREAKDOWNS = ("by_kind", "by_age", "by_sex", "by_category")


def disclosure_threshold() -> int:
    """Counts under this many are suppressed for whoever sees another OCMW's figures
    (``OPENOCMW_DISCLOSURE_THRESHOLD``, 5 by default)."""
    from django.conf import settings

    return int(getattr(settings, "OPENOCMW_DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD))


def _link(cells: Cells, total, parts: list, remainder) -> None:
    """``total`` is the sum of ``parts``, or of ``parts`` and an unpublished difference (the
    counts outside the parts), so that the difference is protected like any cell; a single
    part larger than the total holds it, with the difference the other way round."""
    value = cells.values[total]
    summed = sum(cells.values[p] for p in parts)
    if summed == value:
        cells.relate(total, parts)
    elif summed < value:
        cells.remainder(remainder, total, parts)
    elif len(parts) == 1:
        cells.remainder(remainder, parts[0], [total])
    # Several parts summing to more than their total cannot come out of compute(); no
    # relation is claimed then, rather than a false one.


def _measures(cells: Cells, key: tuple, counts: dict) -> None:
    """One row of started / ongoing / closed. The row's GPMIs in the period are its ongoing
    plus its closed ones, and also its started ones plus those that started earlier: neither
    figure is shown, both can be derived, so both are protected."""
    for m in MEASURES:
        cells.add((*key, m), counts[m])
    in_period = cells.add(
        (*key, "in_period"), counts["ongoing"] + counts["closed"], published=False
    )
    cells.relate(in_period, [(*key, "ongoing"), (*key, "closed")])
    _link(cells, in_period, [(*key, "started")], (*key, "earlier"))


def _cells(result: GpmiStatistics) -> Cells:
    """Every count of the result, with the relations between them."""
    cells = Cells()
    _measures(cells, ("totals",), result.totals)
    for b in BREAKDOWNS:
        rows = getattr(result, b)
        for k, row in rows.items():
            _measures(cells, (b, k), row)
        for m in MEASURES:
            _link(cells, ("totals", m), [(b, k, m) for k in rows], (b, "_rest", m))
    for o, n in result.outcomes.items():
        cells.add(("outcomes", o), n)
    outcomes = [("outcomes", o) for o in result.outcomes]
    _link(cells, ("totals", "closed"), outcomes, ("outcomes", "_rest"))
    kinds = [k for k in result.durations if k != "all"]
    for k in result.durations:
        cells.add(("durations", k, "count"), result.durations[k]["count"])
    cells.relate(("durations", "all", "count"), [("durations", k, "count") for k in kinds])
    for k in kinds:
        if k in result.by_kind:
            closed = ("by_kind", k, "closed")
            _link(cells, closed, [("durations", k, "count")], ("durations", k, "_rest"))
    ev = result.evaluations
    for k in ("due", "held", "in_person", "missed"):
        cells.add(("evaluations", k), ev[k])
    _link(
        cells,
        ("evaluations", "held"),
        [("evaluations", "in_person")],
        ("evaluations", "_rest_held"),
    )
    _link(cells, ("evaluations", "due"), [("evaluations", "missed")], ("evaluations", "_rest_due"))
    return cells


def _path(key) -> str:
    return ".".join("unknown" if part is None else str(part) for part in key)


def protect(result: GpmiStatistics, threshold: int | None = None) -> GpmiStatistics:
    """The result with every count under the threshold suppressed (None), and the counts that
    would let one work them out (secondary suppression); averages and medians over fewer
    than ``threshold`` GPMIs, or over a suppressed number, are suppressed with it."""
    import dataclasses

    threshold = threshold if threshold is not None else disclosure_threshold()
    cells = _cells(result)
    s = cells.protect(threshold)

    def breakdown(name):
        return {k: {m: s.value((name, k, m)) for m in MEASURES} for k in getattr(result, name)}

    durations = {}
    for k, d in result.durations.items():
        count = s.value(("durations", k, "count"))
        small = count is None or 0 < count < threshold  # no GPMI: nothing to hide
        durations[k] = {
            "count": count,
            "mean_months": None if small else d["mean_months"],
            "median_months": None if small else d["median_months"],
        }
    hidden = {_path(k) for k in s.suppressed}
    hidden |= {f"durations.{k}.{m}" for k, d in durations.items() for m in d if d[m] is None}
    return dataclasses.replace(
        result,
        by_kind=breakdown("by_kind"),
        by_age=breakdown("by_age"),
        by_sex=breakdown("by_sex"),
        by_category=breakdown("by_category"),
        outcomes={o: s.value(("outcomes", o)) for o in result.outcomes},
        durations=durations,
        evaluations={k: s.value(("evaluations", k)) for k in result.evaluations},
        published_totals={m: s.value(("totals", m)) for m in MEASURES},
        threshold=threshold,
        suppressed=frozenset(hidden),
    )


def statistics(
    actor: Actor, start: date, end: date, *, ocmw_id: int | None = None, export: str = ""
) -> GpmiStatistics:
    """The GPMI statistics for the actor: their OCMW, or (federal inspector) one or all OCMWs.
    Audited as a view, or as an export with its format."""
    from django.core.exceptions import ValidationError

    if end < start:
        raise ValidationError({"until": _("The end date lies before the start date.")})
    if (end - start).days > 366 * 10:
        raise ValidationError({"until": _("Choose a period of at most ten years.")})
    ocmw_id, label = resolve_scope(actor, ocmw_id)
    result = compute(start, end, ocmw_id)
    if actor.ocmw_id is None:  # the figures leave the OCMW: small numbers are suppressed
        result = protect(result)
    result.scope = label
    audit.record(
        actor,
        "export" if export else "view",
        object_type="gpmi_statistics",
        purpose="gpmi statistics",
        detail={
            "from": start.isoformat(),
            "until": end.isoformat(),
            "ocmw": ocmw_id,
            "format": export or "page",
        },
    )
    return result
