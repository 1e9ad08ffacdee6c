"""``{{ ocmw|name_in:LANG }}``: an OCMW's name in the reader's language (Ocmw.name)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def name_in(ocmw, language):
    return ocmw.name((language or "nl")[:2]) if ocmw is not None else ""
