from __future__ import annotations

from .tenancy import actor_for

SESSION_MEMBERSHIP = "openocmw.membership"


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class TenancyMiddleware:
    """Attach ``request.actor``: the user, their chosen OCMW membership and role."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.actor = actor_for(
                user, request.session.get(SESSION_MEMBERSHIP), ip=client_ip(request)
            )
        return self.get_response(request)
