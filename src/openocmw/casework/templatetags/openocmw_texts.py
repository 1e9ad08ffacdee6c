"""Template filters for texts the rules give in three languages ({"nl", "fr", "de"})."""

from __future__ import annotations

from django import template

from openocmw.i18n import interface_language

register = template.Library()


@register.filter
def in_lang(texts, lang):
    """``texts[lang]`` for a {"nl": ..., "fr": ..., "de": ...} dict; Dutch if that one is empty.

    ``{{ step|in_lang:lang }}`` shows a step of the leefloon explanation in the page's language.
    """
    if not isinstance(texts, dict):
        return texts if texts is not None else ""
    return texts.get(interface_language(lang)) or texts.get("nl", "")


@register.filter
def rule_title_in(rule, lang):
    """The act and article of a rule (`rules.result.rule`) in ``lang``."""
    from openocmw.rules.result import rule_title

    return rule_title(rule or {}, interface_language(lang))
