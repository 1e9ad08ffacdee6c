"""The electronic social report between two OCMWs of one installation (issue 13 §5): B asks,
A's job cycle answers with its motivated decisions, nobody at A acting; the GPMI part only
with the person's consent; a tampered or replayed message is refused and logged."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openocmw.accounts.models import AuditEntry
from openocmw.casework import services as casework
from openocmw.exchange import signing
from openocmw.exchange.models import (
    ExchangeLog,
    InboundReportRequest,
    SocialReportRequest,
)
from openocmw.exchange.services import socialreport
from openocmw.gpmi import services as gpmi
from openocmw.jobs.services import enqueue
from openocmw.registry import services as registry
from tests.conftest import person_data
from tests.gpmi.conftest import start_balance

pytestmark = pytest.mark.django_db


@pytest.fixture
def jan_in_b(actor_b, jan):
    """Jan moved to Namur: OCMW B has his file and an open request."""
    person = registry.create_person(
        actor_b, person_data(language="fr", street="Rue de Fer", house_number="2",
                             postal_code="5000", municipality="Namur"),
        status="belgian", status_from=date(1985, 7, 30),
    )  # fmt: skip
    casework.register_request(actor_b, person, received_on=date(2026, 11, 20), kind="leefloon",
                              channel="counter")  # fmt: skip
    return person


@pytest.fixture
def gpmi_with_pdf(actor_a, jan, granted):
    g = gpmi.draft_gpmi(actor_a, jan, {
        "kind": "general", "start": date(2026, 3, 1), "end": date(2027, 2, 28),
        "goals": ["Werk zoeken"], "person_commitments": "Twee sollicitaties per week.",
        "ocmw_commitments": "Begeleiding naar werk.", "support": "", "facts": {},
    })  # fmt: skip
    start_balance(actor_a, g, date(2026, 3, 1))  # no contract without a start social balance
    gpmi.validate_contract(actor_a, gpmi.latest_version(g), person_signed_on=date(2026, 3, 2),
                           person_signatory="Jan Peeters", ocmw_signed_on=date(2026, 3, 2),
                           ocmw_signatory="Sara, maatschappelijk werker")  # fmt: skip
    return g


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Request the report; the job queued at commit runs at once (inline jobs in the tests)."""

    def run(actor, person, to_nis):
        with django_capture_on_commit_callbacks(execute=True):
            req = socialreport.request_report(actor, person, to_nis=to_nis)
        req.refresh_from_db()
        return req

    return run


def cycle():
    job = enqueue("exchange.cycle")
    assert job.status == "succeeded", job.message
    return job.result


def test_with_consent_the_gpmi_part_and_the_decisions_travel(
    actor_a, actor_b, jan, jan_in_b, granted, gpmi_with_pdf, ask
):
    gpmi.record_consent(actor_a, jan, status="given", on=date(2026, 3, 2), legal_basis="gdpr_6_1_a")
    req = ask(actor_b, jan_in_b, "24062")
    assert req.status == "answered"  # the job cycle ran (inline in the tests): nobody at A acted
    report = req.report
    assert report["status"] == "found" and report["person"]["LastName"] == "Peeters"
    assert [d["Kind"] for d in report["decisions"]] == ["grant"]
    assert report["decisions"][0]["Motivation"].startswith("Alleenstaande")
    assert report["decisions"][0]["MonthlyAmount"] == f"{granted.monthly_amount:.2f}"
    assert report["gpmi"]["ConsentOn"] == "2026-03-02" and report["gpmi"]["has_pdf"]
    assert bytes(req.gpmi_pdf).startswith(b"%PDF")
    inbound = InboundReportRequest.objects.get()
    assert (inbound.ocmw.nis_code, inbound.from_nis, inbound.with_gpmi) == ("24062", "92094", True)
    # Both sides log and audit.
    export = AuditEntry.objects.get(action="export", object_type="social_report")
    assert export.ocmw_id == jan.ocmw_id and export.subject_person_id == jan.pk
    received = AuditEntry.objects.get(action="create", object_type="social_report", user=None)
    assert received.ocmw_id == jan_in_b.ocmw_id
    assert ExchangeLog.objects.filter(ocmw_id=jan.ocmw_id, direction="out").exists()
    assert ExchangeLog.objects.filter(ocmw_id=jan_in_b.ocmw_id, channel="social_report_in").exists()


