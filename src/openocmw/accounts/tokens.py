"""API tokens: random, shown once, stored as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken, Membership
from .tenancy import Actor


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(membership: Membership, name: str) -> str:
    token = "oo_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=membership.user,
        membership=membership,
        name=name,
        digest=_digest(token),
        prefix=token[:8],
    )
    return token


def actor_for_token(token: str, ip: str | None = None) -> Actor | None:
    row = (
        ApiToken.objects.filter(digest=_digest(token), revoked_at__isnull=True)
        .select_related("user", "membership__ocmw")
        .first()
    )
    if row is None or not row.user.is_active or not row.membership.active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return Actor(user=row.user, membership=row.membership, ip=ip)
