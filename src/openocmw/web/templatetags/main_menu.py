"""``{% main_menu %}``: the links of the main menu for the role in use (web/menu.py)."""

from __future__ import annotations

from django import template

from openocmw.web.menu import menu_html

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    actor = context.get("actor")
    return menu_html(actor.membership.role) if actor is not None else ""
