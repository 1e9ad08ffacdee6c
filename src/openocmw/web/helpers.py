"""Helpers shared by the views of every app."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from openocmw.accounts.tenancy import actor_of  # noqa: F401 - the acting user, for views


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's field errors on the form fields of the same name."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
