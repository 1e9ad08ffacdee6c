"""Template helpers of the GPMI app, also used by the person file (registry/person_detail)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from openocmw.gpmi import services
from openocmw.gpmi.models import Progress

register = template.Library()


@register.filter
def progress_label(code: str) -> str:
    return str(Progress(code).label) if code in Progress.values else code


@register.simple_tag
def gpmi_summary(person, actor):
    """The person's GPMIs and whether one is required (for the GPMI section of the person
    file; the file view itself records the reading in the audit log)."""
    if actor is None or not actor.can("gpmi.view") or person.ocmw_id != actor.ocmw_id:
        return None
    today = timezone.localdate()
    return {
        "gpmis": list(person.gpmis.order_by("-start")[:5]),
        "requirement": services.requirement_for(person, today),
        "today": today,
    }
