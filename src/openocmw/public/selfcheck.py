"""§2: the anonymous self-check (nothing stored)."""

from __future__ import annotations

from django.shortcuts import render

from .common import page_context, public_page


@public_page
def questionnaire(request):
    return render(request, "public/selfcheck.html", page_context(request, "public:selfcheck"))
