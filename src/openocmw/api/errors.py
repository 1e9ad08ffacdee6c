"""The one error shape of the API: ``{"errors": [{"field", "code", "message"}]}``.

Every refusal (bad input, no credentials, a role that may not, an unknown address, a wrong
method) is answered in that shape, the message translated (gettext) into the user's language.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from openocmw.accounts import audit


class ApiError(exceptions.APIException):
    """A refusal with its list of field-named errors (already translated)."""

    def __init__(self, status: int, errors: list[dict]):
        super().__init__(detail="; ".join(str(e.get("message")) for e in errors))
        self.status_code = status
        self.errors = errors


def error(status: int, message, field: str | None = None, code: str = "invalid") -> ApiError:
    return ApiError(status, [{"field": field, "code": code, "message": str(message)}])


def django_validation_errors(exc: DjangoValidationError, prefix: str = "") -> ApiError:
    """A Django ValidationError (from a service or a model) as field-named API errors."""
    errors = []
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            for e in errs:
                msg = e.message % e.params if e.params else e.message
                name = None if field == "__all__" else prefix + field
                errors.append({"field": name, "code": e.code or "invalid", "message": str(msg)})
    else:
        for e in exc.error_list:
            msg = e.message % e.params if e.params else e.message
            errors.append({"field": None, "code": e.code or "invalid", "message": str(msg)})
    return ApiError(400, errors)


def form_errors(form, prefix: str = "") -> ApiError:
    """The errors of a bound, invalid Django form as API errors (the form's own messages)."""
    errors = []
    for field, errs in form.errors.get_json_data().items():
        for e in errs:
            errors.append(
                {
                    "field": None if field == "__all__" else prefix + field,
                    "code": e["code"] or "invalid",
                    "message": e["message"],
                }
            )
    return ApiError(400, errors)


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list, each naming its field (``a.b``, ``a[0]``)."""
    out: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                out += _flatten(value, prefix)
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
                out += _flatten(value, name)
    elif isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            for item in detail:
                out.append({"field": prefix or None, "code": item.code, "message": str(item)})
        else:
            for index, item in enumerate(detail):
                if item:
                    out += _flatten(item, f"{prefix}[{index}]")
    else:
        code = getattr(detail, "code", "invalid")
        out.append({"field": prefix or None, "code": code, "message": str(detail)})
    return out


_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "not_authenticated",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.ParseError: "parse_error",
    exceptions.Throttled: "throttled",
}


def exception_handler(exc, context):
    """Every refusal as ``{"errors": [...]}``; an unexpected exception stays a 500 (logged)."""
    if isinstance(exc, Http404):
        exc = error(404, _("Not found."), code="not_found")
    elif isinstance(exc, DjangoPermissionDenied):
        # A role denial is audited in the chain of the user's OCMW (issue 9 §1).
        request = context.get("request")
        if request is not None:
            audit.record_denial(
                request,
                "role does not allow",
                actor=getattr(request, "auth", None),
                permission=str(exc)[:100],
            )
        exc = error(403, _("Your role does not allow this."), code="forbidden")
    elif isinstance(exc, DjangoValidationError):
        exc = django_validation_errors(exc)
    elif isinstance(exc, exceptions.ValidationError):
        exc = ApiError(400, _flatten(exc.detail))
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc = error(405, _("Method not allowed."), code="method_not_allowed")
    elif isinstance(exc, exceptions.PermissionDenied) and not isinstance(exc, ApiError):
        exc = error(403, _("Your role does not allow this."), code="forbidden")
    elif isinstance(exc, exceptions.APIException) and not isinstance(exc, ApiError):
        code = next((c for k, c in _CODES.items() if isinstance(exc, k)), "invalid")
        status = exc.status_code
        if code == "not_authenticated":
            status = 401
        exc = error(status, exc.detail, code=code)
    if not isinstance(exc, ApiError):
        return None
    headers = {}
    if exc.status_code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    for db in connections.all():
        if db.settings_dict.get("ATOMIC_REQUESTS") and db.in_atomic_block:
            db.set_rollback(True)
    return Response({"errors": exc.errors}, status=exc.status_code, headers=headers)


class ErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="The field, e.g. applicant.birth_date")
    code = serializers.CharField()
    message = serializers.CharField(help_text="In the user's language (nl, fr, de)")


class ErrorsSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)
