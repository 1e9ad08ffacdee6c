"""Session rules: logged out after a while without a request, and a forced password change.

``OPENOCMW_SESSION_IDLE_MINUTES`` (default 30) without a request ends the session: the user
is logged out (audited) and the request goes on as anonymous, so a page sends them to the
login and the API answers 401. A user whose password an administrator reset
(``must_change_password``) is sent to the password change page before anything else.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import audit
from .addresses import client_ip

LAST_SEEN = "openocmw.last_seen"
# The time of the last request is written at most once a minute (not a write per request).
RESOLUTION = 60


class SessionGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._idle(request) or self._must_change(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _idle(self, request):
        now = int(time.time())
        limit = settings.OPENOCMW_SESSION_IDLE_MINUTES * 60
        seen = request.session.get(LAST_SEEN)
        if isinstance(seen, int) and limit > 0 and now - seen > limit:
            actor = getattr(request, "actor", None)
            audit.record(
                actor, "logout", purpose="idle timeout", username=request.user.get_username(),
                ip=client_ip(request),
                detail={"idle_minutes": (now - seen) // 60},
            )  # fmt: skip
            logout(request)
            request.actor = None
            request.openocmw_idle_logout = True
            messages.info(
                request,
                _("You were logged out after %(minutes)d minutes without activity.")
                % {"minutes": settings.OPENOCMW_SESSION_IDLE_MINUTES},
            )
            return None
        if not isinstance(seen, int) or now - seen >= RESOLUTION:
            request.session[LAST_SEEN] = now
        return None

    def _must_change(self, request):
        if not request.user.is_authenticated or not request.user.must_change_password:
            return None
        allowed = (reverse("password_change"), reverse("logout"), settings.STATIC_URL, "/i18n/")
        if request.path.startswith(allowed):
            return None
        if request.path.startswith("/api/"):
            message = _("Choose a new password first: your password was reset.")
            return JsonResponse(
                {"errors": [{"field": None, "code": "password_change", "message": message}]},
                status=403,
            )
        return redirect("password_change")
