"""Forms of the finance pages (CheckedForm: the field errors name the field)."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.inputs.forms import CheckedForm

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> date:
    m = MONTH.match(value or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        raise ValidationError(_("Enter a month as YYYY-MM, e.g. 2026-03."))
    return date(int(m.group(1)), int(m.group(2)), 1)


class MonthField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)
        self.widget.attrs.update({"type": "month", "placeholder": "2026-03"})

    def clean(self, value):
        return parse_month(super().clean(value))


class RunForm(CheckedForm):
    month = MonthField(label=gettext_lazy("month to pay"))
    execution_date = forms.DateField(
        label=gettext_lazy("execution date"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The day the bank executes the transfers."),
    )  # fmt: skip


class PayerAccountForm(CheckedForm):
    name = forms.CharField(label=gettext_lazy("name of the account holder"), max_length=70)
    iban = forms.CharField(label=gettext_lazy("IBAN"), max_length=42)
    bic = forms.CharField(label=gettext_lazy("BIC"), max_length=11)


class BankAccountForm(CheckedForm):
    holder = forms.CharField(label=gettext_lazy("account holder"), max_length=70)
    iban = forms.CharField(label=gettext_lazy("IBAN"), max_length=42)
    bic = forms.CharField(label=gettext_lazy("BIC"), max_length=11, required=False)
    valid_from = forms.DateField(
        label=gettext_lazy("valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RefundForm(CheckedForm):
    month = MonthField(label=gettext_lazy("month"))
