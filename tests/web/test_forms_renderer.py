"""The form renderer writes exactly the HTML of Django's widget templates (web/forms_renderer.py).

Every form of the project that can be made without arguments is rendered field by field with
the project's renderer and with Django's own, empty and filled with awkward values (markup,
quotes, ampersands, numbers, dates), and the HTML must be identical; so must a set of widgets
that covers what the Python versions handle (groups of options, several selected options,
boolean and numeric attributes, safe and translated labels) and what they hand back to
Django's templates (a radio list)."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

import openocmw
from openocmw.web.forms_renderer import FAST, FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()
AWKWARD = '<b>"Tom & Jerry\'s"</b>'


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(openocmw.__path__, "openocmw."):
        if module.name.split(".")[-1] in ("forms", "letterhead") or ".forms." in module.name:
            importlib.import_module(module.name)
    found, todo = [], [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("openocmw."):
            found.append(cls)
    return found


def _make(cls, **kwargs):
    for extra in ({}, {"language": "nl"}):
        try:
            return cls(**kwargs, **extra)
        except TypeError:
            continue
    return None


def _fields_html(form) -> list[str]:
    return [str(form[name]) for name in form.fields]


def _both(cls, **kwargs) -> tuple[list[str], list[str]] | None:
    ours = _make(cls, renderer=OURS, **kwargs)
    django = _make(cls, renderer=DJANGO, **kwargs)
    if ours is None:
        return None
    return _fields_html(ours), _fields_html(django)


def test_the_project_uses_this_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_form_of_the_project_renders_as_with_djangos_templates(lang):
    compared = 0
    with override(lang):
        for cls in _project_forms():
            empty = _both(cls)
            if empty is None:
                continue
            assert empty[0] == empty[1], cls.__qualname__
            names = list(_make(cls).fields)
            for value in (AWKWARD, "12", "2026-12-31"):
                filled = _both(cls, data={n: value for n in names})
                assert filled[0] == filled[1], (cls.__qualname__, value)
            compared += 1
    # Most forms of the project, the case page's and the person file's among them.
    assert compared >= 40


class Widgets(forms.Form):
    text = forms.CharField(initial=AWKWARD, widget=forms.TextInput(attrs={"autofocus": True}))
    number = forms.IntegerField(initial=1234567, widget=forms.NumberInput(attrs={"min": 0}))
    day = forms.DateField(initial=date(2026, 12, 7))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("<i>safe</i>"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "disabled": False}))
    notes_filled = forms.CharField(initial="a\n<b>", widget=forms.Textarea)
    check = forms.BooleanField(initial=True)
    kind = forms.ChoiceField(
        initial="b",
        choices=[("", "—"), ("a", gettext_lazy("social worker")), ("b", mark_safe("<em>B</em>")),
                 (gettext_lazy("team lead"), [("c", "C & c"), (3, 4)])],
    )  # fmt: skip
    several = forms.MultipleChoiceField(
        initial=["1", "3"], choices=[(1, "one"), (2, "two"), (3, '"three"')]
    )
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("x", "X"), ("y", "Y")])


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_each_kind_of_widget_renders_as_with_djangos_templates(lang):
    with override(lang):
        assert _fields_html(Widgets(renderer=OURS)) == _fields_html(Widgets(renderer=DJANGO))
        data = {"text": AWKWARD, "number": "x<", "day": "31/12/2026", "notes": AWKWARD,
                "kind": "c", "several": ["2"], "radio": "y", "check": ""}  # fmt: skip
        ours, django = Widgets(data, renderer=OURS), Widgets(data, renderer=DJANGO)
        assert _fields_html(ours) == _fields_html(django)
        assert str(ours) == str(django)  # the whole form, through Django's form template


def test_only_djangos_plain_widget_templates_are_rendered_in_python():
    assert all(name.startswith("django/forms/widgets/") for name in FAST)
    assert "django/forms/widgets/radio.html" not in FAST


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_radio_buttons_tag_renders_as_with_djangos_templates(lang):
    """``BoundWidget.tag()`` (the public pages lay out each radio button themselves) goes
    through ``radio_option.html`` / ``input_option.html``: in Python, the same HTML, with the
    label wrapped around the button too."""
    with override(lang):
        for data in (None, {"radio": "y"}):
            ours, django = Widgets(data, renderer=OURS), Widgets(data, renderer=DJANGO)
            for a, b in zip(ours["radio"], django["radio"], strict=True):
                assert a.tag() == b.tag() and a.tag(wrap_label=True) == b.tag(wrap_label=True)
                assert a.choice_label == b.choice_label
    check = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, choices=[("1", AWKWARD), ("2", "two")]
    )
    form_ours = type("F", (forms.Form,), {"c": check})(renderer=OURS)
    form_django = type("F", (forms.Form,), {"c": check})(renderer=DJANGO)
    for a, b in zip(form_ours["c"], form_django["c"], strict=True):
        assert a.tag(wrap_label=True) == b.tag(wrap_label=True)
