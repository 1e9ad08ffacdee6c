"""Free text, names and dates (issue 9, section 5): implausible dates, oversized text and
invisible characters in names are refused with an error naming the field, in Dutch and French,
in forms and in the services (so the API is covered too); nothing is stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from openocmw.accounts.models import Role
from openocmw.casework.forms import HomeVisitForm, MeetingForm
from openocmw.inputs import validation as v
from openocmw.registry import services as registry
from openocmw.registry.forms import PersonForm
from openocmw.registry.models import Person

from ..conftest import person_data
from ..web.test_views import _new_person_post

ZERO_WIDTH = "Jan\u200bssens"  # a zero-width space inside the name
BIDI = "\u202eSNEEP"  # a right-to-left override: shows reversed
NFD = "Rene\u0301"  # 'e' + combining acute


@pytest.mark.parametrize(
    "name", [ZERO_WIDTH, BIDI, "Jan\x00", "Jan\x1b[31m", "Jan\ufeff", "A\u2028B"]
)
def test_invisible_or_control_characters_in_a_name_are_refused(name):
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        v.clean_name(name, field="last_name", label="familienaam")
    message = exc.value.message_dict["last_name"][0]
    assert message.startswith("Familienaam: bevat een onzichtbaar teken of stuurteken (U+")
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        v.clean_name(name, field="last_name", label="nom")
    assert exc.value.message_dict["last_name"][0].startswith(
        "Nom : contient un caractère invisible"
    )


def test_names_are_normalised_to_nfc_and_real_names_pass():
    assert v.clean_name(NFD, field="f", label="x") == "Ren\u00e9"
    for name in ("Çelik", "Nguyễn", "O'Brien-Van den Bossche", "Ælfrida", "Łukasz", "محمد", "李"):
        assert v.clean_name(name, field="f", label="x") == name


def test_a_lone_surrogate_is_an_error_not_a_crash():
    with pytest.raises(ValidationError) as exc:
        v.clean_name("Jan\ud800", field="first_name", label="voornaam")
    assert "first_name" in exc.value.message_dict


def test_length_limits():
    assert v.clean_text("x" * 10_000, field="notes", label="notities")
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        v.clean_text("x" * (2 * 1024 * 1024), field="notes", label="notities")
    assert exc.value.message_dict["notes"] == ["Notities: hoogstens 10.000 tekens (nu 2.097.152)."]
    with pytest.raises(ValidationError):
        v.clean_name("x" * 201, field="last_name", label="familienaam")


def test_free_text_keeps_line_breaks_but_refuses_controls_and_bidi_overrides():
    assert v.clean_text("regel 1\r\nregel 2\tok", field="n", label="x") == "regel 1\r\nregel 2\tok"
    for bad in ("a\x00b", "a\x07b", "a\u202eb", "a\u2066b"):
        with pytest.raises(ValidationError):
            v.clean_text(bad, field="n", label="x")


def test_date_windows_are_stated_once():
    today = date(2026, 12, 1)
    assert v.date_window(v.BIRTH, today) == (date(1900, 1, 1), today)
    assert v.date_window(v.EVENT, today) == (date(2000, 1, 1), date(2031, 12, 1))
    assert v.date_window(v.HISTORY, today) == (date(1900, 1, 1), date(2031, 12, 1))
    assert v.date_window(v.EVENT, date(2028, 2, 29))[1] == date(2033, 2, 28)


@pytest.mark.parametrize(
    ("value", "ok"),
    [(date(1, 1, 1), False), (date(1899, 12, 31), False), (date(1900, 1, 1), True),
     (date(1985, 7, 30), True), ("today", True), ("tomorrow", False)],
)  # fmt: skip
def test_birth_date_between_1900_and_today(value, ok):
    today = timezone.localdate()
    value = {"today": today, "tomorrow": today + timedelta(days=1)}.get(value, value)
    if ok:
        assert v.check_date(value, kind=v.BIRTH, field="birth_date", label="x") == value
    else:
        with pytest.raises(ValidationError) as exc:
            v.check_date(value, kind=v.BIRTH, field="birth_date", label="x")
        assert "birth_date" in exc.value.message_dict


def test_the_person_form_names_each_refused_field(db):
    form = PersonForm(
        data={**_new_person_post(), "first_name": ZERO_WIDTH, "last_name": "x" * 101,
              "birth_date": "0001-01-01", "street": BIDI},
    )  # fmt: skip
    with translation.override("fr"):
        assert not form.is_valid()
        errors = form.errors
    assert set(errors) >= {"first_name", "last_name", "birth_date", "street"}
    assert errors["birth_date"][0].startswith("Date de naissance : la date doit se situer entre")
    assert "invisible" in errors["first_name"][0]


def test_the_person_form_normalises_to_nfc(db):
    form = PersonForm(data={**_new_person_post(), "first_name": NFD})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["first_name"] == "Ren\u00e9"


def test_forms_of_the_ocmw_s_work_refuse_dates_outside_the_window_and_huge_text(db):
    meeting = MeetingForm(data={"held_on": "9999-12-31"})
    assert not meeting.is_valid() and "held_on" in meeting.errors
    visit = HomeVisitForm(
        data={"visited_on": "1999-12-31", "visited_by": "An", "findings": "x" * 2_000_000}
    )
    assert not visit.is_valid()
    assert set(visit.errors) == {"visited_on", "findings"}


def test_registering_a_person_through_the_page_with_a_bidi_name_stores_nothing(client_for, ocmw_a):
    c = client_for("a", Role.SOCIAL_WORKER)
    response = c.post(reverse("person_create"), _new_person_post(last_name=BIDI))
    assert response.status_code == 200
    assert "Familienaam: bevat een onzichtbaar teken" in response.content.decode()
    assert not Person.objects.exists()


def test_the_registry_service_checks_names_and_birth_date_for_the_api(actor_a):
    with pytest.raises(ValidationError) as exc:
        registry.create_person(
            actor_a, person_data(first_name=ZERO_WIDTH, birth_date=date(1, 1, 1), insz="")
        )
    assert set(exc.value.message_dict) >= {"first_name", "birth_date"}
    person = registry.create_person(actor_a, person_data(first_name=NFD))
    assert person.first_name == "Ren\u00e9"
    with pytest.raises(ValidationError) as exc:
        registry.update_person(actor_a, person, {"last_name": BIDI})
    assert "last_name" in exc.value.message_dict
    assert Person.objects.count() == 1
