"""The adapters and the message schemas: one fixture reply per source, valid and invalid;
the file adapter, the test adapter, and the network adapter against a stub on 127.0.0.1."""

from __future__ import annotations

import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from openocmw.exchange import messages
from openocmw.exchange.adapters import (
    SERVICES,
    AdapterError,
    FileAdapter,
    MemoryAdapter,
    NetworkAdapter,
    Query,
    adapter_for,
)
from openocmw.exchange.models import Source

from .conftest import FIXTURES, fixture

SSIN = "85073003328"


def query(source="unemployment", insz=SSIN) -> Query:
    return Query(source=source, insz=insz, start=date(2026, 1, 1), end=date(2026, 3, 31),
                 purpose="investigation", legal_basis="ri_art19", access_code="AC-TEST-0001",
                 user="a-social_worker", nis="24062")  # fmt: skip


def test_every_source_has_an_adapter_service_schema_and_fixture():
    assert set(SERVICES) == set(Source.values) == set(messages.REPLY_ROOTS)
    for source in Source.values:
        reply = messages.parse_reply(source, fixture(f"{source}.xml"))
        assert reply["ssin"] == SSIN
        assert reply["message_id"] == "KSZ-FIXTURE-0001"


def test_fixture_facts_are_read_as_the_sources_report_them():
    unemployment = messages.parse_reply("unemployment", fixture("unemployment.xml"))
    assert {
        "field": "unemployment_benefit",
        "month": "2026-03",
        "amount": "900.00",
    } in unemployment["facts"]
    employment = messages.parse_reply("employment", fixture("employment.xml"))["facts"]
    assert {
        "field": "wages",
        "month": "2026-03",
        "amount": "640.00",
        "value": "0123456749",
    } in employment
    register = messages.parse_reply("national_register", fixture("national_register.xml"))["facts"]
    address = next(f for f in register if f["field"] == "address")
    assert (address["street"], address["nis_code"], address["since"]) == (
        "Naamsestraat",
        "24062",
        "2026-02-01",
    )
    assert messages.parse_reply("foreigners", fixture("foreigners.xml"))["status"] == "unknown"
    attests = messages.parse_reply("attests", fixture("attests.xml"))["facts"]
    assert attests[0]["value"] == "92094"


@pytest.mark.parametrize(
    ("name", "source", "reason"),
    [
        ("unemployment_negative.xml", "unemployment", "greater or equal"),
        ("national_register_bad_ssin.xml", "national_register", "Ssin"),
        ("pensions_unknown_element.xml", "pensions", "Bonus"),
        ("tax_malformed.xml", "tax", "not well-formed"),
        ("health_insurance_wrong_root.xml", "health_insurance", "expected HealthInsuranceReply"),
    ],
)
def test_invalid_fixtures_are_refused_with_their_reason(name, source, reason):
    with pytest.raises(messages.MessageError) as exc:
        messages.parse_reply(source, (FIXTURES / "invalid" / name).read_bytes())
    assert reason in str(exc.value)


def test_entities_and_other_namespaces_are_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'
    with pytest.raises(messages.MessageError, match="not well-formed"):
        messages.validate(bomb)
    with pytest.raises(messages.MessageError, match="namespace"):
        messages.validate(b"<UnemploymentReply/>")


def test_file_adapter_reads_the_file_of_the_person(exchange_settings):
    folder = exchange_settings["FLOWS_DIR"] / "unemployment"
    folder.mkdir(parents=True)
    (folder / f"{SSIN}.xml").write_bytes(fixture("unemployment.xml"))
    data = FileAdapter().consult(query())
    assert messages.parse_reply("unemployment", data)["facts"][1]["amount"] == "900.00"
    unknown = messages.parse_reply("unemployment", FileAdapter().consult(query(insz="85073003429")))
    assert unknown["status"] == "unknown" and unknown["facts"] == []


