from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openocmw.inputs import validation
from openocmw.inputs.forms import CheckedForm

from .countries import COUNTRIES, country_name
from .models import ChangeReason, Language, Relation, ResidenceStatusCode, Sex


def nationality_choices(language: str = "nl"):
    return sorted(((code, country_name(code, language)) for code in COUNTRIES), key=lambda c: c[1])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonForm(CheckedForm):
    default_date_kind = validation.HISTORY  # the status of a new person may be old

    insz = forms.CharField(label=_("national number (INSZ)"), required=False, max_length=20)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    birth_date = forms.DateField(label=_("birth date"), widget=DateInput())
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    nationality = forms.ChoiceField(label=_("nationality"), choices=())
    language = forms.ChoiceField(label=_("language"), choices=Language.choices)
    street = forms.CharField(label=_("street"), required=False, max_length=150)
    house_number = forms.CharField(label=_("house number"), required=False, max_length=10)
    box = forms.CharField(label=_("box"), required=False, max_length=10)
    postal_code = forms.RegexField(
        label=_("postal code"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("A Belgian postal code has 4 digits.")},
    )
    municipality = forms.CharField(label=_("municipality"), required=False, max_length=100)
    phone = forms.CharField(label=_("phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("email"), required=False)

    def __init__(self, *args, language: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = nationality_choices(language)
        self.fields["nationality"].initial = "BE"


class NewPersonForm(PersonForm):
    status = forms.ChoiceField(
        label=_("residence status"), choices=[("", "—"), *ResidenceStatusCode.choices]
    )
    status_from = forms.DateField(label=_("status valid from"), widget=DateInput())
    status_document = forms.CharField(label=_("document or source"), required=False, max_length=200)


class ResidenceStatusForm(CheckedForm):
    default_date_kind = validation.HISTORY

    status = forms.ChoiceField(label=_("residence status"), choices=ResidenceStatusCode.choices)
    valid_from = forms.DateField(label=_("valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=DateInput())
    document = forms.CharField(label=_("document or source"), required=False, max_length=200)


JOIN_RELATIONS = [c for c in Relation.choices if c[0] != Relation.REFERENCE]


class HouseholdChangeForm(CheckedForm):
    default_date_kind = validation.HISTORY

    reason = forms.ChoiceField(
        label=_("change"),
        choices=[
            (ChangeReason.MOVED_IN, _("moves in")),
            (ChangeReason.BIRTH, _("birth")),
            (ChangeReason.MOVED_OUT, _("moves out")),
            (ChangeReason.DEATH, _("death")),
        ],
    )
    person_insz = forms.CharField(
        label=_("national number of the person who joins"), required=False, max_length=20
    )
    member = forms.ChoiceField(label=_("member who leaves"), required=False, choices=())
    relation = forms.ChoiceField(
        label=_("relation to the reference person"),
        required=False,
        choices=[("", "—"), *JOIN_RELATIONS],
    )
    date = forms.DateField(label=_("date of the change"), widget=DateInput())
    # The person who joins, when they were just registered (a newborn has no INSZ yet).
    person_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—")] + [
            (str(m.person_id), m.person.full_name) for m in members
        ]

    def clean(self):
        data = super().clean()
        reason = data.get("reason")
        if reason in (ChangeReason.MOVED_IN, ChangeReason.BIRTH):
            if not data.get("person_insz") and not data.get("person_id"):
                self.add_error(
                    "person_insz", _("Give the national number of the person who joins.")
                )
            if not data.get("relation"):
                self.add_error("relation", _("Choose the relation to the reference person."))
        elif reason and not data.get("member"):
            self.add_error("member", _("Choose the member who leaves."))
        return data


class FoundHouseholdForm(CheckedForm):
    default_date_kind = validation.HISTORY

    valid_from = forms.DateField(label=_("living at this address since"), widget=DateInput())
