"""``{% load money %}`` then ``{{ amount|euro }}``: an amount in the page's language
(``openocmw.formats.euro``)."""

from django import template

from openocmw.formats import euro as _euro

register = template.Library()


@register.filter
def euro(amount, language: str = ""):
    return _euro(amount, language or None)
