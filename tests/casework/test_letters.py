"""Issue 10 §4: every letter carries the OCMW's letterhead, the contact worker, a signature
block, the payment date and account of a grant and the duty to report changes; the letters
of the investigation (documents with a deadline, a reminder, a hearing); one Belgian way to
write amounts; file names in the person's language; letters in nl, fr and de."""

import io
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import letters, services
from openocmw.casework.models import Letter
from openocmw.formats import euro

from .conftest import complete_investigation, grant_input, plan


def text_of(pdf: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # lines broken by the layout joined again


@pytest.mark.parametrize(
    "amount, language, written",
    [
        (Decimal("1314.2"), "nl", "€ 1.314,20"),
        (Decimal("1314.2"), "fr", "1 314,20 €"),
        (Decimal("1314.2"), "de", "1.314,20 €"),
        (Decimal("15770.405"), "nl", "€ 15.770,41"),  # half up to the cent
        (Decimal("15770.41"), "fr", "15 770,41 €"),
        (0, "nl", "€ 0,00"),
        ("876.13", "fr", "876,13 €"),
        (None, "nl", ""),
    ],
)
def test_one_belgian_amount_format_per_language(amount, language, written):
    assert euro(amount, language) == written


def test_the_template_filter_follows_the_page_language():
    template = Template("{% load money %}{{ x|euro }}")
    for language, written in (("nl", "€ 1.314,20"), ("fr", "1 314,20 €"), ("de", "1.314,20 €")):
        with translation.override(language):
            assert template.render(Context({"x": Decimal("1314.20")})) == written


@pytest.mark.parametrize(
    "kind, language, name",
    [
        ("decision", "nl", "beslissing-2024-000001-v1.pdf"),
        ("decision", "fr", "decision-2024-000001-v1.pdf"),
        ("decision", "de", "Beschluss-2024-000001-v1.pdf"),
        ("acknowledgement", "fr", "accuse-de-reception-2024-000001.pdf"),
        ("documents", "nl", "vraag-documenten-2024-000001.pdf"),
        ("hearing", "de", "Einladung-Anhoerung-2024-000001.pdf"),
    ],
)
def test_file_names_are_in_the_persons_language(kind, language, name):
    suffix = "-v1" if kind == "decision" else ""
    assert letters.file_name(kind, language, "2024/000001", suffix) == name


@pytest.fixture
def letterhead(ocmw_a):
    ocmw_a.address = "Andreas Vesaliusstraat 47"
    ocmw_a.postal_code = "3000"
    ocmw_a.municipality_nl = "Leuven"
    ocmw_a.phone = "016 24 80 00"
    ocmw_a.email = "sociale.dienst@ocmw.example"
    ocmw_a.opening_hours = "maandag tot vrijdag 9.00-12.00"
    ocmw_a.secretary_name = "Els Wouters"
    ocmw_a.chair_name = "Marc Jacobs"
    ocmw_a.payment_day = 3
    ocmw_a.name_de = "ÖSHZ Löwen"
    ocmw_a.save()
    return ocmw_a


@pytest.fixture
def granted(actor_a, lead_a, council_a, request_a, letterhead):
    actor_a.user.first_name, actor_a.user.last_name = "Sara", "Claes"
    actor_a.user.save()
    complete_investigation(actor_a, request_a)
    p = services.save_proposal(actor_a, request_a, grant_input(payment_iban="be71096123456769"))
    assert p.payment_iban == "BE71 0961 2345 6769"
    services.submit_proposal(actor_a, p)
    services.review_proposal(lead_a, p, approve=True)
    item = services.schedule(lead_a, plan(lead_a, date(2024, 10, 15)), p)
    return services.decide(council_a, item, outcome="approved")


@pytest.mark.parametrize(
    "language, words",
    [
        ("nl", ["€ 1.288,46", "Andreas Vesaliusstraat 47", "016 24 80 00", "sociale.dienst@ocmw.example",
                "maandag tot vrijdag", "Sara Claes", "Els Wouters", "Marc Jacobs", "BE71 0961 2345 6769"]),
        ("fr", ["1 288,46 €", "Els Wouters", "Marc Jacobs", "BE71 0961 2345 6769"]),
        ("de", ["1.288,46 €", "ÖSHZ Löwen", "Els Wouters", "BE71 0961 2345 6769"]),
    ],
)  # fmt: skip
def test_the_decision_letter_is_complete(granted, language, words):
    granted.person.language = language
    granted.person.save()
    pdf, used = letters.decision_letter(granted, date(2024, 10, 17))
    assert used == language
    text = text_of(pdf)
    for word in words:
        assert word in text, word
    with translation.override(language):
        duty = translation.gettext("Tell us about every change")
        paid = translation.gettext("The aid is paid every month around day %(day)s of the month")
    assert duty in text
    assert paid % {"day": 3} in text
    # The duty to report changes: law of 26 May 2002, art. 22 §1, second paragraph (and §2,
    # the revision from the day its reason arose); not art. 19 §2, not art. 22 §1, 3°.
    cite = {"nl": "art. 22 §1, tweede lid, en §2", "fr": "art. 22 §1er, alinéa 2, et §2",
            "de": "Art. 22 §1 Absatz 2 und §2"}[language]  # fmt: skip
    assert cite in text and "19 §2" not in text


def test_a_refusal_letter_has_no_payment(actor_a, request_a, letterhead):
    from openocmw.casework.models import Decision

    decision = Decision(
        ocmw=request_a.ocmw, person=request_a.person, request=request_a, kind="refuse",
        aid_kind="leefloon", decided_on=date(2024, 10, 15), effective_from=date(2024, 10, 1),
        notify_due=date(2024, 10, 23), refusal_reason="no_cooperation",
        proposal=services.save_proposal(actor_a, request_a, grant_input(
            kind="refuse", refusal_reason="no_cooperation", situation=None,
            motivation="Loonfiches niet bezorgd.")),
    )  # fmt: skip
    text = text_of(letters.decision_letter(decision, date(2024, 10, 17))[0])
    assert "Marc Jacobs" in text and "BE71" not in text


def test_a_request_for_documents_then_a_reminder(actor_a, request_a, letterhead, client_for):
    today = date.today()
    with pytest.raises(ValidationError) as exc:
        services.send_investigation_letter(actor_a, request_a, kind="documents", documents="",
                                           deadline=today - timedelta(days=1))  # fmt: skip
    assert set(exc.value.message_dict) == {"documents", "deadline"}
    with pytest.raises(ValidationError) as exc:
        services.send_investigation_letter(actor_a, request_a, kind="reminder",
                                           deadline=today + timedelta(days=7))  # fmt: skip
    assert "kind" in exc.value.message_dict  # a reminder needs a request first
    assert not Letter.objects.exists()
    first = services.send_investigation_letter(
        actor_a, request_a, kind="documents", documents="loonfiches juli-september\nhuurcontract",
        deadline=today + timedelta(days=14),
    )  # fmt: skip
    text = text_of(bytes(first.pdf))
    assert "huurcontract" in text and (today + timedelta(days=14)).strftime("%d/%m/%Y") in text
    assert "Andreas Vesaliusstraat 47" in text and "Els Wouters" in text
    reminder = services.send_investigation_letter(
        actor_a, request_a, kind="reminder", deadline=today + timedelta(days=21)
    )
    assert reminder.reminds == first and "huurcontract" in reminder.documents
    assert AuditEntry.objects.filter(object_type="letter", action="create").count() == 2
    r = client_for("a", Role.SOCIAL_WORKER).get(
        reverse("letter_pdf", args=[request_a.pk, reminder.pk])
    )
    assert r["Content-Type"] == "application/pdf"
    assert (
        f"herinnering-{request_a.number.replace('/', '-')}-{reminder.pk}.pdf"
        in r["Content-Disposition"]
    )


def test_an_invitation_to_a_hearing_in_german(actor_a, request_a, letterhead):
    request_a.person.language = "de"
    request_a.person.save()
    day = date.today() + timedelta(days=10)
    with pytest.raises(ValidationError) as exc:
        services.send_investigation_letter(actor_a, request_a, kind="hearing", hearing_on=day)
    assert set(exc.value.message_dict) == {"hearing_time", "place"}
    letter = services.send_investigation_letter(
        actor_a, request_a, kind="hearing", hearing_on=day, hearing_time=time(10, 30),
        place="Sitzungssaal, Andreas Vesaliusstraat 47",
    )  # fmt: skip
    assert letter.language == "de"
    text = text_of(bytes(letter.pdf))
    assert "10:30" in text and day.strftime("%d/%m/%Y") in text and "ÖSHZ Löwen" in text
    with translation.override("de"):
        assert translation.gettext("Invitation to be heard") in text


def test_the_letter_form_on_the_case_page(client_for, request_a):
    sw = client_for("a", Role.SOCIAL_WORKER)
    r = sw.post(reverse("letter_new", args=[request_a.pk]), {"letter-kind": "documents"})
    assert r.status_code == 302 and not Letter.objects.exists()
    deadline = (date.today() + timedelta(days=10)).isoformat()
    sw.post(reverse("letter_new", args=[request_a.pk]), {
        "letter-kind": "documents", "letter-documents": "attest", "letter-deadline": deadline,
    })  # fmt: skip
    assert Letter.objects.get().documents == "attest"
    html = sw.get(reverse("case_detail", args=[request_a.pk])).content.decode()
    assert reverse("letter_pdf", args=[request_a.pk, Letter.objects.get().pk]) in html