def test_the_test_adapter_is_chosen_by_the_setting_and_answers_registered_replies():
    MemoryAdapter.replies[("pensions", SSIN)] = fixture("pensions.xml")
    adapter = adapter_for("pensions")
    assert isinstance(adapter, MemoryAdapter)
    assert (
        messages.parse_reply("pensions", adapter.consult(query("pensions")))["facts"][0]["amount"]
        == "412.50"
    )
    assert MemoryAdapter.queries[-1].access_code == "AC-TEST-0001"


class Stub(BaseHTTPRequestHandler):
    """A stand-in for the KSZ on the loopback: checks the request against its schema."""

    answer: bytes = b""
    status: int = 200
    received: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Stub.received.append((self.headers.get("SOAPAction"), body))
        self.send_response(self.status)
        self.send_header("Content-Type", "text/xml")
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Stub.received, Stub.status = [], 200
    yield f"http://127.0.0.1:{server.server_address[1]}/ksz"
    server.shutdown()
    server.server_close()


def soap(inner: bytes) -> bytes:
    inner = inner.split(b"?>", 1)[1]
    return (b'<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'
            b"<s:Body>" + inner + b"</s:Body></s:Envelope>")  # fmt: skip


def test_network_adapter_sends_a_valid_request_and_reads_the_reply(stub):
    Stub.answer = soap(fixture("unemployment.xml"))
    data = NetworkAdapter(url=stub).consult(query())
    assert messages.parse_reply("unemployment", data)["facts"][1]["amount"] == "900.00"
    action, body = Stub.received[0]
    assert action == "OCMWCPASUnemploymentData"
    # The request inside the envelope is valid against its schema and carries the context.
    request = soap_body(body)
    root = messages.validate(request, "SSDNRequest")
    # The structure of the KSZ's SSDNRequest.xsd: RequestContext/AuthorizedUser, the sector
    # matrix 17.1 of the OCMWs, the message reference, one ServiceRequest with its body.
    q = "/".join(f"{{{messages.NS}}}{tag}" for tag in ("RequestContext", "AuthorizedUser",
                                                         "MatrixID"))  # fmt: skip
    assert root.find(q).text == "17"
    body = root.find(f"{{{messages.NS}}}ServiceRequest/{{{messages.NS}}}ConsultRequest")
    assert body.find(f"{{{messages.NS}}}SSIN").text == SSIN
    assert len(root.find(f"{{{messages.NS}}}ServiceRequest/{{{messages.NS}}}Version").text) == 8
    assert b"AC-TEST-0001" in request and b"ri_art19" in request


def soap_body(envelope: bytes) -> bytes:
    start = envelope.index(b"<SSDNRequest")
    end = envelope.index(b"</SSDNRequest>") + len(b"</SSDNRequest>")
    return b'<?xml version="1.0"?>' + envelope[start:end]


def test_network_adapter_refusals(stub):
    Stub.answer = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
                   b"<s:Fault><faultcode>s:Client</faultcode><faultstring>no integration in the "
                   b"directory of references</faultstring></s:Fault></s:Body></s:Envelope>")  # fmt: skip
    with pytest.raises(AdapterError, match="directory of references"):
        NetworkAdapter(url=stub).consult(query())
    Stub.status, Stub.answer = 500, b"oops"
    with pytest.raises(AdapterError, match="HTTP 500"):
        NetworkAdapter(url=stub).consult(query())
    Stub.status, Stub.answer = 200, b"<not xml"
    with pytest.raises(AdapterError, match="not well-formed"):
        NetworkAdapter(url=stub).consult(query())
    # An invalid reply in a good envelope: the adapter returns it, the schema refuses it.
    Stub.answer = soap((FIXTURES / "invalid" / "unemployment_negative.xml").read_bytes())
    with pytest.raises(messages.MessageError):
        messages.parse_reply("unemployment", NetworkAdapter(url=stub).consult(query()))
    with pytest.raises(AdapterError, match="cannot be reached"):
        NetworkAdapter(url="http://127.0.0.1:9/ksz", timeout=2).consult(query())
