"""Dashboards and the register's statistics. Aggregates only: no personal data leaves here
except in the worklists of the OCMW's own social workers and team leads."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

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
    by_kind = [
        (r["kind"], r["n"])
        for r in dec_period.values("kind").annotate(n=Count("id")).order_by("kind")
    ]
    refusals = [
        (r["refusal_reason"], r["n"])
        for r in dec_period.filter(kind=DecisionKind.REFUSE)
        .values("refusal_reason").annotate(n=Count("id")).order_by("-n", "refusal_reason")
    ]  # fmt: skip
    # First decisions only (a revision is not a new request): processing time of the request.
    pairs = dec_period.filter(replaces__isnull=True).values_list(
        "decided_on", "request__received_on"
    )
    days = sorted((d - r).days for d, r in pairs.iterator(chunk_size=5000))
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
        ws = wb.create_sheet(title=str(title)[:31])
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
