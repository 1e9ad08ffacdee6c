"""Failed logins and lockouts go into the audit log (not only into django-axes' tables).

A failed login for an existing user name is written into the chain of each OCMW where that
user has a role, so that its security adviser sees attempts on their colleagues' accounts;
an unknown name goes into the global chain.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from .addresses import client_ip
from .chain import record
from .models import Membership, User


def _ocmws_of(username: str) -> list[int | None]:
    user = User.objects.filter(username=username).first()
    if user is None:
        return [None]
    ids = sorted(
        set(
            Membership.objects.filter(user=user, active=True, ocmw__isnull=False).values_list(
                "ocmw_id", flat=True
            )
        )
    )
    return ids or [None]


def _audit(action: str, request, username: str, detail: dict) -> None:
    username = str(username or "").replace("\x00", "")[:150]
    ip = client_ip(request) if request is not None else None
    for ocmw_id in _ocmws_of(username):
        record(None, action, ocmw_id=ocmw_id, username=username, ip=ip, purpose="login",
               object_type="user", detail=detail)  # fmt: skip


@receiver(user_login_failed, dispatch_uid="openocmw.audit.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    locked = _already_locked(request, credentials)
    _audit("login_failed", request, credentials.get("username", ""), {"locked_out": locked})


def _already_locked(request, credentials) -> bool:
    """Whether django-axes refused this attempt (the user name or address was locked)."""
    if request is None:
        return False
    from axes.handlers.proxy import AxesProxyHandler

    # This receiver is connected before axes' own (accounts comes first in INSTALLED_APPS), so
    # the failure being handled is not counted yet.
    return bool(AxesProxyHandler.is_locked(request, credentials))


def connect_axes() -> None:
    from axes.signals import user_locked_out

    @receiver(user_locked_out, dispatch_uid="openocmw.audit.locked_out", weak=False)
    def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
        _audit("locked_out", request, username or "", {"address": ip_address})
