"""`{% rights_panel person %}`: the intake panel of the rights a person's household appears to
miss (issue 11, §5), included with one line in the person page and the request page."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from openocmw.rights.catalogue_forms import AUTOMATION_LABELS, DOMAIN_LABELS

register = template.Library()

LEVEL_LABELS = {
    "federal": _("federal"),
    "regional": _("regional"),
    "community": _("community"),
    "local": _("local"),
}


@register.inclusion_tag("rights/_panel_placeholder.html", takes_context=True)
def rights_panel(context, person):
    """A placeholder that the browser fills from `rights_intake_panel` once the page is shown:
    the page never waits for the screening of the household (rights/intake_views.py)."""
    actor = context.get("actor")
    show = actor is not None and actor.can("person.view") and person is not None
    return {"show": show, "person": person}


@register.filter
def right_level(code: str) -> str:
    return LEVEL_LABELS.get(code, code)


@register.filter
def right_domain(code: str) -> str:
    return DOMAIN_LABELS.get(code, code)


@register.filter
def right_automation(code: str) -> str:
    return AUTOMATION_LABELS.get(code, code)
