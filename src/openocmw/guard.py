"""One guard for all input: no request reaches a view with text the database cannot store.

:class:`InputGuardMiddleware` refuses, with a 400 naming the parameter, a query-string or form
value (or name) that holds a NUL byte or a lone UTF-16 surrogate: PostgreSQL cannot store either
and would answer a server error. JSON bodies get the same check in the API's parser.

Views parse ids from the query string or a form with :func:`int_param`, which raises
:class:`InputError` for anything but a whole number in range; the middleware answers that error
too. Under ``/api/v1/`` the answer is the API's JSON error shape, elsewhere the HTML error page.
"""

from __future__ import annotations

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/v1/"
# Ids are positive and fit a 63-bit primary key.
MAX_ID = 2**63 - 1
_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(Exception):
    """Bad input in a request parameter; answered 400 naming ``field``."""

    def __init__(self, field: str, message: str, code: str = "invalid"):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = str(message)
        self.code = code


def bad_character(text: str) -> str | None:
    """Why ``text`` cannot be accepted (a translated sentence), or None."""
    if "\x00" in text:
        return _("The text contains a NUL character, which is not allowed.")
    if _SURROGATE.search(text):
        return _("The text contains an invalid character (a lone surrogate).")
    return None


def int_param(data, name: str, *, required: bool = False, lo: int = 1, hi: int = MAX_ID):
    """``data[name]`` (a QueryDict or dict) as an int in [lo, hi]; None if absent and optional."""
    value = data.get(name)
    if value in (None, ""):
        if required:
            raise InputError(name, _("This field is required."), "required")
        return None
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,19}", text):
        raise InputError(name, _("Give a whole number."))
    number = int(text)
    if not lo <= number <= hi:
        raise InputError(
            name, _("Give a number from %(lo)s to %(hi)s.") % {"lo": lo, "hi": hi}, "out_of_range"
        )
    return number


def bad_request(request, field: str | None, message: str, code: str = "invalid"):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"errors": [{"field": field, "code": code, "message": message}]},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "400.html", {"field": field, "problem": message}, status=400)


def server_error(request, *args, **kwargs):
    """handler500: under /api/v1/ a JSON error (a client parses it), elsewhere the HTML page."""
    if request.path.startswith(API_PREFIX):
        message = _("The server could not process the request; the error has been logged.")
        return JsonResponse(
            {"errors": [{"field": None, "code": "server_error", "message": message}]},
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    return defaults.server_error(request, *args, **kwargs)


def _first_problem(querydict):
    for key, values in querydict.lists():
        problem = bad_character(key)
        if problem:
            return key, problem
        for value in values:
            problem = bad_character(value)
            if problem:
                return key, problem
    return None


class InputGuardMiddleware:
    """Refuse NUL bytes and lone surrogates in GET and POST; answer :class:`InputError`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _first_problem(request.GET)
        if found is None and request.method == "POST" and _is_form(request):
            found = _first_problem(request.POST)
        if found is None and request.method == "POST" and request.FILES:
            found = next(
                (
                    (k, bad_character(f.name))
                    for k, files in request.FILES.lists()
                    for f in files
                    if f.name and bad_character(f.name)
                ),
                None,
            )
        if found is not None:
            return bad_request(request, found[0], found[1], "invalid_character")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InputError):
            return bad_request(request, exception.field, exception.message, exception.code)
        return None


def _is_form(request) -> bool:
    content_type = request.content_type or ""
    return content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
