"""Forms of the finance pages (CheckedForm: the field errors name the field)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

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


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class SuspensionForm(CheckedForm):
    """A suspension or sanction of a decision chain of the person (law of 26 May 2002, art. 30)."""

    decision = forms.TypedChoiceField(label=gettext_lazy("decision"), coerce=int)
    start = _date(gettext_lazy("from"))
    end = _date(gettext_lazy("until"))
    basis = forms.ChoiceField(label=gettext_lazy("legal basis"))
    reference = forms.CharField(label=gettext_lazy("reference"), max_length=100, required=False)

    def __init__(self, *args, decisions=(), **kwargs):
        from .models.payments import SuspensionBasis

        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = list(decisions)
        self.fields["basis"].choices = SuspensionBasis.choices


class ClaimForm(CheckedForm):
    """A recovery claim on what a decision chain paid for a period."""

    decision = forms.TypedChoiceField(label=gettext_lazy("decision"), coerce=int)
    period_start = _date(gettext_lazy("period from"))
    period_end = _date(gettext_lazy("period until"))
    amount = forms.DecimalField(label=gettext_lazy("amount"), decimal_places=2, localize=True)
    origin = forms.ChoiceField(label=gettext_lazy("origin"))
    instalment = forms.DecimalField(
        label=gettext_lazy("monthly instalment"), decimal_places=2, localize=True,
        required=False, min_value=Decimal("0.01"),
    )  # fmt: skip
    reference = forms.CharField(label=gettext_lazy("reference"), max_length=100, required=False)

    def __init__(self, *args, decisions=(), **kwargs):
        from .models.payments import ClaimOrigin

        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = list(decisions)
        self.fields["origin"].choices = [
            c for c in ClaimOrigin.choices if c[0] != ClaimOrigin.REVISION
        ]


class SpiUseForm(CheckedForm):
    """The days the socio-professional exemption was used in a month (RD 11 July 2002, art. 35)."""

    month = MonthField(label=gettext_lazy("month"))
    days_used = forms.IntegerField(label=gettext_lazy("days of use"), min_value=0, max_value=31)


def _model_fields(model, names) -> dict:
    """The model's fields as form fields (their labels are the models' translated names), with
    date inputs."""
    fields = forms.fields_for_model(model, fields=names)
    for f in fields.values():
        if isinstance(f, forms.DateField):
            f.widget = forms.DateInput(attrs={"type": "date"})
        if isinstance(f, forms.DecimalField):
            f.localize, f.widget.is_localized = True, True
            f.widget.input_type = "text"
            f.widget.attrs["inputmode"] = "decimal"
    return fields


class Art60Form(CheckedForm):
    """An art. 60 §7 contract of the person."""

    def __init__(self, *args, coaches=(), **kwargs):
        from .models import Art60Contract

        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Art60Contract, [
            "employer", "user_organisation", "start", "end", "hours_per_week",
            "gross_monthly_wage"]))  # fmt: skip
        self.fields["job_coach"] = forms.TypedChoiceField(
            label=gettext_lazy("job coach"), coerce=int, required=False, empty_value=None,
            choices=[("", "—"), *coaches],
        )  # fmt: skip
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField):
                field.widget.attrs.setdefault("maxlength", str(field.max_length or 200))


class OutcomeForm(CheckedForm):
    def __init__(self, *args, **kwargs):
        from .models import Art60Contract

        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Art60Contract, ["outcome", "outcome_on"]))
        self.fields["outcome"].required = True
        self.fields["outcome_on"].required = True


class Law65RecordForm(CheckedForm):
    """A form of the law of 2 April 1965 (A, B, C or D) for the person."""

    def __init__(self, *args, **kwargs):
        from .models import Law65Form

        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Law65Form, [
            "form", "event_date", "period_start", "period_end", "amount", "reference"]))  # fmt: skip


class MedicalDecisionForm(CheckedForm):
    """A medical aid decision, or a new version of one in force."""

    def __init__(self, *args, versions=(), **kwargs):
        from .models import MedicalDecision

        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(MedicalDecision, [
            "basis", "coverage", "start", "end", "decided_on", "patient_contribution_covered",
            "supplements_covered", "conditions"]))  # fmt: skip
        self.fields["replaces"] = forms.TypedChoiceField(
            label=gettext_lazy("replaces the version"), coerce=int, required=False,
            empty_value=None, choices=[("", "—"), *versions],
        )  # fmt: skip


class InvoiceLineForm(CheckedForm):
    """A care provider's invoice line split between the State, the OCMW and the patient."""

    insz = forms.CharField(label=gettext_lazy("national number (INSZ)"), max_length=15)

    def __init__(self, *args, **kwargs):
        from .models import InvoiceLine

        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(InvoiceLine, [
            "care_date", "description", "amount", "state_part", "ocmw_part", "patient_part"]))  # fmt: skip


class PsaGrantForm(CheckedForm):
    """The PSA grant of a year and part, with its indicators (counts, never names)."""

    def __init__(self, *args, **kwargs):
        from .models import PsaGrant

        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(PsaGrant, [
            "part", "granted", "beneficiaries", "beneficiaries_integration",
            "beneficiaries_trajectory"]))  # fmt: skip


class PsaCostForm(CheckedForm):
    grant = forms.TypedChoiceField(label=gettext_lazy("PSA grant"), coerce=int)

    def __init__(self, *args, grants=(), **kwargs):
        from .models import PsaCost

        super().__init__(*args, **kwargs)
        self.fields["grant"].choices = list(grants)
        self.fields.update(_model_fields(PsaCost, ["kind", "description", "amount"]))


class StaffChargeForm(CheckedForm):
    """A line of the GPMI subsidy: recorded staff time, its yearly cost and one document."""

    staff_time = forms.TypedChoiceField(label=gettext_lazy("time spent on GPMIs"), coerce=int)
    yearly_cost = forms.DecimalField(label=gettext_lazy("yearly staff cost"), decimal_places=2,
                                     localize=True)  # fmt: skip
    document_kind = forms.ChoiceField(label=gettext_lazy("supporting document"))
    document = forms.FileField(label=gettext_lazy("document"), required=False)

    def __init__(self, *args, times=(), **kwargs):
        from .models.subsidies import SupportingDocument

        super().__init__(*args, **kwargs)
        self.fields["staff_time"].choices = list(times)
        self.fields["document_kind"].choices = SupportingDocument.choices
