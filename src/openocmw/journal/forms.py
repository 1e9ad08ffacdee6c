from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openocmw.inputs.forms import CheckedForm

from .models import NoteKind


class NoteForm(CheckedForm):
    happened_on = forms.DateField(
        label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("kind of contact"), choices=NoteKind.choices)
    text = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 4}))
    confidential = forms.BooleanField(
        label=_("confidential"), required=False,
        help_text=_("Only you and the team leads can read a confidential note."),
    )  # fmt: skip


class AppointmentForm(CheckedForm):
    starts_at = forms.DateTimeField(
        label=_("date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )  # fmt: skip
    subject = forms.CharField(label=_("subject"), max_length=200)
    place = forms.CharField(label=_("place"), max_length=200, required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("file (PDF, PNG or JPEG)"))
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    target = forms.ChoiceField(label=_("link to"), required=False)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *targets]


class LinkForm(forms.Form):
    target = forms.ChoiceField(label=_("link to"))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)


def parse_target(value: str) -> tuple[int | None, int | None]:
    """``request:12`` or ``gpmi:3`` → (request_id, gpmi_id)."""
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None, None
    return (
        (int(pk), None)
        if kind == "request"
        else (None, int(pk))
        if kind == "gpmi"
        else (None, None)
    )
