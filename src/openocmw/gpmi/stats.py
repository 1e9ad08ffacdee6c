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

    @property
    def totals(self) -> dict[str, int]:
        out = {"started": 0, "ongoing": 0, "closed": 0}
        for row in self.by_kind.values():
            for k in out:
                out[k] += row[k]
        return out

    def tables(self) -> list[Table]:
        """The numbers as labelled tables, in the active language (page, CSV, Excel, PDF)."""
        measures = [_("started"), _("ongoing"), _("closed")]
        keys = ["started", "ongoing", "closed"]

        def table(key, title, first, items):
            t = Table(key, title, [first, *measures])
            for label, row in items:
                t.rows.append([str(label), *[row[k] for k in keys]])
            return t

        totals = self.totals
        kind = table(
            "kind",
            _("GPMIs per kind"),
            _("kind"),
            [(label, self.by_kind[code]) for code, label in Kind.choices],
        )
        kind.rows.append([_("total"), *[totals[k] for k in keys]])
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
        for code, label in Kind.choices:
            d = self.durations[code]
            durations.rows.append([str(label), d["count"], d["mean_months"], d["median_months"]])
        d = self.durations["all"]
        durations.rows.append([_("total"), d["count"], d["mean_months"], d["median_months"]])
        evaluations = Table(
            "evaluations",
            _("Evaluations"),
            [_("measure"), _("number")],
            [
                [_("due in the period"), self.evaluations["due"]],
                [_("held in the period"), self.evaluations["held"]],
                [_("of which in person"), self.evaluations["in_person"]],
                [_("due and not held"), self.evaluations["missed"]],
            ],
        )
        outcomes = Table(
            "outcomes",
            _("Outcome at closure"),
            [_("outcome"), _("number")],
            [[str(label), self.outcomes[code]] for code, label in Outcome.choices],
        )
        return [kind, age, sex, category, durations, evaluations, outcomes]

    def charts(self) -> list[str]:
        from .charts import bar_chart

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
