"""Appointments are changed and cancelled with their history kept and audited, and the worker
sees them in a week or day calendar (issue 10 §3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openocmw.accounts.models import AuditEntry, Role
from openocmw.journal import services
from openocmw.journal.models import Appointment, AppointmentChange

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = date(2030, 3, 4)  # a Monday, within five years of the OCMW's work dates


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture
def visit(actor_a, jan, settings):
    return services.add_appointment(
        actor_a, jan, starts_at=at(MONDAY, 10), subject="Huisbezoek", place="Kerkstraat 12"
    )


def test_an_appointment_is_moved_with_its_history_and_audit(client_for, actor_a, jan, visit):
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("appointment_edit", args=[jan.pk, visit.pk])
    page = unescape(c.get(url).content.decode())
    assert 'value="Huisbezoek"' in page and 'value="2030-03-04T10:00"' in page
    response = c.post(url, {"starts_at": "2030-03-05T14:30", "subject": "Huisbezoek",
                            "place": "Stationsstraat 3", "version": "1"})  # fmt: skip
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.starts_at == at(MONDAY + timedelta(days=1), 14, 30) and visit.version == 2
    (before,) = AppointmentChange.objects.filter(appointment=visit)
    assert before.starts_at == at(MONDAY, 10) and before.place == "Kerkstraat 12"
    entry = AuditEntry.objects.filter(object_type="appointment", action="update").first()
    assert entry.subject_person_id == jan.pk and entry.detail["event"] == "change"
    assert entry.detail["changed"]["place"] == ["Kerkstraat 12", "Stationsstraat 3"]
    assert set(entry.detail["changed"]) == {"starts_at", "place"}
    page = unescape(c.get(url).content.decode())
    assert "Versie 1: 04/03/2030 10:00" in page  # the history shows what it was


def test_a_bad_change_names_the_field_keeps_the_input_and_changes_nothing(client_for, jan, visit):
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("appointment_edit", args=[jan.pk, visit.pk])
    response = c.post(url, {"starts_at": "2030-03-05T14:30", "subject": "Bezoek\u202e",
                            "place": "Nieuwe plaats", "version": "1"})  # fmt: skip
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "U+202E" in html and 'value="Nieuwe plaats"' in html
    visit.refresh_from_db()
    assert visit.place == "Kerkstraat 12" and visit.version == 1
    assert not AppointmentChange.objects.exists()


def test_a_change_by_a_colleague_in_the_meantime_is_not_overwritten(actor_a, jan, visit):
    services.update_appointment(actor_a, jan, visit.pk, starts_at=at(MONDAY, 11),
                                subject="Huisbezoek", expected_version=1)  # fmt: skip
    with pytest.raises(ValidationError, match="collega"):
        services.update_appointment(actor_a, jan, visit.pk, starts_at=at(MONDAY, 9),
                                    subject="Huisbezoek", expected_version=1)  # fmt: skip
    visit.refresh_from_db()
    assert visit.starts_at == at(MONDAY, 11)


def test_another_ocmw_cannot_change_or_cancel(client_for, jan, visit):
    c = client_for("b", Role.SOCIAL_WORKER)
    url = reverse("appointment_edit", args=[jan.pk, visit.pk])
    assert c.get(url).status_code == 404
    assert c.post(url, {"starts_at": "2030-03-05T14:30", "subject": "x"}).status_code == 404
    visit.refresh_from_db()
    assert visit.version == 1 and visit.cancelled_at is None


def test_the_calendar_shows_the_workers_week_and_day(client_for, actor_a, lead_a, jan, visit):
    services.add_appointment(actor_a, jan, starts_at=at(MONDAY + timedelta(days=3), 9),
                             subject="Gesprek budget")  # fmt: skip
    services.add_appointment(actor_a, jan, starts_at=at(MONDAY + timedelta(days=7), 9),
                             subject="Afspraak later")  # fmt: skip
    services.add_appointment(lead_a, jan, starts_at=at(MONDAY, 15), subject="Van de teamleider")
    gone = services.add_appointment(actor_a, jan, starts_at=at(MONDAY, 16), subject="Geschrapt")
    services.cancel_appointment(actor_a, jan, gone.pk)
    c = client_for("a", Role.SOCIAL_WORKER)
    html = unescape(c.get(reverse("calendar"), {"date": "2030-03-06"}).content.decode())
    assert "04/03/2030" in html and "10/03/2030" in html  # Monday to Sunday
    assert "Huisbezoek" in html and "Gesprek budget" in html and "Jan Peeters" in html
    assert "Afspraak later" not in html and "Van de teamleider" not in html
    assert "Geschrapt" not in html
    assert html.index("maandag 04/03") < html.index("Huisbezoek") < html.index("donderdag 07/03")
    assert html.index("donderdag 07/03") < html.index("Gesprek budget")
    assert reverse("appointment_edit", args=[jan.pk, visit.pk]) in html
    day = unescape(
        c.get(reverse("calendar"), {"view": "day", "date": "2030-03-07"}).content.decode()
    )
    assert "Gesprek budget" in day and "Huisbezoek" not in day
    entry = AuditEntry.objects.filter(object_type="appointment", purpose="calendar").first()
    assert entry.detail["appointments"] == 1 and entry.detail["persons"] == [jan.pk]
    bad = c.get(reverse("calendar"), {"date": "07/03/2030"})
    assert bad.status_code == 400 and "dd/mm/jjjj" in unescape(bad.content.decode())


def test_the_calendar_is_closed_to_the_council(client_for):
    assert client_for("a", Role.COUNCIL_MEMBER).get(reverse("calendar")).status_code == 403


@pytest.fixture
def lead_a(users):
    from tests.conftest import actor_of

    return actor_of(users[("a", Role.TEAM_LEAD)])


def test_appointment_model_keeps_cancelled_ones(actor_a, jan, visit):
    services.cancel_appointment(actor_a, jan, visit.pk)
    visit = Appointment.objects.get(pk=visit.pk)
    assert visit.cancelled_by == actor_a.user
