"""Forms of the rights pages (the services check the facts again and name the field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openocmw.inputs.forms import CheckedForm
from openocmw.registry.forms import DateInput

from .models import ContactChannel, OutcomeKind

RECORDABLE_OUTCOMES = [c for c in OutcomeKind.choices if c[0] != OutcomeKind.APPLIED]


class ScreeningForm(CheckedForm):
    on = forms.DateField(label=_("situation on"), widget=DateInput())
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    rights = forms.MultipleChoiceField(
        label=_("rights (none chosen: all)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rights=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rights"].choices = list(rights)


class ContactForm(CheckedForm):
    channel = forms.ChoiceField(label=_("how"), choices=ContactChannel.choices)
    on = forms.DateField(label=_("date of the contact"), widget=DateInput())
    partner = forms.CharField(label=_("partner organisation"), max_length=200, required=False)
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class OutcomeForm(CheckedForm):
    outcome = forms.ChoiceField(label=_("outcome"), choices=RECORDABLE_OUTCOMES)
    on = forms.DateField(label=_("date of the outcome"), widget=DateInput())
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ApplyForm(CheckedForm):
    received_on = forms.DateField(label=_("date of the request"), widget=DateInput())


class AssignForm(CheckedForm):
    worker = forms.ChoiceField(label=_("worker"), required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "—")] + [
            (str(u.pk), u.get_full_name() or u.username) for u in workers
        ]


class CampaignForm(CheckedForm):
    right = forms.ChoiceField(label=_("right"))
    name = forms.CharField(label=_("name"), max_length=200)
    control_share = forms.CharField(
        label=_("control group share (%)"),
        max_length=10,
        initial="20",
        help_text=_("Between 0 and 50: this share of the persons is not contacted."),
    )
    ends_on = forms.DateField(
        label=_("campaign ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("Until then the control group is on no list. Empty: in 180 days."),
    )
    seed = forms.IntegerField(
        label=_("random seed"),
        required=False,
        min_value=0,
        help_text=_("Empty: chosen at random and recorded."),
    )

    def __init__(self, *args, rights=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["right"].choices = list(rights)
