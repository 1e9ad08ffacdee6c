"""A small JSON API layer on plain Django: authentication, errors, and strict input.

Every handler receives ``(request, actor, ...)``. Errors are JSON in the user's language:
``{"errors": [{"field": "birth_date", "code": "invalid", "message": "…"}]}``. Bad input is
answered 400 and changes nothing; an API call never answers 500 for bad input.
"""

from __future__ import annotations

import json
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from openocmw.accounts.middleware import client_ip
from openocmw.accounts.tokens import actor_for_token


class ApiError(Exception):
    def __init__(self, status: int, errors: list[dict]):
        super().__init__(errors)
        self.status = status
        self.errors = errors


def error(status: int, message: str, field: str | None = None, code: str = "invalid"):
    return ApiError(status, [{"field": field, "code": code, "message": str(message)}])


def validation_errors(exc: ValidationError, prefix: str = "") -> ApiError:
    errors = []
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            for e in errs:
                msg = e.message % e.params if e.params else e.message
                errors.append(
                    {"field": prefix + field, "code": e.code or "invalid", "message": str(msg)}
                )
    else:
        for e in exc.error_list:
            msg = e.message % e.params if e.params else e.message
            errors.append({"field": None, "code": e.code or "invalid", "message": str(msg)})
    return ApiError(400, errors)


def form_errors(form, prefix: str = "") -> ApiError:
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


def read_json(request, allowed: set[str], required: set[str] = frozenset()) -> dict:
    """The request body as a JSON object; unknown or missing fields are a 400 naming them."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise error(400, _("The request body is not valid JSON."), code="parse_error") from None
    if not isinstance(data, dict):
        raise error(400, _("The request body must be a JSON object."), code="parse_error")
    check_fields(data, allowed, required)
    return data


def check_fields(data: dict, allowed: set[str], required: set[str] = frozenset(), prefix=""):
    errors = [
        {"field": prefix + k, "code": "unknown_field", "message": _("Unknown field.")}
        for k in data
        if k not in allowed
    ]
    errors += [
        {"field": prefix + k, "code": "required", "message": _("This field is required.")}
        for k in sorted(required)
        if data.get(k) in (None, "")
    ]
    if errors:
        raise ApiError(400, errors)


def _authenticate(request):
    header = request.headers.get("Authorization", "")
    if header.startswith(("Bearer ", "Token ")):
        actor = actor_for_token(header.split(" ", 1)[1].strip(), client_ip(request))
        if actor is None:
            raise error(401, _("Invalid or revoked token."), code="not_authenticated")
        return actor, True
    if request.user.is_authenticated and getattr(request, "actor", None) is not None:
        return request.actor, False
    raise error(401, _("Log in or send a token."), code="not_authenticated")


def _csrf_check(request):
    reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if reason is not None:
        raise error(403, _("CSRF check failed."), code="csrf")


def endpoint(methods: tuple[str, ...]):
    """Wrap a handler: method check, authentication, language, JSON errors."""

    def decorate(handler):
        @csrf_exempt
        @wraps(handler)
        def view(request, *args, **kwargs):
            try:
                if request.method not in methods:
                    raise error(405, _("Method not allowed."), code="method_not_allowed")
                actor, by_token = _authenticate(request)
                if not by_token and request.method not in ("GET", "HEAD", "OPTIONS"):
                    _csrf_check(request)
                if "HTTP_ACCEPT_LANGUAGE" not in request.META and not request.COOKIES.get(
                    "django_language"
                ):
                    translation.activate(actor.user.language)
                result = handler(request, actor, *args, **kwargs)
                status = 200
                if isinstance(result, tuple):
                    status, result = result
                return JsonResponse(
                    result, status=status, json_dumps_params={"ensure_ascii": False}
                )
            except ApiError as exc:
                return JsonResponse({"errors": exc.errors}, status=exc.status)
            except ValidationError as exc:
                api_exc = validation_errors(exc)
                return JsonResponse({"errors": api_exc.errors}, status=400)
            except PermissionDenied:
                return JsonResponse(
                    {
                        "errors": [
                            {
                                "field": None,
                                "code": "forbidden",
                                "message": _("Your role does not allow this."),
                            }
                        ]
                    },
                    status=403,
                )

        view.api_methods = methods
        return view

    return decorate
