"""Logging in, the password and choosing the OCMW (the audit log page: ``audit_views``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.guard import int_param

from . import audit
from .addresses import client_ip
from .middleware import SESSION_MEMBERSHIP
from .tenancy import actor_for, memberships_of


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        actor = actor_for(user, ip=client_ip(self.request))
        if actor is not None:
            audit.record(actor, "login", purpose="login")
        # The user's own language, unless they chose one on this browser already.
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password here; the policy is AUTH_PASSWORD_VALIDATORS."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        forced = user.must_change_password
        if forced:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        actor = getattr(self.request, "actor", None)
        audit.record(
            actor, "password", object_type="user", object_id=user.pk, purpose="password change",
            username=user.get_username(), ip=client_ip(self.request),
            detail={"after_reset": forced},
        )  # fmt: skip
        messages.success(self.request, _("Your password was changed."))
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out user name or address (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@login_required
@require_POST
def switch_ocmw(request):
    wanted = int_param(request.POST, "membership")
    if any(m.pk == wanted for m in memberships_of(request.user)):
        request.session[SESSION_MEMBERSHIP] = wanted
    return redirect("home")
