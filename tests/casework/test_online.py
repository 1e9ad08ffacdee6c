"""Online first requests on the OCMW's side (issue 12 §3): the intake with its clock, the
acknowledgement letter, matching to a person with the duplicate check, registering a new
person, audit and scoping. The public form itself: tests/public/test_request.py."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import online as intake
from openocmw.casework.models import AidRequest, OnlineDocument, OnlineRequest, OnlineState
from openocmw.registry.models import Person
from tests.conftest import actor_of, insz_for
from tests.inputs import samples as s


def form(**over) -> dict:
    data = {
        "first_name": "Jan", "last_name": "Peeters", "birth_date": date(1985, 7, 30),
        "insz": "", "phone": "0470 12 34 56", "email": "", "street": "", "house_number": "",
        "box": "", "postal_code": "", "municipality": "", "kind": "leefloon", "other_aid": "",
        "description": "Ik heb geen inkomen meer.", "consent": True,
    }  # fmt: skip
    data.update(over)
    return data


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S607
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def lead_a(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


def test_a_submitted_request_has_its_date_of_receipt_and_the_30_day_clock(ocmw_a):
    online = intake.submit(ocmw_a, form(), [s.upload("loonfiche.pdf", s.pdf(), "application/pdf")],
                           language="fr")  # fmt: skip
    today = timezone.localdate()
    assert online.reference == f"W{today.year}-000001"
    assert online.received_on == today and online.decision_due == today + timedelta(days=30)
    assert online.state == OnlineState.NEW and online.person is None and online.language == "fr"
    assert online.documents.get().filename == "loonfiche.pdf"
    assert intake.submit(ocmw_a, form(), language="nl").reference == f"W{today.year}-000002"
    entry = AuditEntry.objects.filter(object_type="onlinerequest", action="create").first()
    assert entry is not None and entry.ocmw_id == ocmw_a.pk


@pytest.mark.parametrize(
    "over, field, words",
    [
        ({"phone": ""}, "phone", "How can we reach you"),
        ({"phone": "", "street": "Kerkstraat", "house_number": "1", "postal_code": "3000"},
         "phone", "How can we reach you"),  # an address without municipality is no address
        ({"insz": "85073003329"}, "insz", "not valid"),
        ({"insz": insz_for(date(1990, 1, 1), 33)}, "insz", "birth date"),
        ({"email": "jan@"}, "email", "valid email"),
        ({"postal_code": "30"}, "postal_code", "4 digits"),
        ({"consent": False}, "consent", "Confirm"),
        ({"kind": "cash"}, "kind", "kind of aid"),
        ({"description": "x" * 2001}, "description", "2.000"),
        ({"first_name": "Jan\u202e"}, "first_name", "invisible"),
        ({"birth_date": date(1850, 1, 1)}, "birth_date", "1900"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_stores_nothing(ocmw_a, over, field, words):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        intake.submit(ocmw_a, form(**over), language="nl")
    assert field in exc.value.message_dict
    assert words in " ".join(exc.value.message_dict[field])
    assert not OnlineRequest.objects.exists()


def test_each_way_to_contact_is_enough(ocmw_a):
    address = {"street": "Kerkstraat", "house_number": "1", "postal_code": "3000",
               "municipality": "Leuven"}  # fmt: skip
    for over in ({"phone": "", "email": "jan@example.org"}, {"phone": "", **address}):
        intake.submit(ocmw_a, form(**over), language="nl")
    assert OnlineRequest.objects.count() == 2


@pytest.mark.parametrize(
    "upload, words",
    [
        (s.upload("big.pdf", s.pdf(), "application/pdf", size=21 * 1024 * 1024), "20 MB"),
        (s.upload("photo.png", s.pdf(), "image/png"), "does not match"),  # a PDF named .png
        (s.upload("id.pdf", s.pdf_html_polyglot(), "application/pdf"), "web page"),
        (s.upload("id.png", s.png_header_on_executable(), "image/png"), None),
    ],
)
def test_an_oversized_or_disguised_document_is_refused_naming_the_field(ocmw_a, upload, words):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        intake.submit(ocmw_a, form(), [upload], language="nl")
    message = " ".join(exc.value.message_dict["documents"])
    assert message.startswith("Documents:")
    assert words is None or words in message
    assert not OnlineRequest.objects.exists() and not OnlineDocument.objects.exists()


def test_at_most_three_documents(ocmw_a):
    files = [s.upload(f"{n}.pdf", s.pdf(), "application/pdf") for n in range(4)]
    with pytest.raises(ValidationError) as exc:
        intake.submit(ocmw_a, form(), files, language="nl")
    assert "documents" in exc.value.message_dict and not OnlineRequest.objects.exists()


def test_the_acknowledgement_is_the_counter_letter_in_the_citizens_language(ocmw_a, settings,
                                                                            tmp_path):  # fmt: skip
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    online = intake.submit(ocmw_a, form(email="jan@example.org", insz=""), language="fr")
    assert intake.send_acknowledgement(online)
    pdf, language = intake.acknowledgement(online)
    text = pdf_text(pdf)
    assert language == "fr"
    assert "CPAS de Louvain" in text and online.reference in text and "Jan Peeters" in text
    assert "Accusé de réception" in text
    assert online.received_on.strftime("%d/%m/%Y") in text
    assert online.decision_due.strftime("%d/%m/%Y") in text
    mail = next(tmp_path.iterdir()).read_text()
    assert "To: jan@example.org" in mail and online.reference in mail
    assert "accuse-de-reception-" in mail and "application/pdf" in mail
    online.refresh_from_db()
    assert online.acknowledged_at is not None


def test_no_email_address_no_mail(ocmw_a, mailoutbox):
    online = intake.submit(ocmw_a, form(), language="nl")
    assert not intake.send_acknowledgement(online) and mailoutbox == []


def test_an_online_request_is_matched_to_a_person_and_lands_in_the_register(actor_a, jan):
    online = intake.submit(jan.ocmw, form(first_name="Jna"), language="nl")  # a typo
    matches = intake.candidates(actor_a, online)
    assert [m.person for m in matches] == [jan]
    req = intake.match(actor_a, online, jan)
    assert req.channel == "online" and req.person == jan
    assert req.received_on == online.received_on and req.decision_due == online.decision_due
    assert AidRequest.objects.filter(ocmw=jan.ocmw, channel="online").count() == 1
    online.refresh_from_db()
    assert online.state == OnlineState.MATCHED and online.aid_request == req
    assert intake.pending(actor_a).count() == 0
    trail = AuditEntry.objects.filter(object_type="onlinerequest").values_list("action", flat=True)
    assert {"create", "view", "update"} <= set(trail)
    with pytest.raises(ValidationError):
        intake.match(actor_a, online, jan)  # twice: refused, nothing more registered
    assert AidRequest.objects.filter(channel="online").count() == 1


def test_the_same_insz_is_found_even_under_another_name(actor_a, jan):
    online = intake.submit(jan.ocmw, form(first_name="Johannes", last_name="Pieters",
                                          insz=jan.insz), language="nl")  # fmt: skip
    assert [m.person for m in intake.candidates(actor_a, online)] == [jan]


def test_a_new_person_is_registered_from_the_request(actor_a, ocmw_a):
    online = intake.submit(ocmw_a, form(first_name="Fatima", last_name="El Amrani",
                                        birth_date=date(1990, 3, 2)), language="fr")  # fmt: skip
    req = intake.register_person(actor_a, online, sex="F", nationality="MA")
    person = req.person
    assert (person.first_name, person.last_name, person.language) == ("Fatima", "El Amrani", "fr")
    assert person.phone == "0470 12 34 56" and req.channel == "online"


def test_other_ocmw_and_roles_without_casework_cannot_see_it(actor_b, users, ocmw_a):
    online = intake.submit(ocmw_a, form(), language="nl")
    assert intake.pending(actor_b).count() == 0
    with pytest.raises(Exception):  # noqa: B017, PT011 - 404 or permission, never the data
        intake.get_online(actor_b, online.pk)
    with pytest.raises(Exception):  # noqa: B017, PT011
        intake.pending(actor_of(users[("a", Role.OCMW_ADMIN)]))


def test_the_worker_sees_the_tile_and_matches_in_the_pages(client_for, jan):
    online = intake.submit(jan.ocmw, form(), [s.upload("a.pdf", s.pdf(), "application/pdf")],
                           language="nl")  # fmt: skip
    c = client_for("a", Role.SOCIAL_WORKER)
    page = c.get(reverse("case_dashboard")).content.decode()
    assert 'id="tile-online"' in page and "<strong>1</strong> nieuwe online aanvragen" in page
    queue = c.get(reverse("online_queue")).content.decode()
    assert online.reference in queue
    detail = c.get(reverse("online_detail", args=[online.pk])).content.decode()
    assert "Peeters Jan" in detail and "a.pdf" in detail
    doc = online.documents.get()
    got = c.get(reverse("online_document", args=[online.pk, doc.pk]))
    assert got["Content-Disposition"].startswith("attachment")
    refused = c.post(reverse("online_detail", args=[online.pk]), {"person": "999999"})
    assert refused.status_code == 200 and not AidRequest.objects.exists()
    done = c.post(reverse("online_detail", args=[online.pk]), {"person": str(jan.pk)})
    req = AidRequest.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("case_detail", args=[req.pk])


def test_a_new_person_needs_confirmation_when_persons_were_shown(client_for, jan):
    online = intake.submit(jan.ocmw, form(), language="nl")
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("online_detail", args=[online.pk])
    page = c.post(url, {"sex": "M", "nationality": "BE"}).content.decode()
    assert "Bevestig" in page and Person.objects.count() == 1
    assert c.post(url, {"sex": "M", "nationality": "XX"}).status_code == 200
    done = c.post(url, {"sex": "M", "nationality": "BE", "not_duplicate": "on"})
    assert done.status_code == 302 and Person.objects.count() == 2
