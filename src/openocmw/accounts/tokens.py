"""API tokens: random, shown once, stored as a SHA-256 digest, with an expiry; revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .chain import record
from .models import ApiToken, Membership
from .tenancy import Actor


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(membership: Membership, name: str, days: int | None = None) -> str:
    """A new token for ``membership``, valid ``days`` days (default OPENOCMW_TOKEN_DAYS)."""
    days = settings.OPENOCMW_TOKEN_DAYS if days is None else days
    if days < 1:
        raise ValueError("a token is valid for at least one day")
    token = "oo_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=membership.user,
        membership=membership,
        name=name,
        digest=_digest(token),
        prefix=token[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(
        None, "token", ocmw_id=membership.ocmw_id, username=membership.user.get_username(),
        object_type="api_token", object_id=row.pk, purpose="token issued",
        detail={"name": name, "prefix": row.prefix, "expires": row.expires_at.isoformat()},
    )  # fmt: skip
    return token


def find_tokens(token_or_prefix: str = "", username: str = ""):
    """The live tokens matching a full token, its 8-character prefix, or a user name."""
    qs = ApiToken.objects.filter(revoked_at__isnull=True).select_related("user", "membership")
    if username:
        qs = qs.filter(user__username=username)
    if len(token_or_prefix) > 8:
        qs = qs.filter(digest=_digest(token_or_prefix))
    elif token_or_prefix:
        qs = qs.filter(prefix=token_or_prefix)
    return qs.order_by("pk")


def revoke(rows) -> int:
    now = timezone.now()
    count = 0
    for row in rows:
        ApiToken.objects.filter(pk=row.pk).update(revoked_at=now)
        record(
            None, "token", ocmw_id=row.membership.ocmw_id, username=row.user.get_username(),
            object_type="api_token", object_id=row.pk, purpose="token revoked",
            detail={"name": row.name, "prefix": row.prefix},
        )  # fmt: skip
        count += 1
    return count


def actor_for_token(token: str, ip: str | None = None) -> Actor | None:
    """The actor of a live token; None for an unknown, revoked or expired one."""
    now = timezone.now()
    row = (
        ApiToken.objects.filter(digest=_digest(token), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("user", "membership__ocmw")
        .first()
    )
    if row is None or not row.user.is_active or not row.membership.active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return Actor(user=row.user, membership=row.membership, ip=ip)
