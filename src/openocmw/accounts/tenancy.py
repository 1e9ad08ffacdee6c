"""Who is acting, for which OCMW, in which role: the one place that decides access.

Every service and view receives an :class:`Actor`. Querysets of personal data go through
:func:`scope`, permissions through :func:`Actor.can` / :func:`require`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Membership, Ocmw, Role, User

# What each role may do. Personal data ("person.*", "household.*") is never open to the
# security adviser, the OCMW administrator or the federal inspector: they see the audit log,
# the configuration, or aggregates.
PERMISSIONS: dict[str, frozenset[str]] = {
    "person.view": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER}),
    "person.search": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER}),
    "person.create": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "person.update": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "household.change": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "leefloon.calculate": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER}),
    "case.view": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER}),
    "case.prepare": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "case.review": frozenset({Role.TEAM_LEAD}),
    "case.decide": frozenset({Role.COUNCIL_MEMBER}),
    "case.dashboard": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "case.register": frozenset({Role.TEAM_LEAD, Role.OCMW_ADMIN, Role.COUNCIL_MEMBER}),
    "audit.view": frozenset({Role.SECURITY_ADVISER}),
    "ocmw.manage": frozenset({Role.OCMW_ADMIN}),
    "stats.aggregate": frozenset(
        {Role.FEDERAL_INSPECTOR, Role.TEAM_LEAD, Role.OCMW_ADMIN, Role.COUNCIL_MEMBER}
    ),
    # GPMI (issue 5): the federal inspector sees only the aggregated statistics.
    "gpmi.view": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "gpmi.change": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "gpmi.stats": frozenset(
        {Role.TEAM_LEAD, Role.OCMW_ADMIN, Role.COUNCIL_MEMBER, Role.FEDERAL_INSPECTOR}
    ),
    "gpmi.staff_time": frozenset({Role.TEAM_LEAD, Role.OCMW_ADMIN}),
    # The rights circle and the local proactive project (issue 12 §4): no personal data.
    "circle.view": frozenset(
        {Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER, Role.OCMW_ADMIN}
    ),
    "circle.change": frozenset({Role.TEAM_LEAD, Role.OCMW_ADMIN}),
    # The file's journal, documents and appointments (issue 10 §3, openocmw.journal): the
    # workers of the file; a confidential note only its author and the team leads.
    "journal.view": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "journal.write": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "journal.confidential": frozenset({Role.TEAM_LEAD}),
    # Federal data flows, the e-box and the social report (issue 13).
    "exchange.consult": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "exchange.ebox": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "exchange.resolve": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "exchange.report": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "exchange.inspection": frozenset(
        {Role.TEAM_LEAD, Role.OCMW_ADMIN, Role.COUNCIL_MEMBER, Role.FEDERAL_INSPECTOR}
    ),
    # Finance (issue 14). Payments are personal data: not for the administrator or inspector.
    "finance.view": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "finance.run": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    "finance.approve": frozenset({Role.TEAM_LEAD}),
    "finance.refunds": frozenset({Role.TEAM_LEAD, Role.OCMW_ADMIN}),
    "medical.decide": frozenset({Role.SOCIAL_WORKER, Role.TEAM_LEAD}),
    # The care provider sees nothing but the medical-aid look-up.
    "medical.lookup": frozenset({Role.CARE_PROVIDER}),
    # Background jobs of the OCMW (a kind may require more, e.g. person.view).
    "job.view": frozenset(
        {Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER, Role.OCMW_ADMIN}
    ),
}


@dataclass(frozen=True)
class Actor:
    """The user acting now, through one membership (one OCMW, one role)."""

    user: User
    membership: Membership
    ip: str | None = None
    # All the user's active memberships (the OCMW switch of every page), read once with the
    # actor by actor_for; empty for an actor made otherwise (then memberships_of asks).
    memberships: tuple[Membership, ...] = field(default=(), compare=False, repr=False)

    @property
    def ocmw(self) -> Ocmw | None:
        return self.membership.ocmw

    @property
    def ocmw_id(self) -> int | None:
        return self.membership.ocmw_id

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, permission: str) -> bool:
        if permission not in PERMISSIONS:
            raise KeyError(f"Unknown permission {permission!r}")
        return self.membership.active and self.role in PERMISSIONS[permission]


def require(actor: Actor | None, permission: str) -> Actor:
    """Raise PermissionDenied unless ``actor`` holds ``permission``."""
    if actor is None or not actor.can(permission):
        raise PermissionDenied(permission)
    return actor


def scope(queryset: QuerySet, actor: Actor, field: str = "ocmw") -> QuerySet:
    """Restrict a queryset of personal data to the actor's OCMW (nothing for other roles)."""
    if actor.ocmw_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": actor.ocmw_id})


def memberships_of(user: User) -> QuerySet:
    return (
        Membership.objects.filter(user=user, active=True)
        .select_related("ocmw")
        .order_by("ocmw__name_nl", "role")
    )


def actor_for(user: User, membership_id: int | None = None, ip: str | None = None) -> Actor | None:
    """The actor for ``user``: the chosen membership if it is theirs, else their first one."""
    if not user.is_authenticated:
        return None
    memberships = list(memberships_of(user))
    if not memberships:
        return None
    chosen = next((m for m in memberships if m.pk == membership_id), memberships[0])
    return Actor(user=user, membership=chosen, ip=ip, memberships=tuple(memberships))


def actor_of(request) -> Actor:
    """The actor of a request (set by TenancyMiddleware); 403 for a user without a role."""
    actor = getattr(request, "actor", None)
    if actor is None:
        raise PermissionDenied(_("You have no role in any OCMW."))
    return actor
