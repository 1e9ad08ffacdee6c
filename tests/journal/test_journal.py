"""The file's journal, documents, appointments and "my tasks today" (issue 10 §3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import services as casework
from openocmw.journal import services, tasks
from openocmw.journal.models import Document, DocumentLink, Note, ReminderSent
from tests.conftest import actor_of
from tests.inputs.samples import pdf as pdf_bytes

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def lead_a(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def aid_request(actor_a, jan):
    return casework.register_request(
        actor_a, jan, received_on=timezone.localdate() - timedelta(days=25), kind="leefloon",
        channel="counter",
    )  # fmt: skip


def _note(actor, person, text="Belde over de huur.", **kw):
    data = {"happened_on": timezone.localdate(), "kind": "phone", "text": text, **kw}
    return services.add_note(actor, person, **data)


# --- the journal ---------------------------------------------------------------------------


def test_a_note_has_date_kind_author_and_is_audited(actor_a, jan):
    note = _note(actor_a, jan, kind="visit")
    assert note.author == actor_a.user and note.get_kind_display() == "bezoek"
    entry = AuditEntry.objects.get(object_type="journal_note", action="create")
    assert entry.subject_person_id == jan.pk and entry.purpose == "case journal"


def test_a_confidential_note_is_read_by_its_author_and_the_team_lead_only(
    actor_a, lead_a, users, jan
):
    _note(actor_a, jan, text="Vertrouwelijk: huiselijk geweld.", confidential=True)
    _note(actor_a, jan, text="Open notitie.")
    colleague = actor_of(users[("a", Role.SOCIAL_WORKER)])  # the author
    assert services.notes_for(colleague, jan).count() == 2
    assert services.notes_for(lead_a, jan).count() == 2
    from openocmw.accounts.models import Membership

    other_user = users[("a", Role.TEAM_LEAD)].__class__.objects.create_user("a-sw2")
    membership = Membership.objects.create(
        user=other_user, ocmw=actor_a.ocmw, role=Role.SOCIAL_WORKER
    )
    from openocmw.accounts.tenancy import Actor

    second_worker = Actor(user=other_user, membership=membership)
    texts = [n.text for n in services.notes_for(second_worker, jan)]
    assert texts == ["Open notitie."]


def test_the_journal_is_searchable_by_every_word(actor_a, jan):
    _note(actor_a, jan, text="Huurachterstand besproken met de verhuurder.")
    _note(actor_a, jan, text="Energiefactuur binnengebracht.")
    found = [n.text for n in services.notes_for(actor_a, jan, "verhuurder huur")]
    assert found == ["Huurachterstand besproken met de verhuurder."]
    assert AuditEntry.objects.filter(object_type="journal_note", action="search").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "   "}, "text"),
        ({"kind": "fax"}, "kind"),
        ({"happened_on": date(1999, 1, 1)}, "happened_on"),
        ({"happened_on": None}, "happened_on"),
        ({"text": "a\u202eb"}, "text"),
    ],
)
def test_bad_notes_are_refused_naming_the_field(actor_a, jan, data, field):
    with pytest.raises(ValidationError) as exc:
        _note(actor_a, jan, **data)
    assert field in exc.value.message_dict
    assert not Note.objects.exists()


def test_a_note_in_the_future_is_refused(actor_a, jan):
    with pytest.raises(ValidationError) as exc:
        _note(actor_a, jan, happened_on=timezone.localdate() + timedelta(days=2))
    assert "happened_on" in exc.value.message_dict


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.SECURITY_ADVISER, Role.OCMW_ADMIN])
def test_other_roles_read_no_journal(client_for, jan, role):
    assert client_for("a", role).get(reverse("journal", args=[jan.pk])).status_code == 403


def test_another_ocmw_cannot_open_the_journal(client_for, jan):
    assert (
        client_for("b", Role.SOCIAL_WORKER).get(reverse("journal", args=[jan.pk])).status_code
        == 404
    )


def test_the_journal_page_adds_a_note_and_keeps_input_on_error(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("journal", args=[jan.pk])
    response = c.post(url, {"form": "note", "happened_on": "2030-01-01", "kind": "phone",
                            "text": "Tekst die niet verloren mag gaan."})  # fmt: skip
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Tekst die niet verloren mag gaan." in html and 'class="error"' in html
    response = c.post(url, {"form": "note", "happened_on": timezone.localdate().isoformat(),
                            "kind": "meeting", "text": "Overleg met de school."})  # fmt: skip
    assert response.status_code == 302
    html = unescape(c.get(url, {"q": "school"}).content.decode())
    assert "Overleg met de school." in html and "overleg" in html.lower()


# --- documents -----------------------------------------------------------------------------


def _pdf(name="attest.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def test_a_document_is_stored_once_and_linked_to_several_items(actor_a, jan, aid_request):
    from openocmw.gpmi.models import Gpmi

    doc, created = services.upload_document(
        actor_a, jan, _pdf(), title="Huurcontract", request_id=aid_request.pk
    )
    assert created
    again, created = services.upload_document(actor_a, jan, _pdf("kopie.pdf"))
    assert again.pk == doc.pk and not created
    assert Document.objects.count() == 1
    second = casework.register_request(
        actor_a, jan, received_on=timezone.localdate(), kind="other_social_aid",
        channel="counter", other_aid="energy",
    )  # fmt: skip
    services.link_document(actor_a, doc, request_id=second.pk)
    services.link_document(actor_a, doc, request_id=second.pk)  # twice: one link
    assert DocumentLink.objects.filter(document=doc).count() == 2
    assert Gpmi.objects.count() == 0


def test_a_document_cannot_be_linked_to_another_persons_request(actor_a, jan):
    from openocmw.registry import services as registry
    from tests.conftest import person_data

    els = registry.create_person(
        actor_a, person_data(birth_date=date(1990, 2, 3), first_name="Els"),
        status="belgian", status_from=date(1990, 2, 3),
    )  # fmt: skip
    hers = casework.register_request(
        actor_a, els, received_on=timezone.localdate(), kind="leefloon", channel="counter"
    )
    doc, _ = services.upload_document(actor_a, jan, _pdf())
    with pytest.raises(ValidationError) as exc:
        services.link_document(actor_a, doc, request_id=hers.pk)
    assert "target" in exc.value.message_dict


def test_a_false_pdf_is_refused(actor_a, jan):
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.upload_document(actor_a, jan, fake)
    assert "file" in exc.value.message_dict
    assert not Document.objects.exists()


def test_the_documents_tab_lists_uploads_and_investigation_evidence(
    client_for, actor_a, jan, aid_request
):
    item = aid_request.items.first()
    casework.add_evidence(actor_a, item, _pdf("loonfiche.pdf"))
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("documents", args=[jan.pk])
    response = c.post(url, {"form": "upload", "file": _pdf("huur.pdf"), "title": "Huurcontract",
                            "target": f"request:{aid_request.pk}"})  # fmt: skip
    assert response.status_code == 302
    html = unescape(c.get(url).content.decode())
    assert "Huurcontract" in html and "loonfiche.pdf" in html
    assert f"aanvraag {aid_request.number}" in html
    doc = Document.objects.get()
    download = c.get(reverse("document_download", args=[doc.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    other = client_for("b", Role.SOCIAL_WORKER).get(reverse("document_download", args=[doc.pk]))
    assert other.status_code == 404


def test_the_documents_tab_lists_the_pdfs_the_system_made(client_for, actor_a, jan, aid_request):
    """Letters of the investigation, the decision letter as sent, the signed GPMI contract and
    the acknowledgement of receipt: each listed with its request or GPMI, and downloadable."""
    from openocmw.gpmi import services as gpmi_services
    from tests.casework.test_register import make_decision, make_request
    from tests.gpmi.conftest import contract, sign

    letter = casework.send_investigation_letter(
        actor_a, aid_request, kind="documents", documents="loonfiches",
        deadline=timezone.localdate() + timedelta(days=14),
    )  # fmt: skip
    old = make_request(aid_request.ocmw, jan, "2024/000777", date(2024, 3, 1))
    decision = make_decision(old, date(2024, 3, 20), monthly_amount=1000, notified_on=date(2024, 3, 22),
                             letter_pdf=pdf_bytes(), letter_language="nl")  # fmt: skip
    gpmi = gpmi_services.draft_gpmi(actor_a, jan, contract())
    sign(actor_a, gpmi_services.latest_version(gpmi))
    c = client_for("a", Role.SOCIAL_WORKER)
    html = unescape(c.get(reverse("documents", args=[jan.pk])).content.decode())
    expected = {
        reverse("letter_pdf", args=[aid_request.pk, letter.pk]): "vraag naar documenten",
        reverse("decision_letter", args=[decision.pk]): "beslissingsbrief, versie 1",
        reverse("gpmi_version_pdf", args=[gpmi.pk, 1]): "GPMI-contract, versie 1",
        reverse("case_ack", args=[aid_request.pk]): "ontvangstbewijs",
    }
    for url, title in expected.items():
        assert f'href="{url}">{title}' in html, title
        assert c.get(url)["Content-Type"] == "application/pdf"
    assert "aanvraag 2024/000777" in html and "GPMI vanaf 01/01/2025" in html
    assert "gemaakt door het systeem" in html
    # Another OCMW's worker sees none of it (the tab is scoped to the person's OCMW).
    assert (
        client_for("b", Role.SOCIAL_WORKER).get(reverse("documents", args=[jan.pk])).status_code
        == 404
    )


# --- tasks and reminders -------------------------------------------------------------------


def test_my_tasks_today_lists_deadlines_letters_and_appointments(actor_a, jan, aid_request):
    now = timezone.now()
    services.add_appointment(
        actor_a, jan, starts_at=timezone.localtime(now).replace(hour=14, minute=30),
        subject="Huisbezoek", place="Kerkstraat 12",
    )  # fmt: skip
    today = timezone.localdate()
    found = tasks.my_tasks(actor_a, today)
    kinds = [t.kind for t in found]
    assert "deadline" in kinds and "appointment" in kinds
    deadline = next(t for t in found if t.kind == "deadline")
    assert aid_request.number in deadline.label and not deadline.late
    # Ten days later the decision is late: a warning, listed first.
    later = tasks.tasks_for(actor_a.user, actor_a.ocmw_id, today + timedelta(days=10))
    assert later[0].kind == "deadline" and later[0].late


def test_the_tasks_page(client_for, actor_a, jan, aid_request):
    html = unescape(client_for("a", Role.SOCIAL_WORKER).get(reverse("my_tasks")).content.decode())
    assert aid_request.number in html and "Jan Peeters" in html


def test_the_reminder_is_sent_once_a_day_without_names(smtp_sink, actor_a, jan, aid_request):
    user = actor_a.user
    user.email = "sara@ocmw.example"
    user.save()
    morning = datetime.combine(timezone.localdate(), datetime.min.time(), tzinfo=BRUSSELS)
    assert tasks.send_reminders(morning.replace(hour=6))["sent"] == 0  # too early
    result = tasks.send_reminders(morning.replace(hour=8))
    assert result["sent"] == 1 and len(smtp_sink.messages) == 1
    to, message = smtp_sink.messages[0]
    body = message.get_body().get_content()
    assert to == ["sara@ocmw.example"] and message["To"] == "sara@ocmw.example"
    assert aid_request.number in body and "/tasks/" in body
    assert "Peeters" not in body and jan.insz not in body
    assert "Peeters" not in message["Subject"]
    # Again the same day (the hourly job): nothing more.
    assert tasks.send_reminders(morning.replace(hour=9))["sent"] == 0
    assert len(smtp_sink.messages) == 1 and ReminderSent.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="reminder", action="export").count() == 1


def test_a_refused_reminder_is_tried_again_and_does_not_stop_the_others(
    smtp_sink, actor_a, users, jan, aid_request
):
    lead = users[("a", Role.TEAM_LEAD)]
    services.add_appointment(
        actor_of(lead), jan, subject="Gesprek",
        starts_at=timezone.localtime(timezone.now()).replace(hour=14, minute=0),
    )  # fmt: skip
    actor_a.user.email, lead.email = "sara@ocmw.example", "lead@ocmw.example"
    actor_a.user.save()
    lead.save()
    smtp_sink.refuse.add("sara@ocmw.example")
    morning = datetime.combine(timezone.localdate(), datetime.min.time(), tzinfo=BRUSSELS)
    result = tasks.send_reminders(morning.replace(hour=8))
    assert result["failed"] == 1 and result["sent"] == 1
    assert [to for to, _m in smtp_sink.messages] == [["lead@ocmw.example"]]
    assert not ReminderSent.objects.filter(user=actor_a.user).exists()
    smtp_sink.refuse.clear()
    assert tasks.send_reminders(morning.replace(hour=9))["sent"] == 1  # the next hour
    assert smtp_sink.messages[-1][0] == ["sara@ocmw.example"]


def test_the_reminder_job_is_periodic():
    from openocmw.jobs import kinds

    assert kinds.get("journal.reminders").every == timedelta(hours=1)


def test_an_appointment_is_cancelled_from_the_journal_page(client_for, actor_a, jan):
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1)).replace(hour=10, minute=0)
    appointment = services.add_appointment(actor_a, jan, starts_at=tomorrow, subject="Huisbezoek")
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("journal", args=[jan.pk])
    assert "Huisbezoek" in c.get(url).content.decode()
    c.post(url, {"form": "cancel", "appointment": appointment.pk})
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None
    assert "Huisbezoek" not in c.get(url).content.decode()
    # Cancelled again, or another person's: a clear message, nothing changes.
    response = c.post(url, {"form": "cancel", "appointment": appointment.pk}, follow=True)
    assert "niet gepland" in unescape(response.content.decode())
    assert AuditEntry.objects.filter(object_type="appointment", action="update").count() == 1


# --- the journal in the API ------------------------------------------------------------------


def _api(users, ocmw, role, lang="nl"):
    import json

    from django.test import Client

    from openocmw.accounts.tokens import issue_token

    token = issue_token(users[(ocmw, role)].memberships.get(), "tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=lang)
    client.post_json = lambda url, data: client.post(
        url, json.dumps(data), content_type="application/json"
    )
    return client


def test_the_journal_api_lists_searches_and_adds_notes_audited(users, actor_a, lead_a, jan):
    _note(actor_a, jan, "Belde over de huur.")
    _note(lead_a, jan, "Vertrouwelijk: schulden.", confidential=True)
    worker = _api(users, "a", Role.SOCIAL_WORKER)
    url = f"/api/v1/persons/{jan.pk}/journal"
    body = worker.get(url).json()
    assert [n["text"] for n in body["results"]] == ["Belde over de huur."]  # not the lead's
    assert _api(users, "a", Role.TEAM_LEAD).get(url).json()["count"] == 2
    assert worker.get(url, {"q": "HUUR belde"}).json()["count"] == 1
    assert worker.get(url, {"q": "schulden"}).json()["count"] == 0
    searches = AuditEntry.objects.filter(object_type="journal_note", action="search")
    assert searches.filter(subject_person_id=jan.pk).count() == 2
    r = worker.post_json(url, {"happened_on": str(timezone.localdate()), "kind": "visit",
                               "text": "Huisbezoek."})  # fmt: skip
    assert r.status_code == 201, r.content
    assert Note.objects.filter(person=jan, text="Huisbezoek.", author=actor_a.user).exists()
    assert AuditEntry.objects.filter(object_type="journal_note", action="create").count() == 3


@pytest.mark.parametrize(
    "change, field, lang, words",
    [
        ({"happened_on": "2999-01-01"}, "happened_on", "fr", "date"),
        ({"kind": "telepathy"}, "kind", "de", "telepathy"),
        ({"text": "   "}, "text", "nl", "leeg"),
        ({"text": "a\u202eb"}, "text", "fr", "U+202E"),
    ],
)
def test_the_journal_api_names_the_field_and_saves_nothing(users, jan, change, field, lang, words):
    good = {"happened_on": str(timezone.localdate()), "kind": "phone", "text": "Belde."}
    r = _api(users, "a", Role.SOCIAL_WORKER, lang).post_json(
        f"/api/v1/persons/{jan.pk}/journal", good | change
    )
    assert r.status_code == 400, r.content
    error = r.json()["errors"][0]
    assert error["field"] == field and words.lower() in error["message"].lower(), error
    assert not Note.objects.exists()


def test_the_journal_api_is_scoped_and_closed_to_other_roles(users, jan):
    url = f"/api/v1/persons/{jan.pk}/journal"
    assert _api(users, "b", Role.SOCIAL_WORKER).get(url).status_code == 404
    assert _api(users, "a", Role.COUNCIL_MEMBER).get(url).status_code == 403
