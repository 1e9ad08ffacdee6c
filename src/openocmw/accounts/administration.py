"""The OCMW administrator manages the users of their OCMW (issue 10 §9): accounts, roles,
password resets and API token revocation. Every change is audited in the OCMW's chain.

The administrator sees and changes only the users who hold (or held) a role in their own OCMW,
grants any role of that OCMW but never the federal inspector's, and cannot remove the last
active administrator of the OCMW (nobody could manage it any more).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import ApiToken, Membership, Role, User
from .tenancy import Actor, require

GRANTABLE = [r for r in Role if r != Role.FEDERAL_INSPECTOR]
PURPOSE = "user administration"


def users_of(actor: Actor) -> QuerySet[User]:
    require(actor, "ocmw.manage")
    return (
        User.objects.filter(memberships__ocmw_id=actor.ocmw_id)
        .distinct()
        .prefetch_related("memberships")
        .order_by("last_name", "first_name", "username")
    )


def get_user(actor: Actor, user_id) -> User:
    """A user of the actor's OCMW (DoesNotExist otherwise; a refusal is audited)."""
    require(actor, "ocmw.manage")
    try:
        key = int(user_id)
    except (TypeError, ValueError):
        key = None
    user = users_of(actor).filter(pk=key).first() if key is not None else None
    if user is None:
        audit.record(
            actor, "denied", object_type="user", object_id=str(user_id)[:60], purpose=PURPOSE,
            detail={"reason": "not found in this OCMW"},
        )  # fmt: skip
        raise User.DoesNotExist
    return user


def memberships_here(actor: Actor, user: User) -> list[Membership]:
    return list(user.memberships.filter(ocmw_id=actor.ocmw_id).order_by("role"))


def _role(role: str) -> str:
    if role not in [r.value for r in GRANTABLE]:
        raise ValidationError({"role": _("Role: choose one of the list.")})
    return role


@transaction.atomic
def create_user(
    actor: Actor, *, username: str, first_name: str, last_name: str, email: str, language: str,
    role: str,
) -> tuple[User, str]:  # fmt: skip
    """A new user with a role in the actor's OCMW and a one-time password (returned once)."""
    require(actor, "ocmw.manage")
    role = _role(role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("User name: this name is taken already.")})
    password = secrets.token_urlsafe(12)
    user = User.objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name,
        email=email, language=language, must_change_password=True,
    )  # fmt: skip
    membership = Membership.objects.create(user=user, ocmw_id=actor.ocmw_id, role=role)
    audit.record(
        actor, "create", object_type="user", object_id=user.pk, purpose=PURPOSE,
        detail={"username": username, "role": role, "membership": membership.pk},
    )  # fmt: skip
    return user, password


@transaction.atomic
def update_user(
    actor: Actor, user: User, *, first_name: str, last_name: str, email: str, language: str
) -> User:
    require(actor, "ocmw.manage")
    before = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email,
              "language": user.language}  # fmt: skip
    after = {"first_name": first_name, "last_name": last_name, "email": email, "language": language}
    changed = sorted(k for k in after if after[k] != before[k])
    if not changed:
        return user
    for k in changed:
        setattr(user, k, after[k])
    user.save(update_fields=changed)
    audit.record(
        actor, "update", object_type="user", object_id=user.pk, purpose=PURPOSE,
        detail={"changed": changed},
    )  # fmt: skip
    return user


def _last_admin(actor: Actor, membership: Membership) -> bool:
    if membership.role != Role.OCMW_ADMIN or not membership.active:
        return False
    others = Membership.objects.filter(
        ocmw_id=actor.ocmw_id, role=Role.OCMW_ADMIN, active=True, user__is_active=True
    ).exclude(pk=membership.pk)
    return not others.exists()


@transaction.atomic
def grant_role(actor: Actor, user: User, role: str) -> Membership:
    require(actor, "ocmw.manage")
    role = _role(role)
    membership, created = Membership.objects.get_or_create(
        user=user, ocmw_id=actor.ocmw_id, role=role, defaults={"active": True}
    )
    if not created and membership.active:
        raise ValidationError({"role": _("Role: the user has this role already.")})
    if not created:
        membership.active = True
        membership.save(update_fields=["active"])
    audit.record(
        actor, "create" if created else "update", object_type="membership",
        object_id=membership.pk, purpose=PURPOSE,
        detail={"user": user.get_username(), "role": role, "active": True},
    )  # fmt: skip
    return membership


@transaction.atomic
def set_role_active(actor: Actor, membership_id, active: bool) -> Membership:
    """Suspend (or restore) one role; a suspended role's API tokens are revoked too."""
    require(actor, "ocmw.manage")
    membership = (
        Membership.objects.select_for_update()
        .filter(pk=int(membership_id), ocmw_id=actor.ocmw_id)
        .first()
    )
    if membership is None:
        raise PermissionDenied("another OCMW's membership")
    if not active and _last_admin(actor, membership):
        raise ValidationError(
            {
                "role": _(
                    "The last administrator of the OCMW cannot be removed: appoint another first."
                )
            }  # noqa: E501
        )
    if membership.active == active:
        return membership
    membership.active = active
    membership.save(update_fields=["active"])
    audit.record(
        actor, "update", object_type="membership", object_id=membership.pk, purpose=PURPOSE,
        detail={"user": membership.user.get_username(), "role": membership.role,
                "active": active},
    )  # fmt: skip
    if not active:
        revoke_tokens(actor, membership.user, membership=membership)
    return membership


@transaction.atomic
def reset_password(actor: Actor, user: User) -> str:
    """A one-time password (returned once, shown once); the user must change it at login."""
    require(actor, "ocmw.manage")
    if user.pk == actor.user.pk:
        raise ValidationError({"user": _("Change your own password on the password page.")})
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(
        actor, "password", object_type="user", object_id=user.pk, purpose="password reset",
        detail={"by": "administrator", "username": user.get_username()},
    )  # fmt: skip
    return password


def tokens_of(actor: Actor, user: User) -> QuerySet[ApiToken]:
    require(actor, "ocmw.manage")
    return ApiToken.objects.filter(
        user=user, membership__ocmw_id=actor.ocmw_id, revoked_at__isnull=True
    ).order_by("created_at")


@transaction.atomic
def revoke_tokens(
    actor: Actor, user: User, *, token_id=None, membership: Membership | None = None
) -> int:
    """Revoke the user's live tokens of this OCMW (one, those of one role, or all)."""
    qs = tokens_of(actor, user)
    if token_id is not None:
        qs = qs.filter(pk=int(token_id))
    if membership is not None:
        qs = qs.filter(membership=membership)
    now = timezone.now()
    count = 0
    for token in qs:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=now)
        audit.record(
            actor, "token", object_type="api_token", object_id=token.pk, purpose="token revoked",
            detail={"user": user.get_username(), "prefix": token.prefix, "by": "administrator"},
        )  # fmt: skip
        count += 1
    return count
