"""The public online first request form (issue 12 §3): no login, the reference on screen, the
acknowledgement by e-mail, the self-check's answers attached, and abuse held off (a rate limit
per address, a honeypot, size limits): a flood is answered 429 and nothing is stored."""

from __future__ import annotations

from django.core import signing
from django.test import Client
from django.urls import reverse

from openocmw.casework.models import OnlineRequest
from openocmw.jobs.models import Job
from openocmw.jobs.runner import execute
from openocmw.public import request as public_request
from tests.inputs import samples as s

FIELDS = {
    "step": "send", "first_name": "Jan", "last_name": "Peeters", "birth_date": "1985-07-30",
    "insz": "", "phone": "0470 12 34 56", "email": "", "street": "", "house_number": "",
    "box": "", "postal_code": "", "municipality": "", "kind": "leefloon", "other_aid": "",
    "description": "Ik heb geen inkomen meer.", "consent": "on", "website": "",
}  # fmt: skip


def url(lang="nl", nis="24062"):
    return reverse("public:request", kwargs={"nis": nis, "lang": lang})


def test_the_form_needs_no_login_and_sets_no_cookie_but_csrf(ocmw_a):
    response = Client().get(url("fr"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page and "Comment pouvons-nous vous joindre" in page
    assert set(response.cookies) <= {"csrftoken"}


def test_a_request_is_sent_and_the_reference_shown_and_mailed(ocmw_a, mailoutbox):
    response = Client().post(url("fr"), FIELDS | {"email": "jan@example.org"})
    online = OnlineRequest.objects.get()
    page = response.content.decode()
    assert response.status_code == 200 and online.reference in page
    assert online.language == "fr" and "accusé de réception" in page
    assert online.decision_due.strftime("%d/%m/%Y") in page
    assert mailoutbox == []  # not in the citizen's request: a job of the worker sends it
    job = Job.objects.get(kind="casework.acknowledgement")
    assert execute(job.pk, inline=True) == "succeeded"
    (mail,) = mailoutbox
    assert mail.to == ["jan@example.org"] and online.reference in mail.subject
    assert mail.attachments[0][0].startswith("accuse-de-reception-")


def test_no_way_to_contact_is_an_error_on_the_field_and_keeps_what_was_typed(ocmw_a):
    response = Client().post(url("nl"), FIELDS | {"phone": "", "description": "Huur"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_phone-error"' in page
    assert "Hoe kunnen we u bereiken" in page
    assert 'value="Peeters"' in page and "Huur</textarea>" in page
    assert not OnlineRequest.objects.exists()


def test_a_disguised_upload_is_refused_naming_the_field(ocmw_a):
    fake = s.upload("loonfiche.pdf", s.png_header_on_executable(), "application/pdf")
    response = Client().post(url("fr"), FIELDS | {"documents": fake})
    page = response.content.decode()
    assert 'id="id_documents-error"' in page and "Documents" in page
    assert not OnlineRequest.objects.exists()


def test_a_body_over_the_limit_is_refused_before_it_is_read(ocmw_a, monkeypatch):
    monkeypatch.setattr(public_request, "MAX_BODY", 2000)  # a real 61 MB body is slow to build
    scan = s.upload("scan.png", s.image("PNG", size=(200, 200)), "image/png")
    response = Client().post(url("nl"), FIELDS | {"documents": scan})
    assert response.status_code == 413 and not OnlineRequest.objects.exists()


def test_the_honeypot_is_answered_as_sent_and_nothing_is_stored(ocmw_a, mailoutbox):
    response = Client().post(url("nl"), FIELDS | {"website": "http://spam.example"})
    assert response.status_code == 200 and 'id="request-sent"' in response.content.decode()
    assert not OnlineRequest.objects.exists() and mailoutbox == []


def test_a_flood_from_one_address_is_slowed_and_not_stored(ocmw_a):
    c = Client(REMOTE_ADDR="198.51.100.7")
    bad = FIELDS | {"phone": ""}  # refused requests count too: a flood is a flood
    for _ in range(public_request.LIMIT - 1):
        assert c.post(url("nl"), bad).status_code == 200
    assert c.post(url("nl"), FIELDS).status_code == 200
    refused = c.post(url("fr"), FIELDS)
    assert refused.status_code == 429 and "Rien n'a été enregistré" in refused.content.decode()
    assert OnlineRequest.objects.count() == 1
    other = Client(REMOTE_ADDR="198.51.100.8")  # another address is not slowed
    assert other.post(url("nl"), FIELDS).status_code == 200
    assert OnlineRequest.objects.count() == 2


def test_the_self_checks_answers_open_the_form_and_are_stored(ocmw_a):
    from openocmw.public import selfcheck

    salt = selfcheck.SIGNING_SALT
    answers = {"version": 1, "on": "2026-12-07", "lang": "nl", "rights": ["leefloon"],
               "leefloon_monthly": "1325.00", "applicant": {"age": 34}}  # fmt: skip
    token = signing.dumps(answers, salt=salt, compress=True)
    c = Client()
    opened = c.post(url("nl"), {"selfcheck": token}).content.decode()
    assert 'id="selfcheck-attached"' in opened and "1.325,00" in opened
    assert 'value="leefloon" id="id_kind_0" required checked' in opened
    assert not OnlineRequest.objects.exists()
    c.post(url("nl"), FIELDS | {"selfcheck": token})
    assert OnlineRequest.objects.get().selfcheck["leefloon_monthly"] == "1325.00"
    forged = c.post(url("nl"), {"selfcheck": token[:-2] + "xx"}).content.decode()
    assert 'id="selfcheck-attached"' not in forged


def test_unknown_ocmw_is_404(db):
    assert Client().get(url("nl", nis="99999")).status_code == 404
