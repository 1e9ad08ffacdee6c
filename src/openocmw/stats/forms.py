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


class ReformForm(CheckedForm):
    """A reform of the socio-professional exemption, by its parameters only (seed 001)."""

    percentage = forms.DecimalField(
        label=_("exempted percentage of the earned income"), max_digits=5, decimal_places=2
    )
    minimum = forms.DecimalField(label=_("minimum (euro)"), max_digits=8, decimal_places=2)
    maximum = forms.DecimalField(label=_("maximum (euro)"), max_digits=8, decimal_places=2)
    daily = forms.TypedChoiceField(
        label=_("minimum and maximum"),
        choices=[("0", _("per month")), ("1", _("per worked day"))],
        coerce=lambda v: v == "1",
    )
    artists_removed = forms.BooleanField(
        label=_("remove the exemption of artistic income"), required=False
    )
    on = forms.DateField(label=_("on"), widget=forms.DateInput(attrs={"type": "date"}))
    population = forms.ChoiceField(
        label=_("population"),
        choices=[
            ("ocmw", _("this OCMW's current leefloon beneficiaries")),
            ("national", _("the synthetic national population (11.8 million persons)")),
        ],
        required=False,
    )

    def clean_population(self):
        return self.cleaned_data.get("population") or "ocmw"

    def clean(self):
        from openocmw.rules.reforms.spi_parametric import ReformParameterError, SpiParameters

        data = super().clean()
        if all(data.get(k) is not None for k in ("percentage", "minimum", "maximum")):
            try:
                SpiParameters(data["percentage"], data["minimum"], data["maximum"]).validate()
            except ReformParameterError as exc:
                messages = {
                    "between_0_and_100": _("Choose a percentage from 0 to 100."),
                    "negative": _("An amount cannot be negative."),
                    "above_maximum": _("The minimum lies above the maximum."),
                }
                for name, code in exc.errors.items():
                    self.add_error(name, messages[code])
        return data
