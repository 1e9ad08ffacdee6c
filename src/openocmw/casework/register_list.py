"""The register as a list: every individual aid request of a period with its decisions
(issue 10 §7), filtered by period, kind of aid, status and worker, and exported.

Who sees it: the team lead and the council member (``case.register`` and ``case.view``); the
OCMW administrator keeps the register's statistics only, since the list names persons.
Every list and export is audited with its filters and the number of requests shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.models import Membership, Role, User
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.registry.insz import formatted

from .models import AidKind, AidRequest, Decision, OnlineRequest, OnlineState, RequestState


@dataclass
class RegisterFilters:
    start: date
    end: date
    kind: str = ""
    state: str = ""
    worker: int | None = None
    errors: list[str] = field(default_factory=list)

    def as_detail(self) -> dict:
        return {
            "from": self.start.isoformat(), "until": self.end.isoformat(), "kind": self.kind,
            "state": self.state, "worker": self.worker,
        }  # fmt: skip


def parse_period(params, today: date) -> tuple[date, date, list[str]]:
    """The period asked for (``from``/``until``, ISO dates); by default this year so far."""
    start, end, errors = date(today.year, 1, 1), today, []
    for key in ("from", "until"):
        value = params.get(key)
        if not value:
            continue
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            errors.append(_("Dates are written as dd/mm/yyyy."))
            continue
        if key == "from":
            start = parsed
        else:
            end = parsed
    if end < start:
        errors.append(_("The end date lies before the start date."))
        start, end = end, start
    return start, end, errors


def workers(actor: Actor) -> list[User]:
    """The social workers and team leads of the actor's OCMW (for the worker filter)."""
    ids = Membership.objects.filter(
        ocmw_id=actor.ocmw_id, role__in=[Role.SOCIAL_WORKER, Role.TEAM_LEAD], active=True
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username"))


def parse_filters(actor: Actor, params, start: date, end: date, errors: list[str]):
    f = RegisterFilters(start=start, end=end, errors=list(errors))
    kind = params.get("kind", "")
    if kind and kind not in AidKind.values:
        f.errors.append(_("Kind of aid: choose one of the list."))
    else:
        f.kind = kind
    state = params.get("state", "")
    if state and state not in RequestState.values:
        f.errors.append(_("Status: choose one of the list."))
    else:
        f.state = state
    worker = params.get("worker", "")
    if worker:
        allowed = {u.pk for u in workers(actor)}
        if not worker.isdigit() or int(worker) not in allowed:
            f.errors.append(_("Worker: choose one of the list."))
        else:
            f.worker = int(worker)
    return f


def requests(actor: Actor, f: RegisterFilters) -> QuerySet[AidRequest]:
    """The requests received in the period that match the filters, oldest first."""
    require(actor, "case.register")
    require(actor, "case.view")
    qs = scope(AidRequest.objects.all(), actor).filter(
        received_on__gte=f.start, received_on__lte=f.end
    )
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.worker:
        qs = qs.filter(assigned_to_id=f.worker)
    if f.errors:
        qs = qs.none()
    decisions = Decision.objects.order_by("decided_on", "version")
    return (
        qs.select_related("person", "assigned_to")
        .prefetch_related(Prefetch("decisions", queryset=decisions, to_attr="decision_list"))
        .order_by("received_on", "number")
    )


def header() -> list[str]:
    return [
        _("request number"), _("date of the request"), _("person"), _("INSZ"), _("kind of aid"),
        _("channel"), _("status"), _("worker"), _("decision due"), _("date of the decision"),
        _("decision"), _("monthly amount"), _("refusal reason"),
    ]  # fmt: skip


def rows(qs) -> list[list]:
    """One row per request, with its latest decision (none yet: empty cells)."""
    out = []
    for r in qs:
        decisions = getattr(r, "decision_list", None) or list(r.decisions.all())
        d = decisions[-1] if decisions else None
        worker = r.assigned_to.get_full_name() or r.assigned_to.username if r.assigned_to else ""
        out.append([
            r.number, r.received_on, r.person.full_name, formatted(r.person.insz), r.get_kind_display(), r.get_channel_display(),
            r.get_state_display(), worker, r.decision_due,
            d.decided_on if d else None, d.get_kind_display() if d else "",
            d.monthly_amount if d else None,
            d.get_refusal_reason_display() if d and d.refusal_reason else "",
        ])  # fmt: skip
    return out


def record(actor: Actor, f: RegisterFilters, count: int, fmt: str | None) -> None:
    audit.record(
        actor, "export" if fmt else "search", object_type="register",
        purpose="request register",
        detail={**f.as_detail(), "requests": count, **({"format": fmt} if fmt else {})},
    )  # fmt: skip


# --- online requests not yet matched to a person (issue 12 §3) ------------------------------

WAITING_SHOWN = 10


@dataclass
class Waiting:
    """The online requests waiting to be matched: not in the register's rows yet (they have
    no person), but their 30-day clock runs from the day they were received."""

    count: int
    oldest_due: date | None
    rows: list = field(default_factory=list)  # the first ones, for the roles that match them


def waiting_online(actor: Actor) -> Waiting:
    """How many online requests of the actor's OCMW wait for a person, and (for a role that
    may match them: the team lead) the ones due first, audited like the online queue."""
    qs = scope(OnlineRequest.objects.filter(state=OnlineState.NEW), actor)
    count = qs.count()
    if not count:
        return Waiting(0, None)
    oldest = qs.order_by("decision_due").values_list("decision_due", flat=True).first()
    rows = []
    if actor.can("case.prepare"):
        rows = list(qs.order_by("decision_due", "pk")[:WAITING_SHOWN])
        audit.record(
            actor, "view", object_type="queue", object_id="online", purpose="online requests",
            detail={"from": "register list", "shown": len(rows)},
        )  # fmt: skip
    return Waiting(count, oldest, rows)
