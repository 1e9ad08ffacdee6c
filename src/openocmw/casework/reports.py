"""Dashboards and the register's statistics. Aggregates only: no personal data leaves here
except in the worklists of the OCMW's own social workers and team leads."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Func,
    IntegerField,
    OuterRef,
    Q,
)
from django.utils.translation import gettext as _

from openocmw import exports
from openocmw.accounts import audit
from openocmw.accounts.models import Role
from openocmw.accounts.tenancy import Actor, require, scope

from .models import (
    AidKind,
    AidRequest,
    Channel,
    Decision,
    DecisionKind,
    InvestigationItem,
    ItemStatus,
    RefusalReason,
    RequestState,
)

OPEN_STATES = [RequestState.REGISTERED, RequestState.INVESTIGATING, RequestState.PROPOSED]
NEAR_DAYS = 7
ENDING_DAYS = 30


@dataclass
class Dashboard:
    late_requests: list = field(default_factory=list)
    near_requests: list = field(default_factory=list)
    late_notifications: list = field(default_factory=list)
    near_notifications: list = field(default_factory=list)
    incomplete: list = field(default_factory=list)
    ending: list = field(default_factory=list)


def dashboard(actor: Actor, today: date, *, limit: int = 50) -> Dashboard:
    """What is due: the 30-day and 8-day deadlines, missing investigation items, rights ending.

    A social worker sees the requests assigned to them; a team lead sees the whole OCMW.
    """
    require(actor, "case.dashboard")
    requests = scope(AidRequest.objects.filter(state__in=OPEN_STATES), actor)
    decisions = scope(Decision.objects.all(), actor)
    if actor.role == Role.SOCIAL_WORKER:
        requests = requests.filter(assigned_to=actor.user)
        decisions = decisions.filter(request__assigned_to=actor.user)
    requests = requests.select_related("person")
    decisions = decisions.select_related("person", "request")
    d = Dashboard()
    d.late_requests = list(requests.filter(decision_due__lt=today).order_by("decision_due")[:limit])
    d.near_requests = list(
        requests.filter(
            decision_due__gte=today, decision_due__lte=today + timedelta(days=NEAR_DAYS)
        ).order_by("decision_due")[:limit]
    )
    pending = decisions.filter(notified_on__isnull=True)
    d.late_notifications = list(pending.filter(notify_due__lt=today).order_by("notify_due")[:limit])
    d.near_notifications = list(
        pending.filter(notify_due__gte=today).order_by("notify_due")[:limit]
    )
    open_items = InvestigationItem.objects.filter(
        request=OuterRef("pk"), required=True, status=ItemStatus.OPEN
    )
    d.incomplete = list(
        requests.filter(Exists(open_items))
        .annotate(
            missing=Count("items", filter=Q(items__required=True, items__status=ItemStatus.OPEN))
        )
        .order_by("decision_due")[:limit]
    )
    d.ending = list(
        decisions.filter(
            kind__in=[DecisionKind.GRANT, DecisionKind.MODIFY],
            effective_until__gte=today,
            effective_until__lte=today + timedelta(days=ENDING_DAYS),
            replaced_by__isnull=True,
        ).order_by("effective_until")[:limit]
    )
    audit.record(actor, "view", object_type="dashboard", purpose="casework dashboard")
    return d


@dataclass
class Register:
    start: date
    end: date
    requests_by_kind_channel: list[tuple[str, str, int]]
    decisions_by_kind: list[tuple[str, int]]
    refusals_by_reason: list[tuple[str, int]]
    processing_days_median: float | None
    processing_days_p90: float | None
    decided_count: int
    within_30_days: int
    open_requests: int

    def tables(self) -> list[tuple[str, list[str], list[list]]]:
        """(title, header, rows) for display and export, with translated labels."""
        kinds, channels = dict(AidKind.choices), dict(Channel.choices)
        dkinds, reasons = dict(DecisionKind.choices), dict(RefusalReason.choices)
        return [
            (_("Requests by kind and channel"), [_("kind of aid"), _("channel"), _("number")],
             [[str(kinds.get(k, k)), str(channels.get(c, c)), n] for k, c, n in self.requests_by_kind_channel]),
            (_("Decisions by kind"), [_("decision"), _("number")],
             [[str(dkinds.get(k, k)), n] for k, n in self.decisions_by_kind]),
            (_("Refusals by reason"), [_("reason"), _("number")],
             [[str(reasons.get(r, r)), n] for r, n in self.refusals_by_reason]),
            (_("Processing time"), [_("measure"), _("value")], [
                [_("decisions"), self.decided_count],
                [_("median (days)"), self.processing_days_median],
                [_("90th percentile (days)"), self.processing_days_p90],
                [_("decided within 30 days"), self.within_30_days],
                [_("open requests at the end of the period"), self.open_requests],
            ]),
        ]  # fmt: skip


class DaysBetween(Func):
    """Whole days from the second date to the first, as an integer, in the database.

    Django's date subtraction gives a duration, computed on SQLite by a Python function
    called for every row; these are the native expressions of the two databases we run on.
    """

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        (end, end_params), (start, start_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        if connection.vendor == "sqlite":
            sql = f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)"
        else:  # PostgreSQL: date - date is an integer number of days
            sql = f"({end} - {start})"
        return sql, (*end_params, *start_params)


def _percentile(sorted_values: list[int], q: float) -> float | None:
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return float(sorted_values[0])
    return round(statistics.quantiles(sorted_values, n=100, method="inclusive")[int(q) - 1], 1)


def register(actor: Actor, start: date, end: date, *, ocmw_id: int | None = None) -> Register:
    """The register of requests and decisions of the actor's OCMW for [start, end]."""
    require(actor, "case.register")
    requests = scope(AidRequest.objects.all(), actor)
    decisions = scope(Decision.objects.all(), actor)
    req_period = requests.filter(received_on__gte=start, received_on__lte=end)
    by_kind_channel = [
        (r["kind"], r["channel"], r["n"])
        for r in req_period.values("kind", "channel")
        .annotate(n=Count("id"))
        .order_by("kind", "channel")
    ]
    dec_period = decisions.filter(decided_on__gte=start, decided_on__lte=end)
    # One pass over the period's decisions, grouped in the database by kind, refusal reason,
    # first decision or revision, and processing days (a few hundred rows at most); the three
    # tables are summed from it here. Not three queries, and not every (decision, request)
    # date pair sent to Python: ~10,000 a year for a large OCMW cost more than the rest of the
    # page. "First decision" is a grouping column, not a filter: with ``replaces_id IS NULL``
    # in the WHERE clause SQLite searched the unique index on replaces_id (95 % of all rows of
    # every OCMW) instead of (ocmw, decided_on): 0.4 s with a million decisions.
    groups = (
        # The request's OCMW is the decision's; saying so lets PostgreSQL join the OCMW's
        # requests only (its planner otherwise hashed all the requests of every OCMW).
        scope(dec_period, actor, "request__ocmw")
        .annotate(
            first=ExpressionWrapper(Q(replaces__isnull=True), output_field=BooleanField()),
            took=DaysBetween("decided_on", "request__received_on"),
        )
        .values("kind", "refusal_reason", "first", "took")
        .annotate(n=Count("id"))
        .order_by()
    )
    kinds: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    per_days: Counter[int] = Counter()
    for g in groups:
        kinds[g["kind"]] += g["n"]
        if g["kind"] == DecisionKind.REFUSE:
            reasons[g["refusal_reason"]] += g["n"]
        if g["first"]:  # a revision is not a new request: processing time of first decisions
            per_days[g["took"]] += g["n"]
    by_kind = sorted(kinds.items())
    refusals = sorted(reasons.items(), key=lambda r: (-r[1], r[0]))
    days = sorted(per_days.elements())
    open_at_end = (
        requests.filter(received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .count()
    )
    audit.record(
        actor,
        "view",
        object_type="register",
        purpose="register statistics",
        detail={"from": start.isoformat(), "until": end.isoformat()},
    )
    return Register(
        start=start, end=end, requests_by_kind_channel=by_kind_channel, decisions_by_kind=by_kind,
        refusals_by_reason=refusals,
        processing_days_median=round(statistics.median(days), 1) if days else None,
        processing_days_p90=_percentile(days, 90), decided_count=len(days),
        within_30_days=sum(1 for d in days if d <= 30), open_requests=open_at_end,
    )  # fmt: skip


def to_csv(reg: Register) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for title, header, rows in reg.tables():
        writer.writerow([title])
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [
                    "" if v is None else str(v).replace(".", ",") if isinstance(v, float) else v
                    for v in row
                ]
            )
        writer.writerow([])
    return out.getvalue()


def to_xlsx(reg: Register) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in reg.tables():
        ws = wb.create_sheet(title=exports.sheet_title(title, wb.sheetnames))
        ws.append([f"{title} ({reg.start:%d/%m/%Y} – {reg.end:%d/%m/%Y})"])
        ws["A1"].font = Font(bold=True)
        ws.append([str(h) for h in header])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for col in ws.columns:
            ws.column_dimensions[col[0].column_letter].width = max(
                12, *(len(str(c.value or "")) + 2 for c in col[1:])
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
