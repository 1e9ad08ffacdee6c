"""What every public page shares: the OCMW from the URL's NIS code, the language from the URL,
headers that keep no trace of the visitor, and the header's links."""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.i18n import INTERFACE_LANGUAGES

# The header's links: (URL name taking nis and lang, label). Modules append theirs.
NAV: list[tuple[str, object]] = [
    ("public:explorer", _("Your rights")),
    ("public:selfcheck", _("Check your rights")),
]


def ocmw_by_nis(nis: str) -> Ocmw:
    if not (len(nis) == 5 and nis.isdigit()):
        raise Http404
    ocmw = Ocmw.objects.filter(nis_code=nis).first()
    if ocmw is None:
        raise Http404
    return ocmw


def public_page(view=None, *, cache_seconds: int = 0):
    """Wrap a public view taking ``(request, nis, lang, ...)`` as ``view(request, ...)``.

    The OCMW and the language come from the URL (404 otherwise); the language is active while
    the view runs and renders. ``cache_seconds``: pages that hold no answer of the visitor
    may be kept by the browser (and a shared cache) that long; others are ``no-store``."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, nis: str, lang: str, *args, **kwargs):
            if lang not in INTERFACE_LANGUAGES:
                raise Http404
            ocmw = ocmw_by_nis(nis)
            request.ocmw, request.lang = ocmw, lang
            with translation.override(lang):
                request.LANGUAGE_CODE = lang
                response = func(request, *args, **kwargs)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
            response["Content-Language"] = lang
            patch_vary_headers(response, ("Accept-Language",))
            if cache_seconds and request.method == "GET" and response.status_code == 200:
                patch_cache_control(response, public=True, max_age=cache_seconds)
            else:
                patch_cache_control(response, no_store=True, private=True)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def page_context(request, current: str) -> dict:
    """The header's context: the OCMW, the other languages' URLs of this page (its GET
    form), the navigation with the current entry."""
    ocmw, lang = request.ocmw, request.lang
    match = request.resolver_match
    languages = []
    for code in INTERFACE_LANGUAGES:
        if code == lang:
            continue
        kwargs = dict(match.kwargs) | {"lang": code}
        url = reverse(f"{match.namespace}:{match.url_name}", kwargs=kwargs)
        if request.method == "GET" and request.GET:
            url += "?" + request.GET.urlencode()
        languages.append({"code": code, "url": url, "name": LANGUAGE_NAMES[code]})
    nav = [
        {
            "url": reverse(name, kwargs={"nis": ocmw.nis_code, "lang": lang}),
            "label": label,
            "current": name == current,
        }
        for name, label in NAV
    ]
    return {
        "ocmw": ocmw,
        "ocmw_name": ocmw.name(lang),
        "municipality": ocmw.municipality(lang),
        "lang": lang,
        "languages": languages,
        "nav": nav,
    }


LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "de": "Deutsch"}
