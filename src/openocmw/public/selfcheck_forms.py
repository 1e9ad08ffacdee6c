"""The self-check's two steps: who lives with you (step 1), then ages, residence status and
income (step 2, its fields follow step 1's answers). Every error names its field in the
visitor's language; the form is re-shown with what was entered."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .selfcheck_rules import INCOME_KINDS, Adult, Answers

YES_NO = [("no", _("no")), ("yes", _("yes"))]
YES_NO_UNKNOWN = [("no", _("no")), ("yes", _("yes")), ("unknown", _("I do not know"))]
STATUS_CHOICES = [
    ("", "—"),
    ("belgian", _("Belgian")),
    ("eu_over_3_months", _("citizen of another EU country, in Belgium for more than 3 months")),
    ("eu_under_3_months", _("citizen of another EU country, in Belgium for less than 3 months")),
    ("recognised_refugee", _("recognised refugee")),
    ("subsidiary_protection", _("subsidiary protection")),
    ("stateless", _("stateless")),
    ("population_register", _("foreigner in the population register")),
    ("foreigners_register", _("foreigner in the foreigners register")),
    ("asylum_seeker", _("applicant for international protection")),
    ("no_legal_residence", _("no legal residence")),
    ("unknown", _("I do not know")),
]
RELATION_CHOICES = [
    ("", "—"),
    ("parent", _("my father or mother")),
    ("child", _("my son or daughter (18 or older)")),
    ("sibling", _("my brother or sister")),
    ("other", _("someone else")),
]
INCOME_LABELS = {
    "wages": _("wages from work"),
    "benefit": _("unemployment benefit"),
    "sickness": _("sickness or disability benefit"),
    "pension": _("pension"),
    "maintenance": _("maintenance (alimony) received"),
    "other": _("other income"),
}
MAX_CHILDREN = 10
MAX_OTHERS = 6


def _amount(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=Decimal("99999"), decimal_places=2,
        max_digits=7, localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )  # fmt: skip


def _age(label, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=low, max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip


class HouseholdForm(forms.Form):
    """Step 1: who lives with the person."""

    partner = forms.ChoiceField(
        label=_("Do you live with a partner (married or not)?"),
        choices=YES_NO, widget=forms.RadioSelect,
    )  # fmt: skip
    children = forms.IntegerField(
        label=_("How many children under 18 live with you?"), min_value=0,
        max_value=MAX_CHILDREN, initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    others = forms.IntegerField(
        label=_("How many other adults live with you (parents, adult children, others)?"),
        min_value=0, max_value=MAX_OTHERS, initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip


class DetailsForm(forms.Form):
    """Step 2: the fields follow step 1 (`partner`, `children`, `others`)."""

    def __init__(self, *args, partner: bool, children: int, others: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner, self.children, self.others = partner, children, others
        f = self.fields
        f["age"] = _age(_("Your age"), 18, 120)
        f["status"] = forms.ChoiceField(label=_("Your residence status"), choices=STATUS_CHOICES)
        for kind in INCOME_KINDS:
            f[f"income_{kind}"] = _amount(INCOME_LABELS[kind])
        if children:
            f["family_allowance"] = _amount(_("family allowance (child benefit)"))
        if partner:
            f["partner_age"] = _age(_("Age of your partner"), 16, 120)
            for kind in INCOME_KINDS:
                f[f"partner_income_{kind}"] = _amount(INCOME_LABELS[kind])
        for i in range(children):
            f[f"child{i}_age"] = _age(_("Age of child %(n)d") % {"n": i + 1}, 0, 17)
        for i in range(others):
            n = {"n": i + 1}
            f[f"other{i}_relation"] = forms.ChoiceField(
                label=_("Adult %(n)d: who is it?") % n, choices=RELATION_CHOICES
            )
            f[f"other{i}_age"] = _age(_("Age of adult %(n)d") % n, 18, 120)
            for kind in INCOME_KINDS:
                f[f"other{i}_income_{kind}"] = _amount(INCOME_LABELS[kind])
        f["disability"] = forms.ChoiceField(
            label=_("Does someone in your household receive a disability allowance?"),
            choices=YES_NO_UNKNOWN, widget=forms.RadioSelect,
        )  # fmt: skip
        f["debt_mediation"] = forms.ChoiceField(
            label=_("Are you in collective debt settlement (debt mediation by a court)?"),
            choices=YES_NO_UNKNOWN, widget=forms.RadioSelect,
        )  # fmt: skip

    def income_names(self, prefix: str) -> list[str]:
        return [f"{prefix}income_{kind}" for kind in INCOME_KINDS]

    def clean(self):
        data = super().clean()
        age = data.get("age")
        if age is not None:
            for i in range(self.children):
                child = data.get(f"child{i}_age")
                if child is not None and child >= age - 11:
                    self.add_error(
                        f"child{i}_age", _("A child must be at least 12 years younger than you.")
                    )
            for i in range(self.others):
                other, relation = data.get(f"other{i}_age"), data.get(f"other{i}_relation")
                if other is None:
                    continue
                if relation == "parent" and other <= age:
                    self.add_error(f"other{i}_age", _("Your father or mother is older than you."))
                if relation == "child" and other >= age:
                    self.add_error(f"other{i}_age", _("Your son or daughter is younger than you."))
        return data

    def answers(self) -> Answers:
        d = self.cleaned_data

        def incomes(prefix: str) -> dict:
            return {k: d.get(f"{prefix}income_{k}") or Decimal("0") for k in INCOME_KINDS}

        tri = {"yes": 1, "no": 0, "unknown": -1}
        return Answers(
            age=d["age"],
            status=d["status"],
            incomes=incomes(""),
            family_allowance=d.get("family_allowance") or Decimal("0"),
            partner=Adult(d["partner_age"], incomes("partner_")) if self.partner else None,
            children=[d[f"child{i}_age"] for i in range(self.children)],
            others=[
                Adult(d[f"other{i}_age"], incomes(f"other{i}_"), d[f"other{i}_relation"])
                for i in range(self.others)
            ],
            disability=tri[d["disability"]],
            debt_mediation=tri[d["debt_mediation"]],
        )


def steps_from(data) -> tuple[HouseholdForm, dict | None]:
    """Step 1 bound to `data`, and its answers when valid."""
    form = HouseholdForm(data)
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    return form, {
        "partner": d["partner"] == "yes",
        "children": d["children"],
        "others": d["others"],
    }


def labelled_errors(form) -> list[dict]:
    """Every error with the label of its field (for the summary at the top of the form)."""
    out = []
    for name, errors in form.errors.items():
        if name == "__all__":
            out += [{"id": "", "text": str(e)} for e in errors]
            continue
        label = str(form.fields[name].label)
        label = label[:1].upper() + label[1:]
        for error in errors:
            out.append({"id": form[name].id_for_label, "text": f"{label}: {error}"})
    return out


# --- the fields' HTML in Python --------------------------------------------------------------
# Step 2 shows up to ~60 fields; including ``public/_field.html`` once per field was most of the
# page's CPU (docs/benchmarks.md, Public pages). ``field_html`` gives exactly that template's
# HTML (tests/public/test_selfcheck.py renders both and compares them).

_CONTEXT = Context()  # autoescape on, localisation from the settings: what {{ }} does


def _out(value) -> str:
    return render_value_in_context(value, _CONTEXT)


def field_html(field, amount: bool = False) -> str:
    """``{% include "public/_field.html" %}`` for the bound field ``field``."""
    errors = field.errors
    invalid = " invalid" if errors else ""
    if field.field.widget.input_type == "radio":
        auto_id, label = _out(field.auto_id), _out(field.label)
        radios = "".join(
            f'<label class="choice" for="{_out(r.id_for_label)}">{_out(r.tag())} '
            f"{_out(r.choice_label)}</label>"
            for r in field
        )
        shown = "".join(
            f'<p class="error" id="{auto_id}-error">{label}: {_out(e)}</p>' for e in errors
        )
        html = (
            f'\n\n<fieldset class="choice-group{invalid}" id="{auto_id}">\n  <legend>{label}'
            f"</legend>\n  {radios}\n  {shown}\n</fieldset>\n\n"
        )
    else:
        id_for_label = _out(field.id_for_label)
        help_text = (
            f' <span class="help">({_out(gettext("euro per month"))})</span>' if amount else ""
        )
        shown = "".join(f'<p class="error" id="{id_for_label}-error">{_out(e)}</p>' for e in errors)
        html = (
            f'\n\n<div class="field{invalid}">\n  <label for="{id_for_label}">'
            f"{_out(capfirst(str(field.label)))}{help_text}</label>\n  {_out(field)}\n  {shown}\n"
            f"</div>\n\n"
        )
    return mark_safe(html)  # noqa: S308 - every value above is escaped by _out
