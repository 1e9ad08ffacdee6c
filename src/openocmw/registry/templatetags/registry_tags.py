from django import template

from ..insz import formatted

register = template.Library()


@register.filter
def insz(number: str) -> str:
    """An INSZ as Belgian documents print it: 85.07.30-033.28 (empty stays empty)."""
    return formatted(number or "")
