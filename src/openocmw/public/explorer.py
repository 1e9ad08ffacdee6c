"""§1: the public rights explorer of one OCMW (no login, nothing about the visitor kept)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from openocmw.rights.selectors import catalogue_for

from .common import page_context, public_page


@public_page(cache_seconds=300)
def catalogue(request):
    rights = catalogue_for(request.ocmw, timezone.localdate())
    rows = [{"code": code, "name": r.name(request.lang)} for code, r in rights.items()]
    context = page_context(request, "public:explorer") | {"rows": rows}
    return render(request, "public/explorer.html", context)


@public_page(cache_seconds=300)
def right(request, code: str):
    entry = catalogue_for(request.ocmw, timezone.localdate()).get(code)
    if entry is None:
        raise Http404
    context = page_context(request, "public:explorer") | {"name": entry.name(request.lang)}
    return render(request, "public/right.html", context)
