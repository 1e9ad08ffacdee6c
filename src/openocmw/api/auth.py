"""Who calls the API: a token (scoped to the token's OCMW) or the web session (with CSRF)."""

from __future__ import annotations

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission

from openocmw.accounts.addresses import client_ip
from openocmw.accounts.tokens import actor_for_token

from .errors import error


class BearerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` (or ``Token <token>``): the token's user and OCMW."""

    keywords = ("Bearer ", "Token ")

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(self.keywords):
            return None
        token = header.split(" ", 1)[1].strip()
        actor = actor_for_token(token, client_ip(request)) if token else None
        if actor is None:
            raise error(401, _("Invalid or revoked token."), code="not_authenticated")
        return actor.user, actor

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionActorAuthentication(BaseAuthentication):
    """The logged-in web user and the OCMW chosen in the session; changes need the CSRF token."""

    def authenticate(self, request):
        underlying = request._request
        user = getattr(underlying, "user", None)
        actor = getattr(underlying, "actor", None)
        if user is None or not user.is_authenticated or actor is None:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            reason = CsrfViewMiddleware(lambda r: None).process_view(underlying, None, (), {})
            if reason is not None:
                raise error(403, _("CSRF check failed."), code="csrf")
        return user, actor


class HasActor(BasePermission):
    """An authenticated actor; the fine-grained role checks are the services' (tenancy.require)."""

    def has_permission(self, request, view):
        if request.auth is None:
            raise error(401, _("Log in or send a token."), code="not_authenticated")
        return True
