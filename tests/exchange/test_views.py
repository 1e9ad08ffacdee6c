"""The pages of the exchange app: the e-box and a warning, consultation, values to confirm,
reported changes, the social report and the inspection register. Bad input answers with an
error on the field and changes nothing; other roles and other OCMWs see nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from openocmw.casework import services as casework
from openocmw.exchange.adapters import MemoryAdapter
from openocmw.exchange.models import Consultation, FlowRecord, FlowWarning, Mutation, Prefill
from openocmw.exchange.services import crosschecks

from .conftest import fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def warning(granted, jan):
    FlowRecord.objects.create(source="unemployment", insz=jan.insz, month=date(2026, 3, 1),
                              field="unemployment_benefit", amount=Decimal("900.00"),
                              message_id="FLOW-TEST-0001")  # fmt: skip
    crosschecks.run(date(2026, 3, 1))
    return FlowWarning.objects.get()


def test_ebox_lists_the_warning_with_its_facts(client_for, warning):
    page = client_for("a", "social_worker").get(reverse("exchange_ebox"))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("Peeters Jan", "03/2026", "900,00", "0,00", "werkloosheidsuitkering"):
        assert text in html
    other = client_for("b", "social_worker").get(reverse("exchange_ebox"))
    assert "Peeters" not in other.content.decode()
    for role in ("security_adviser", "ocmw_admin", "federal_inspector"):
        assert client_for("a", role).get(reverse("exchange_ebox")).status_code == 403


def test_resolving_on_the_page(client_for, warning):
    client = client_for("a", "social_worker")
    url = reverse("exchange_warning", args=[warning.pk])
    bad = client.post(url, {"action": "resolve", "outcome": "justified", "reason": ""})
    assert bad.status_code == 400
    assert "Zeg waarom" in bad.content.decode() or "reason" in bad.content.decode()
    warning.refresh_from_db()
    assert warning.status == "open"
    done = client.post(url, {"action": "resolve", "outcome": "corrected", "reason": "Gemeld."})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="recovery"' in page
    assert client_for("b", "social_worker").get(url).status_code == 404
    assert client.get(reverse("exchange_warning", args=[999999])).status_code == 404


def test_consultation_page_refuses_without_open_file_and_consults_with_one(client_for, jan):
    client = client_for("a", "social_worker")
    url = reverse("exchange_consult", args=[jan.pk])
    data = {"source": "unemployment", "purpose": "investigation", "legal_basis": "ri_art19"}
    refused = client.post(url, data)
    assert refused.status_code == 400 and Consultation.objects.count() == 0
    req = casework.register_request(_actor(jan), jan, received_on=date(2026, 4, 1),
                                    kind="leefloon", channel="counter")  # fmt: skip
    MemoryAdapter.replies[("unemployment", jan.insz)] = fixture("unemployment.xml", jan.insz)
    ok = client.post(url, data | {"request": str(req.pk)})
    assert ok.status_code == 200
    c = Consultation.objects.get()
    assert c.access_code in ok.content.decode()
    prefill_url = reverse("exchange_prefill", args=[req.pk])
    page = client.get(prefill_url).content.decode()
    assert "900,00" in page and "10/04/2026" in page  # value, source's date
    p = Prefill.objects.get(amount=900)
    assert client.post(prefill_url, {"prefill": p.pk, "action": "confirm"}).status_code == 302
    p.refresh_from_db()
    assert p.status == "confirmed"
    calc = client.get(reverse("exchange_calculator", args=[req.pk]))
    assert calc.status_code == 200
    assert 'name="res-0-amount" value="900,0"' in calc.content.decode()
    bad = client.post(url, {"source": "x", "purpose": "", "legal_basis": ""})
    assert bad.status_code == 400
    assert client.get(reverse("exchange_consult", args=[10**9])).status_code == 404


def _actor(person):
    from openocmw.accounts.models import Membership
    from openocmw.accounts.tenancy import Actor

    m = Membership.objects.get(ocmw_id=person.ocmw_id, role="social_worker")
    return Actor(user=m.user, membership=m)


def test_mutation_pages(client_for, jan):
    m = Mutation.objects.create(ocmw_id=jan.ocmw_id, person=jan, source="national_register",
                                kind="address", effective_on=date(2026, 4, 1), message_id="MUT-1",
                                data={"street": "Naamsestraat", "house_number": "80", "box": "",
                                      "postal_code": "3000", "municipality": "Leuven"})  # fmt: skip
    client = client_for("a", "social_worker")
    assert "Naamsestraat" in client.get(reverse("exchange_mutations")).content.decode()
    url = reverse("exchange_mutation_decide", args=[m.pk])
    client.post(url, {"action": "reject", "reason": ""})
    m.refresh_from_db()
    assert m.status == "proposed"
    client.post(url, {"action": "accept"})
    m.refresh_from_db()
    jan.refresh_from_db()
    assert m.status == "accepted" and jan.street == "Naamsestraat"
    assert client_for("b", "social_worker").post(url, {"action": "accept"}).status_code == 404


def test_social_report_page_and_inspection_register(client_for, jan, warning):
    client = client_for("a", "social_worker")
    url = reverse("exchange_social_report", args=[jan.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"to_nis": "12"})
    assert bad.status_code == 400
    own = client.post(url, {"to_nis": "24062"})
    assert own.status_code == 400
    lead = client_for("a", "team_lead").get(reverse("exchange_inspection"))
    assert lead.status_code == 200 and "2026" in lead.content.decode()
    inspector = client_for("a", "federal_inspector").get(reverse("exchange_inspection"))
    assert inspector.status_code == 200 and "&lt; 5" in inspector.content.decode()
    assert (
        client_for("a", "security_adviser").get(reverse("exchange_inspection")).status_code == 403
    )


def test_api_warnings_and_messages(client_for, warning):
    client = client_for("a", "social_worker")
    rows = client.get("/api/v1/exchange/warnings").json()
    assert rows[0]["reported"] == "900.00" and rows[0]["mismatch"] == "income"
    assert client_for("b", "social_worker").get("/api/v1/exchange/warnings").json() == []
    bad = client.get("/api/v1/exchange/warnings?limit=x")
    assert bad.status_code == 400
    refused = client.post("/api/v1/exchange/messages", data=b"<x/>", content_type="application/xml",
                          HTTP_X_EXCHANGE_SENDER="92094", HTTP_X_EXCHANGE_SIGNATURE="AAAA")  # fmt: skip
    assert refused.status_code == 403
    assert client.get("/api/v1/exchange/messages").status_code == 405
