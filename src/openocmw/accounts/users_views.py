"""The OCMW administrator's pages for the users of their OCMW (issue 10 §9)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from openocmw.guard import int_param
from openocmw.inputs.forms import CheckedForm

from . import administration as admin
from .models import User
from .tenancy import actor_of as _actor
from .tenancy import require

# The languages a user may have (German once the model offers it, issue 10 §11).
LANGUAGES = User._meta.get_field("language").choices


class UserForm(CheckedForm):
    first_name = forms.CharField(label=gettext_lazy("first name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("e-mail"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("language"), choices=LANGUAGES)


class NewUserForm(UserForm):
    username = forms.RegexField(
        label=gettext_lazy("user name"), max_length=150, regex=r"^[A-Za-z0-9.@+_-]+$",
        error_messages={"invalid": gettext_lazy(
            "User name: letters, digits and . @ + - _ only.")},
    )  # fmt: skip
    role = forms.ChoiceField(
        label=gettext_lazy("role"), choices=[(r.value, r.label) for r in admin.GRANTABLE]
    )  # noqa: E501

    field_order = ["username", "first_name", "last_name", "email", "language", "role"]


def _apply(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def user_list(request):
    actor = _actor(request)
    require(actor, "ocmw.manage")
    users = list(admin.users_of(actor))
    for u in users:
        u.here = [m for m in u.memberships.all() if m.ocmw_id == actor.ocmw_id]
    form = NewUserForm(initial={"language": "nl"})
    status = 200
    if request.method == "POST":
        form = NewUserForm(request.POST)
        if form.is_valid():
            try:
                user, password = admin.create_user(actor, **form.cleaned_data)
            except ValidationError as exc:
                _apply(form, exc)
            else:
                return render(request, "accounts/user_password.html",
                              {"target": user, "password": password, "new": True})  # fmt: skip
        status = 400
    return render(request, "accounts/users.html", {"users": users, "form": form}, status=status)


def _user(actor, user_id) -> User:
    try:
        return admin.get_user(actor, user_id)
    except User.DoesNotExist:
        raise Http404(_("No such user in your OCMW.")) from None


@login_required
def user_detail(request, user_id: int):
    actor = _actor(request)
    require(actor, "ocmw.manage")
    user = _user(actor, user_id)
    form = UserForm(initial={"first_name": user.first_name, "last_name": user.last_name,
                             "email": user.email, "language": user.language})  # fmt: skip
    status = 200
    if request.method == "POST":
        form = UserForm(request.POST)
        if form.is_valid():
            admin.update_user(actor, user, **form.cleaned_data)
            messages.success(request, _("The user's data were saved."))
            return redirect("user_detail", user_id=user.pk)
        status = 400
    return render(request, "accounts/user_detail.html", {
        "target": user, "form": form, "memberships": admin.memberships_here(actor, user),
        "roles": [(r.value, r.label) for r in admin.GRANTABLE],
        "tokens": admin.tokens_of(actor, user),
    }, status=status)  # fmt: skip


@login_required
@require_POST
def user_action(request, user_id: int):
    """Grant, suspend or restore a role, reset the password, revoke tokens."""
    actor = _actor(request)
    require(actor, "ocmw.manage")
    user = _user(actor, user_id)
    action = request.POST.get("action", "")
    try:
        if action == "grant":
            admin.grant_role(actor, user, request.POST.get("role", ""))
            messages.success(request, _("The role was granted."))
        elif action in ("suspend", "restore"):
            admin.set_role_active(actor, int_param(request.POST, "membership"), action == "restore")
            messages.success(request, _("The role was changed."))
        elif action == "reset":
            password = admin.reset_password(actor, user)
            return render(request, "accounts/user_password.html",
                          {"target": user, "password": password, "new": False})  # fmt: skip
        elif action == "revoke":
            token = request.POST.get("token") or None
            n = admin.revoke_tokens(actor, user, token_id=int_param(request.POST, "token")
                                    if token else None)  # fmt: skip
            messages.success(request, _("%(n)s API tokens revoked.") % {"n": n})
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    except PermissionDenied:
        raise Http404(_("No such role in your OCMW.")) from None
    return redirect("user_detail", user_id=user.pk)
