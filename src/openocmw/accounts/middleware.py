from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url
from django.urls import reverse

from . import audit
from .addresses import client_ip
from .tenancy import actor_for

SESSION_MEMBERSHIP = "openocmw.membership"


class TenancyMiddleware:
    """Attach ``request.actor``: the user, their chosen OCMW membership and role.

    Refusals are audited here, once the view's transactions are over (so that a rollback
    does not take the entry with it): a role denial (403) and a request without login
    that is sent to the login page or answered 401.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.actor = actor_for(
                user, request.session.get(SESSION_MEMBERSHIP), ip=client_ip(request)
            )
        response = self.get_response(request)
        if _unauthenticated_attempt(request, response):
            audit.record_denial(request, "not logged in")
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit.record_denial(
                request,
                "role does not allow" if request.actor is not None else "no role",
                permission=str(exception)[:100],
            )


def _unauthenticated_attempt(request, response) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if getattr(request, "openocmw_idle_logout", False):
        return False
    if request.path in (reverse("home"), reverse("logout"), reverse("login")):
        return False
    if response.status_code == 401:
        return True
    login = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and response.get("Location", "").startswith(login)
