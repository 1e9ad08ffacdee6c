"""Worklists of the review and the council, and the caseload of the team (selectors).

- ``to_review``: proposals submitted to the team lead;
- ``to_schedule``: proposals the team lead approved, not yet on an agenda;
- ``sent_back``: drafts the team lead sent back to the assigned worker with a note.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from openocmw.accounts import audit
from openocmw.accounts.models import Role
from openocmw.accounts.tenancy import Actor, require, scope

from .models import AidRequest, Proposal, ProposalState, RequestState

OPEN_STATES = [RequestState.REGISTERED, RequestState.INVESTIGATING, RequestState.PROPOSED]
QUEUES = ("to_review", "to_schedule", "sent_back")
LEAD_QUEUES = ("to_review", "to_schedule")


def _proposals(actor: Actor) -> QuerySet[Proposal]:
    return scope(Proposal.objects.all(), actor, "request__ocmw").select_related(
        "request__person", "request__assigned_to", "prepared_by"
    )


def queue(actor: Actor, name: str) -> QuerySet[Proposal]:
    """The proposals of one worklist, oldest deadline first. The team lead's queues hold the
    whole OCMW; "sent back" holds the actor's own requests."""
    require(actor, "case.dashboard")
    if name in LEAD_QUEUES:
        require(actor, "case.review")
    qs = _proposals(actor)
    if name == "to_review":
        qs = qs.filter(state=ProposalState.SUBMITTED)
    elif name == "to_schedule":
        qs = qs.filter(state=ProposalState.REVIEWED)
    elif name == "sent_back":
        qs = qs.filter(state=ProposalState.DRAFT, reviewed_at__isnull=False).exclude(review_note="")
        qs = qs.filter(request__assigned_to=actor.user)
    else:
        raise KeyError(name)
    return qs.order_by("request__decision_due", "pk")


def queue_counts(actor: Actor) -> dict[str, int]:
    names = QUEUES if actor.can("case.review") else ("sent_back",)
    return {n: queue(actor, n).count() for n in names}


def caseload(actor: Actor, today) -> list[dict]:
    """Open requests per assigned worker, with those past the 30 days (team lead only)."""
    require(actor, "case.review")
    rows = (
        scope(AidRequest.objects.filter(state__in=OPEN_STATES), actor)
        .values("assigned_to", "assigned_to__first_name", "assigned_to__last_name",
                "assigned_to__username")
        .annotate(open=Count("pk"), late=Count("pk", filter=Q(decision_due__lt=today)))
        .order_by("assigned_to__last_name", "assigned_to__first_name")
    )  # fmt: skip
    from openocmw.accounts.models import Membership

    active = set(
        Membership.objects.filter(
            ocmw_id=actor.ocmw_id, active=True, role__in=[Role.SOCIAL_WORKER, Role.TEAM_LEAD]
        ).values_list("user_id", flat=True)
    )
    out = []
    for r in rows:
        name = f"{r['assigned_to__first_name']} {r['assigned_to__last_name']}".strip()
        out.append({
            "user_id": r["assigned_to"], "name": name or r["assigned_to__username"] or "",
            "open": r["open"], "late": r["late"],
            "inactive": r["assigned_to"] is not None and r["assigned_to"] not in active,
        })  # fmt: skip
    audit.record(actor, "view", object_type="caseload", purpose="casework dashboard")
    return out


def team_requests(actor: Actor, user_id: int | None) -> QuerySet[AidRequest]:
    require(actor, "case.review")
    qs = scope(AidRequest.objects.filter(state__in=OPEN_STATES), actor).select_related(
        "person", "assigned_to"
    )
    qs = qs.filter(assigned_to__isnull=True) if user_id == 0 else qs.filter(assigned_to_id=user_id)
    return qs.order_by("decision_due")
