"""``CheckedForm``: a Django form whose text and date fields follow ``inputs.validation``.

Every ``CharField`` is normalised to NFC and checked: a one-line field as a name (no control,
zero-width or bidi characters; at most its ``max_length`` or 200 characters), a ``Textarea``
as free text (at most 10,000 characters). Every ``DateField`` lies in its window: ``birth_date``
and the fields named in ``birth_dates`` as a birth date, the fields in ``history_dates`` (or all,
with ``default_date_kind = HISTORY``) as a date of a person's history, the others as a date of
the OCMW's work. The error is on the field, in the user's language, naming it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from . import validation as v


class CheckedForm(forms.Form):
    birth_dates: tuple[str, ...] = ("birth_date",)
    history_dates: tuple[str, ...] = ()
    default_date_kind: str = v.EVENT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                limit = v.TEXT_MAX if self._is_text(field) else (field.max_length or v.NAME_MAX)
                field.widget.attrs.setdefault("maxlength", str(limit))

    @staticmethod
    def _is_text(field) -> bool:
        return isinstance(field.widget, forms.Textarea)

    def date_kind(self, name: str) -> str:
        if name in self.birth_dates:
            return v.BIRTH
        if name in self.history_dates:
            return v.HISTORY
        return self.default_date_kind

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            field = self.fields.get(name)
            label = (field.label if field is not None else None) or name
            try:
                if isinstance(field, forms.CharField) and isinstance(value, str):
                    if self._is_text(field):
                        value = v.clean_text(value, field=name, label=label)
                    else:
                        limit = field.max_length or v.NAME_MAX
                        value = v.clean_name(value, field=name, label=label, max_length=limit)
                    self.cleaned_data[name] = value
                elif isinstance(field, forms.DateField) and value is not None:
                    v.check_date(value, kind=self.date_kind(name), field=name, label=label)
            except ValidationError as exc:
                self.add_error(name, exc.error_dict[name])
