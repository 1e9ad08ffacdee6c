from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openocmw.inputs.forms import CheckedForm

from .observatory import DIMENSIONS

FIRST_YEAR = 2002  # the law of 26 May 2002 on the right to social integration


class ObservatoryForm(CheckedForm):
    year = forms.IntegerField(label=_("year"))
    until_month = forms.IntegerField(
        label=_("up to month"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("For a year not yet complete: compared with the same months a year earlier."),
    )
    ocmw = forms.ChoiceField(label=_("OCMW"), required=False, choices=())
    by = forms.ChoiceField(label=_("breakdown"), required=False, choices=())
    within = forms.ChoiceField(label=_("crossed with"), required=False, choices=())

    def __init__(self, *args, ocmws=None, **kwargs):
        super().__init__(*args, **kwargs)
        if ocmws is None:
            del self.fields["ocmw"]
        else:
            self.fields["ocmw"].choices = [("", _("all OCMWs"))] + [
                (str(o.pk), o.name()) for o in ocmws
            ]
        dims = [("", "-")] + [(k, v) for k, v in DIMENSIONS.items()]
        self.fields["by"].choices = dims
        self.fields["within"].choices = dims

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if not FIRST_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year}
            )
        return year

    def clean(self):
        data = super().clean()
        if bool(data.get("by")) != bool(data.get("within")):
            self.add_error("within", _("Choose both breakdowns, or neither."))
        return data
