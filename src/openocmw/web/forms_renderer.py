"""The form renderer: Django's, with its most used widget templates written in Python.

Django renders every widget through templates: a ``<select>`` of five options is seven
template renders (the select, an include per option, an include of ``attrs.html`` in each).
The case page has about forty such renders (a status and a notes field per checklist item,
seven small forms): a third of its server CPU in the load benchmark (issue 9,
docs/benchmarks.md). The functions below produce exactly the HTML of Django's templates
``input.html`` (and the input types that include it), ``attrs.html``, ``select.html``,
``select_option.html`` and ``textarea.html`` (Django 5.2), with the same escaping and
localisation helpers the template engine uses; every other template (a radio list, a
project's own widget template, a whole form) goes through Django's templates as before.
``tests/web/test_forms_renderer.py`` renders the project's forms both ways and compares them.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_CONTEXT = Context()  # autoescape on, localisation and time zone from the settings


def _out(value) -> str:
    """``{{ value }}``."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``"%s" % value`` is ``str(value)`` (a tuple too, which
    the filter turns into its text first); the filter keeps a safe string safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_out(name)}")
            if value is not True:
                parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _input_option(widget: dict) -> str:
    """``input_option.html`` (and ``radio_option.html``, ``checkbox_option.html``, which only
    include it): what a radio button's ``tag()`` renders, its label around it if asked."""
    html = _input(widget)
    if not widget.get("wrap_label"):
        return html
    for_id = f' for="{_out(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    return f"<label{for_id}>{html}\n {_out(widget['label'])}</label>"


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_out(option['label'])}</option>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != SELECT_OPTION:
                return None  # a custom option template: Django renders the whole select
            parts.append(f"\n  {_option(option)}\n")  # the included template's last newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_out(value) if value else ''}</textarea>"
    )


WIDGETS = "django/forms/widgets/"
SELECT_OPTION = WIDGETS + "select_option.html"
# Django's templates that are nothing but {% include "django/forms/widgets/input.html" %}.
_INPUTS = ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime",
           "time", "search", "tel", "color", "checkbox")  # fmt: skip
FAST = {
    **{f"{WIDGETS}{name}.html": _input for name in _INPUTS},
    WIDGETS + "select.html": _select,
    SELECT_OPTION: _option,
    WIDGETS + "textarea.html": _textarea,
    **{f"{WIDGETS}{name}_option.html": _input_option for name in ("input", "radio", "checkbox")},
}


class FormRenderer(DjangoTemplates):
    """Django's renderer (``django/forms/templates`` and the apps' templates), with the
    widget templates of :data:`FAST` rendered in Python."""

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        widget = context.get("widget") if fast is not None else None
        if widget is not None:
            html = fast(widget)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)
