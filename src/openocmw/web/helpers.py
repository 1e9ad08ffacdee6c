"""Helpers shared by the views of every app."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from openocmw.accounts.tenancy import actor_of  # noqa: F401 - the acting user, for views


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's field errors on the form fields of the same name."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def act(request, action, *, done: str | None = None, prefix: str = "") -> bool:
    """Run one service call of a POST without a form page of its own: its ValidationError
    messages become error messages (prefixed), else ``done`` is shown. True if it succeeded."""
    try:
        action()
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, f"{prefix}{msg}")
        return False
    if done:
        messages.success(request, done)
    return True


def valid(form) -> dict:
    """The form's cleaned data, or its errors raised as a ValidationError (for ``act``)."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data
