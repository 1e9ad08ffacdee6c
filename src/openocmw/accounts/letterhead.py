"""The OCMW's letterhead and opening hours, edited by its administrator (issue 10 §9).

What every letter carries: the address of the social service, phone, e-mail, opening hours,
the names of the general director (secretary) and of the chair of the council committee who
sign, the OCMW's IBAN and the day of the month on which aid is paid. Every change is audited
with the names of the fields that changed (old and new values of these public data).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .models import Ocmw
from .tenancy import Actor, require

FIELDS = (
    "name_nl", "name_fr", "name_de", "address", "postal_code", "municipality_nl",
    "municipality_fr", "phone", "email", "opening_hours", "secretary_name", "chair_name",
    "iban", "payment_day",
)  # fmt: skip


class LetterheadForm(forms.ModelForm):
    class Meta:
        model = Ocmw
        fields = FIELDS
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "opening_hours": gettext_lazy("As it should read in the letters, e.g. Monday to Friday 9:00-12:00."),
            "payment_day": gettext_lazy("1 to 28; empty: the letters do not name a day."),
        }  # fmt: skip

    def clean_iban(self):
        from stdnum import iban

        value = iban.compact(self.cleaned_data.get("iban") or "")
        if value and not iban.is_valid(value):
            raise ValidationError(_("The IBAN is not valid."))
        return iban.format(value) if value else ""

    def clean_payment_day(self):
        day = self.cleaned_data.get("payment_day")
        if day is not None and not 1 <= day <= 28:
            raise ValidationError(_("Give a day from 1 to 28."))
        return day

    def clean_postal_code(self):
        code = (self.cleaned_data.get("postal_code") or "").strip()
        if code and not (code.isdigit() and len(code) == 4):
            raise ValidationError(_("A Belgian postal code has four digits."))
        return code

    def clean(self):
        from openocmw.inputs import validation as v

        data = super().clean()
        for name in FIELDS:
            value = data.get(name)
            if isinstance(value, str) and name not in ("email", "iban"):
                label = str(self.fields[name].label)
                try:
                    if name == "opening_hours":
                        data[name] = v.clean_text(
                            value, field=name, label=label, max_length=1000
                        ).strip()
                    else:
                        data[name] = v.clean_name(value, field=name, label=label).strip()
                except ValidationError as exc:
                    self.add_error(name, exc.messages)
        if not (data.get("name_nl") or "").strip():
            self.add_error("name_nl", _("This field is required."))
        return data


@transaction.atomic
def update_letterhead(actor: Actor, form: LetterheadForm) -> list[str]:
    """Save a valid form for the actor's own OCMW; returns the names of the changed fields."""
    require(actor, "ocmw.manage")
    ocmw = Ocmw.objects.select_for_update().get(pk=actor.ocmw_id)
    changed = {}
    for name in FIELDS:
        new = form.cleaned_data.get(name)
        old = getattr(ocmw, name)
        if (old or None) != (new or None):
            changed[name] = {"from": old, "to": new}
            setattr(ocmw, name, new if new is not None else getattr(Ocmw, name).field.get_default())
    if changed:
        ocmw.save(update_fields=list(changed))
        audit.record(
            actor, "update", object_type="ocmw", object_id=ocmw.pk, purpose="letterhead",
            detail={"changed": changed},
        )  # fmt: skip
    return list(changed)
