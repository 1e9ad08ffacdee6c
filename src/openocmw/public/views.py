"""The public pages outside one OCMW: the directory of OCMWs and the OCMW's short link."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control

from openocmw.accounts.models import Ocmw
from openocmw.i18n import INTERFACE_LANGUAGES, interface_language

from .common import LANGUAGE_NAMES, ocmw_by_nis


def index(request):
    """Every OCMW of the installation, with a link to its pages in each of its languages
    (the page's own language: the browser's, as the visitor asks; no cookie)."""
    lang = interface_language(translation.get_language())
    rows = []
    for ocmw in Ocmw.objects.order_by("name_nl"):
        spoken = [code for code in ocmw.language_list if code in INTERFACE_LANGUAGES] or ["nl"]
        rows.append(
            {
                "name": ocmw.name(lang),
                "nis": ocmw.nis_code,
                "links": [{"code": c, "name": LANGUAGE_NAMES[c]} for c in spoken],
            }
        )
    response = render(request, "public/index.html", {"rows": rows, "lang": lang})
    patch_cache_control(response, public=True, max_age=300)
    return response


def ocmw_home(request, nis: str):
    """``/public/<nis>/``: the OCMW's pages in its first language (or the browser's, when
    the OCMW speaks it)."""
    ocmw = ocmw_by_nis(nis)
    spoken = [code for code in ocmw.language_list if code in INTERFACE_LANGUAGES] or ["nl"]
    asked = interface_language(translation.get_language(), default="")
    lang = asked if asked in spoken else spoken[0]
    return redirect("public:explorer", nis=ocmw.nis_code, lang=lang)
