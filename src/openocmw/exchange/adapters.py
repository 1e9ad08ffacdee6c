"""One interface for every federal source, and three adapters behind it.

``adapter_for(source).consult(query)`` returns the reply's bytes; the caller validates and
reads them with :func:`openocmw.exchange.messages.parse_reply`. The adapters:

- :class:`FileAdapter` (the default): reads ``<FLOWS_DIR>/<source>/<insz>.xml``, files in the
  shape of the real replies (an administrator or a batch puts them there);
- :class:`MemoryAdapter` (``ADAPTER = "test"``): replies registered by the tests;
- :class:`NetworkAdapter` (``ADAPTER = "network"``): posts a SOAP envelope with the
  consultation request to ``NETWORK_URL`` and returns the reply inside the answer's body. A
  real connection to the KSZ needs its certificates and an approved flow; this adapter is
  written against the same interface and tested against a stub server on the loopback.

The service names are those the KSZ publishes for the OCMWs' flows (see
``docs/exchange.md``); the schemas are OpenOCMW's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Protocol

from . import messages
from .conf import options, path

# The KSZ service each source is modelled on (its published name).
SERVICES = {
    "national_register": "OCMWCPASPerformInvestigation",
    "unemployment": "OCMWCPASUnemploymentData",
    "pensions": "OCMWCPASPensionRegister",
    "disability": "OCMWCPASHandiFlux",
    "health_insurance": "OCMWCPASHealthInsurance",
    "tax": "OCMWCPASTaxAssessment",
    "job_seeker": "OCMWCPASJobSeekerRegistration",
    "self_employed": "OCMWCPASSelfEmployed",
    "social_tariff": "OCMWCPASSocialTariff",
    "foreigners": "OCMWCPASForeignersOffice",
    "employment": "OCMWCPASEmploymentDeclarations",
    "attests": "OCMWCPASListOfAttestation",
}
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


class AdapterError(RuntimeError):
    """The source could not be reached or gave no usable answer (the reason is shown)."""


@dataclass(frozen=True)
class Query:
    source: str
    insz: str
    start: date
    end: date
    purpose: str
    legal_basis: str
    access_code: str
    user: str
    nis: str  # the consulting OCMW's NIS code
    email: str = ""  # the user's e-mail address (the KSZ's AuthorizedUser/Email)


class Adapter(Protocol):
    def consult(self, query: Query) -> bytes: ...


class FileAdapter:
    def consult(self, query: Query) -> bytes:
        base = path("FLOWS_DIR") / query.source
        candidate = base / f"{query.insz}.xml"
        if candidate.resolve().parent != base.resolve():
            raise AdapterError("bad file name")
        try:
            return candidate.read_bytes()
        except FileNotFoundError:
            # No file: the source knows nothing of this person (a valid "unknown" reply).
            return messages.to_bytes(messages.reply(query.source, query.insz, found=False))
        except OSError as exc:
            raise AdapterError(
                f"the file of {query.source} cannot be read: {exc.strerror}"
            ) from None


class MemoryAdapter:
    replies: ClassVar[dict[tuple[str, str], bytes]] = {}
    queries: ClassVar[list[Query]] = []

    def consult(self, query: Query) -> bytes:
        self.queries.append(query)
        data = self.replies.get((query.source, query.insz))
        if data is None:
            return messages.to_bytes(messages.reply(query.source, query.insz, found=False))
        return data

    @classmethod
    def reset(cls) -> None:
        cls.replies.clear()
        cls.queries.clear()


class NetworkAdapter:
    def __init__(self, url: str | None = None, timeout: float | None = None):
        self.url = url or options()["NETWORK_URL"]
        self.timeout = float(timeout or options()["NETWORK_TIMEOUT"])

    def envelope(self, query: Query) -> bytes:
        body = messages.consultation_request(
            user=query.user, nis=query.nis, reference=query.access_code,
            service=SERVICES[query.source], ssin=query.insz, start=query.start, end=query.end,
            purpose=query.purpose, legal_basis=query.legal_basis, access_code=query.access_code,
            email=query.email,
        )  # fmt: skip
        inner = body.split(b"?>", 1)[1]
        return (
            b'<?xml version="1.0" encoding="utf-8"?>'
            b'<soapenv:Envelope xmlns:soapenv="' + SOAP.encode() + b'"><soapenv:Body>'
            + inner + b"</soapenv:Body></soapenv:Envelope>"
        )  # fmt: skip

    def consult(self, query: Query) -> bytes:
        import requests

        if not self.url:
            raise AdapterError("no address is configured for the network adapter")
        try:
            response = requests.post(
                self.url, data=self.envelope(query), timeout=self.timeout,
                headers={"Content-Type": "text/xml; charset=utf-8",
                         "SOAPAction": SERVICES[query.source]},
            )  # fmt: skip
        except requests.RequestException as exc:
            raise AdapterError(f"the source cannot be reached: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise AdapterError(f"the source answered HTTP {response.status_code}")
        return unwrap(response.content)


def unwrap(data: bytes) -> bytes:
    """The reply inside a SOAP answer's body, as bytes (a Fault is an AdapterError)."""
    if len(data) > messages.MAX_BYTES:
        raise AdapterError("the answer is too large")
    try:
        import xmlschema

        root = xmlschema.XMLResource(data, defuse="always", allow="none").root
    except Exception:  # noqa: BLE001 - any parse problem is a bad answer
        raise AdapterError("the answer is not well-formed XML") from None
    body = root.find(f"{{{SOAP}}}Body")
    if body is None or len(body) != 1:
        raise AdapterError("the answer has no SOAP body with one reply")
    payload = body[0]
    if payload.tag == f"{{{SOAP}}}Fault":
        raise AdapterError(f"the source refused: {(payload.findtext('faultstring') or '')[:200]}")
    return messages.to_bytes(payload)


ADAPTERS = {"file": FileAdapter, "test": MemoryAdapter, "network": NetworkAdapter}


def adapter_for(source: str) -> Adapter:
    if source not in SERVICES:
        raise AdapterError(f"unknown source {source}")
    name = options()["ADAPTER"]
    if isinstance(name, dict):  # one adapter per source: {"unemployment": "network", ...}
        name = name.get(source, "file")
    return ADAPTERS[name]()
