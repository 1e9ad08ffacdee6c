from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openocmw.inputs.forms import CheckedForm

from .models import LegalBasis, Purpose, Source, WarningStatus


class ConsultForm(CheckedForm):
    source = forms.ChoiceField(label=_("source"), choices=Source.choices)
    purpose = forms.ChoiceField(label=_("purpose"), choices=Purpose.choices)
    legal_basis = forms.ChoiceField(label=_("legal basis"), choices=LegalBasis.choices)
    request = forms.TypedChoiceField(
        label=_("request"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = [("", "—")] + [
            (r.pk, f"{r.number} · {r.get_kind_display()}") for r in requests
        ]


class ResolveForm(CheckedForm):
    outcome = forms.ChoiceField(
        label=_("resolution"),
        choices=[
            (s.value, s.label)
            for s in (
                WarningStatus.CORRECTED,
                WarningStatus.JUSTIFIED,
                WarningStatus.FALSE_POSITIVE,
            )
        ],  # fmt: skip
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False, max_length=2000)  # fmt: skip


class AssignForm(CheckedForm):
    assigned_to = forms.TypedChoiceField(label=_("assigned to"), coerce=int, required=False,
                                         empty_value=None)  # fmt: skip

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [("", "—")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in users
        ]


class RejectForm(CheckedForm):
    reason = forms.CharField(label=_("reason"), max_length=300)


class SocialReportForm(CheckedForm):
    to_nis = forms.CharField(label=_("NIS code of the former OCMW"), max_length=5, min_length=5)
