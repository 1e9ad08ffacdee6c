"""`{% rights_panel person %}`: the intake panel of the rights a person's household appears to
miss (issue 11, §5), included with one line in the person page and the request page."""

from __future__ import annotations

import logging

from django import template
from django.utils.translation import gettext_lazy as _

from openocmw.rights.catalogue_forms import AUTOMATION_LABELS, DOMAIN_LABELS

register = template.Library()
log = logging.getLogger("openocmw.rights")

LEVEL_LABELS = {
    "federal": _("federal"),
    "regional": _("regional"),
    "community": _("community"),
    "local": _("local"),
}


@register.inclusion_tag("rights/_panel.html", takes_context=True)
def rights_panel(context, person):
    from openocmw.rights.intake import missing_rights

    actor = context.get("actor")
    rows = None
    if actor is not None and actor.can("person.view") and person is not None:
        try:
            rows = missing_rights(actor, person)
        except Exception:  # noqa: BLE001 - the person's file opens even if the panel fails
            log.exception("rights panel of person %s", person.pk)
    return {"rows": rows, "person": person}


@register.filter
def right_level(code: str) -> str:
    return LEVEL_LABELS.get(code, code)


@register.filter
def right_domain(code: str) -> str:
    return DOMAIN_LABELS.get(code, code)


@register.filter
def right_automation(code: str) -> str:
    return AUTOMATION_LABELS.get(code, code)