def test_without_consent_no_gpmi_part(actor_a, actor_b, jan, jan_in_b, granted, gpmi_with_pdf,
                                      ask):  # fmt: skip
    gpmi.record_consent(actor_a, jan, status="given", on=date(2026, 3, 2), legal_basis="gdpr_6_1_a")
    gpmi.record_consent(actor_a, jan, status="withdrawn", on=date(2026, 6, 1),
                        legal_basis="gdpr_6_1_a")  # fmt: skip
    req = ask(actor_b, jan_in_b, "24062")
    assert req.status == "answered" and req.report["gpmi"] is None and req.gpmi_pdf is None
    assert len(req.report["decisions"]) == 1


def test_without_a_request_nothing_leaves(actor_a, jan, granted):
    assert cycle() == {"answered": 0, "sent": 0, "delivered": 0, "failed": 0}
    assert InboundReportRequest.objects.count() == 0
    assert not AuditEntry.objects.filter(action="export", object_type="social_report").exists()


def test_an_unknown_person_is_answered_as_unknown(actor_b, jan_in_b, ask):
    # Requested from A, which has no file of this person.
    from openocmw.accounts.models import Ocmw

    Ocmw.objects.create(name_nl="OCMW Gent", name_fr="CPAS de Gand", nis_code="44021",
                        region="flanders")  # fmt: skip
    req = ask(actor_b, jan_in_b, "44021")
    assert req.status == "answered" and req.report == {
        "status": "unknown",
        "decisions": [],
        "gpmi": None,
    }
    assert InboundReportRequest.objects.get().status == "unknown"


def test_request_needs_an_open_file_and_a_known_ocmw(actor_b, jan):
    stranger = registry.create_person(actor_b, person_data(first_name="Luc"), status="belgian",
                                      status_from=date(1985, 7, 30))  # fmt: skip
    with pytest.raises(ValidationError, match="open dossier"):
        socialreport.request_report(actor_b, stranger, to_nis="24062")
    with pytest.raises(ValidationError) as exc:
        socialreport.request_report(actor_b, stranger, to_nis="99999")
    assert "to_nis" in exc.value.message_dict
    with pytest.raises(ValidationError):
        socialreport.request_report(actor_b, stranger, to_nis="9209")
    assert SocialReportRequest.objects.count() == 0


def _signed_request(jan_in_b) -> bytes:
    req = SocialReportRequest(ocmw=jan_in_b.ocmw, person=jan_in_b, to_nis="24062",
                              message_id="SR-TEST-000000001")  # fmt: skip
    return socialreport.request_bytes(req)


def test_a_tampered_message_is_refused_and_logged(jan, jan_in_b):
    data = _signed_request(jan_in_b)
    signature = signing.sign(data)
    tampered = data.replace(jan.insz.encode(), b"85073003429")
    with pytest.raises(socialreport.Refused) as exc:
        socialreport.receive(tampered, signature, "92094")
    assert (exc.value.reason, exc.value.status) == ("bad signature", 403)
    assert InboundReportRequest.objects.count() == 0
    assert ExchangeLog.objects.get(outcome="refused").reason == "bad signature"
    assert AuditEntry.objects.filter(action="denied", object_type="exchange_message").count() == 1
    with pytest.raises(socialreport.Refused, match="unknown sender"):
        socialreport.receive(data, signature, "11111")


def test_a_replayed_message_is_refused(jan_in_b):
    data = _signed_request(jan_in_b)
    signature = signing.sign(data)
    assert socialreport.receive(data, signature, "92094") == "SocialReportRequest"
    with pytest.raises(socialreport.Refused) as exc:
        socialreport.receive(data, signature, "92094")
    assert exc.value.status == 409 and "replayed" in exc.value.reason
    assert InboundReportRequest.objects.count() == 1


def test_a_stale_or_invalid_message_is_refused(jan_in_b):
    data = _signed_request(jan_in_b).replace(b"<Timestamp>2026", b"<Timestamp>2025")
    with pytest.raises(socialreport.Refused, match="timestamp"):
        socialreport.receive(data, signing.sign(data), "92094")
    junk = b"<SocialReportRequest>"
    with pytest.raises(socialreport.Refused, match="not well-formed"):
        socialreport.receive(junk, signing.sign(junk), "92094")
    assert InboundReportRequest.objects.count() == 0
    assert ExchangeLog.objects.filter(outcome="refused").count() == 2
