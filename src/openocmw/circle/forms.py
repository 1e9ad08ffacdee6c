from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openocmw.inputs.forms import CheckedForm

from .frameworks import PROJECT_PHASES, Framework, items_of
from .models import ActionStatus, SignalStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssessmentForm(CheckedForm):
    framework = forms.ChoiceField(label=_("checklist"), choices=Framework.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    held_on = forms.DateField(label=_("date of the assessment"), widget=DATE)
    previous = forms.TypedChoiceField(
        label=_("earlier assessment to compare with"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, earlier=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous"].choices = [("", "—")] + [
            (a.pk, f"{a.title} ({a.held_on:%d/%m/%Y})") for a in earlier
        ]


class ActionForm(CheckedForm):
    item = forms.ChoiceField(label=_("phase"))
    description = forms.CharField(
        label=_("improvement action"), widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label=_("owner"), max_length=120)
    deadline = forms.DateField(label=_("deadline"), widget=DATE)
    status = forms.ChoiceField(label=_("status"), choices=ActionStatus.choices)

    def __init__(self, *args, framework: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.code, i.label) for i in items_of(framework)]


class ProjectForm(CheckedForm):
    name = forms.CharField(label=_("name of the project"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, label, _tasks in PROJECT_PHASES:
            self.fields[f"deadline_{number}"] = forms.DateField(
                label=_("deadline: %(phase)s") % {"phase": label}, widget=DATE
            )


class SignalForm(CheckedForm):
    raised_on = forms.DateField(label=_("raised on"), widget=DATE)
    raised_by = forms.CharField(label=_("raised by (group or organisation)"), max_length=200)
    text = forms.CharField(label=_("signal"), widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("status"), choices=SignalStatus.choices)
    answer = forms.CharField(
        label=_("answer given back to the target group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answered_on = forms.DateField(label=_("answered on"), required=False, widget=DATE)
