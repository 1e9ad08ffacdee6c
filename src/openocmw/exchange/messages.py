"""The XML messages of the flows: their schemas, validation, reading and writing.

Every message that comes in or goes out is validated against its XML Schema (``schemas/``,
one per message) with ``xmlschema``; a message that is not well-formed or not valid raises
:class:`MessageError` with the reason, and nothing is read from it. Parsing is defused (no
entities, no external resources) and a message over :data:`MAX_BYTES` is refused unread.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import xmlschema

NS = "http://openocmw.be/xsd/exchange/1"
SCHEMAS = Path(__file__).with_name("schemas")
MAX_BYTES = 50 * 1024 * 1024

# The root element of each source's reply (one schema file per source).
REPLY_ROOTS = {
    "national_register": "NationalRegisterReply",
    "unemployment": "UnemploymentReply",
    "pensions": "PensionReply",
    "disability": "DisabilityReply",
    "health_insurance": "HealthInsuranceReply",
    "tax": "TaxAssessmentReply",
    "job_seeker": "JobSeekerReply",
    "self_employed": "SelfEmployedReply",
    "social_tariff": "SocialTariffReply",
    "foreigners": "ForeignersReply",
    "employment": "EmploymentReply",
    "attests": "AttestsReply",
}
# Other messages: root element -> schema file.
MESSAGE_SCHEMAS = {
    "SSDNRequest": "consultation_request",
    "MutationFeed": "mutation_feed",
    "MonthlyFlow": "monthly_flow",
    "SocialReportRequest": "social_report",
    "SocialReportResponse": "social_report",
    **{root: source for source, root in REPLY_ROOTS.items()},
}
# The resource kinds of the rules (situation_schema.json) a flow's amount pre-fills.
RESOURCE_FIELDS = {
    "unemployment": "unemployment_benefit",
    "pensions": "pension",
    "disability": "other_benefit",
    "employment": "wages",
}


class MessageError(ValueError):
    """A message that is malformed, invalid against its schema, or of an unexpected kind."""


@lru_cache(maxsize=32)
def schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / f"{name}.xsd"))


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def validate(data: bytes, expected: str | tuple[str, ...] | None = None) -> ET.Element:
    """The root element of ``data`` once it is well-formed and valid against its schema."""
    if not isinstance(data, bytes | bytearray):
        raise MessageError("the message is not bytes")
    if len(data) > MAX_BYTES:
        raise MessageError(f"the message is larger than {MAX_BYTES} bytes")
    try:
        resource = xmlschema.XMLResource(bytes(data), defuse="always", allow="none")
    except (xmlschema.XMLResourceError, ET.ParseError, ValueError) as exc:
        raise MessageError(f"not well-formed XML: {str(exc).splitlines()[0][:200]}") from None
    root = resource.root
    if not root.tag.startswith(f"{{{NS}}}"):
        raise MessageError(f"unexpected namespace of the root element {root.tag[:120]}")
    name = local(root.tag)
    expected_names = (expected,) if isinstance(expected, str) else expected
    if expected_names and name not in expected_names:
        raise MessageError(f"expected {' or '.join(expected_names)}, got {name}")
    if name not in MESSAGE_SCHEMAS:
        raise MessageError(f"unknown message {name}")
    errors = list(schema(MESSAGE_SCHEMAS[name]).iter_errors(resource))
    if errors:
        first = errors[0]
        where = getattr(first, "path", "") or ""
        reason = getattr(first, "reason", None) or str(first).splitlines()[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise MessageError(f"not valid against its schema at {where}: {reason}{more}"[:480])
    return root


def new_id(prefix: str = "OO") -> str:
    return f"{prefix}-{datetime.now(UTC):%Y%m%d%H%M%S}-{secrets.token_hex(8)}"


def text(el: ET.Element | None, tag: str, default: str = "") -> str:
    child = el.find(q(tag)) if el is not None else None
    return (child.text or "").strip() if child is not None else default


def _period(el: ET.Element) -> dict:
    return {"from": text(el, "From"), "until": text(el, "Until") or None}


def month_start(value: str) -> date:
    year, month = value[:7].split("-")
    return date(int(year), int(month), 1)


# --- replies of the sources --------------------------------------------------------------


def parse_reply(source: str, data: bytes) -> dict:
    """``{"message_id", "date", "ssin", "status", "facts": [...]}`` of a valid reply.

    A fact is a dict with ``field`` and what that field carries: a monthly ``amount`` with its
    ``month`` for incomes, ``value`` for a code, ``from``/``until`` for a status.
    """
    root = validate(data, REPLY_ROOTS[source])
    out = {
        "message_id": root.get("messageId"),
        "date": root.get("date"),
        "ssin": text(root, "Ssin"),
        "status": text(root, "Status"),
        "facts": [],
    }
    facts = out["facts"]
    field = RESOURCE_FIELDS.get(source)
    if source in ("unemployment", "pensions"):
        for p in root.iter(q("Payment")):
            facts.append({"field": field, "month": p.get("month"), "amount": p.get("amount")})
    elif source == "disability":
        for p in root.iter(q("Allowance")):
            facts.append({"field": field, "month": p.get("month"), "amount": p.get("amount"),
                          "value": p.get("kind")})  # fmt: skip
    elif source == "employment":
        for e in root.iter(q("Employment")):
            employer = text(e, "Employer")
            facts.append({"field": "employment", "value": employer, **_period(e)})
            for w in e.iter(q("Wage")):
                facts.append({"field": "wages", "month": w.get("month"), "amount": w.get("amount"),
                              "value": employer})  # fmt: skip
    elif source == "attests":
        for a in root.iter(q("Attest")):
            facts.append({"field": "ocmw_paying", "month": a.get("month"),
                          "amount": a.get("amount"), "value": a.get("ocmw")})  # fmt: skip
    elif source == "national_register":
        _national_register(root, facts)
    elif source == "health_insurance":
        for i in root.iter(q("Insurability")):
            facts.append({"field": "insurability", "value": text(i, "Mutuality"),
                          "preferential": text(i, "PreferentialTariff") in ("true", "1"),
                          **_period(i)})  # fmt: skip
    elif source == "tax":
        for a in root.iter(q("Assessment")):
            facts.append({"field": "taxable_income", "year": text(a, "IncomeYear"),
                          "amount": text(a, "TaxableIncome"),
                          "assessed_on": text(a, "AssessedOn")})  # fmt: skip
    else:
        tag, value = {
            "job_seeker": ("Registration", "Service"),
            "self_employed": ("Affiliation", "Fund"),
            "social_tariff": ("Entitlement", "Category"),
            "foreigners": ("Residence", "Status"),
        }[source]
        for e in root.iter(q(tag)):
            fact = {"field": source, "value": text(e, value), **_period(e)}
            if source == "foreigners":
                fact["document"] = text(e, "Document")
            facts.append(fact)
    return out


def _national_register(root: ET.Element, facts: list) -> None:
    person = root.find(q("Person"))
    if person is not None:
        facts.append({
            "field": "identity", "last_name": text(person, "LastName"),
            "first_name": text(person, "FirstName"), "birth_date": text(person, "BirthDate"),
            "sex": text(person, "Sex"), "nationality": text(person, "Nationality"),
        })  # fmt: skip
        if text(person, "DeathDate"):
            facts.append({"field": "death", "value": text(person, "DeathDate")})
    address = root.find(q("Address"))
    if address is not None:
        facts.append({"field": "address", **address_of(address)})
    for m in root.iter(q("Member")):
        facts.append({"field": "member", "ssin": text(m, "Ssin"),
                      "relation": text(m, "Relation"), "last_name": text(m, "LastName"),
                      "first_name": text(m, "FirstName"),
                      "birth_date": text(m, "BirthDate")})  # fmt: skip


def address_of(el: ET.Element) -> dict:
    return {
        "street": text(el, "Street"), "house_number": text(el, "HouseNumber"),
        "box": text(el, "Box"), "postal_code": text(el, "PostalCode"),
        "municipality": text(el, "Municipality"), "nis_code": text(el, "NisCode"),
        "since": text(el, "Since"),
    }  # fmt: skip


# --- writing -----------------------------------------------------------------------------


def element(tag: str, parent: ET.Element | None = None, value=None, **attributes) -> ET.Element:
    attrs = {k: str(v) for k, v in attributes.items() if v is not None}
    el = ET.Element(q(tag), attrs) if parent is None else ET.SubElement(parent, q(tag), attrs)
    if value is not None:
        el.text = value.isoformat() if isinstance(value, date) else str(value)
    return el


def to_bytes(root: ET.Element) -> bytes:
    ET.register_namespace("", NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def amount(value) -> str:
    return f"{Decimal(value):.2f}"


def reply(source: str, ssin: str, *, found: bool = True, on: date | None = None,
          message_id: str | None = None) -> ET.Element:  # fmt: skip
    """The head of a reply of ``source`` (for the test adapter, fixtures and the stub)."""
    root = element(REPLY_ROOTS[source], messageId=message_id or new_id("KSZ"),
                   date=(on or date.today()).isoformat())  # fmt: skip
    element("Ssin", root, ssin)
    element("Status", root, "found" if found else "unknown")
    return root


def consultation_request(*, user: str, nis: str, reference: str, service: str, ssin: str,
                         start: date, end: date, purpose: str, legal_basis: str,
                         access_code: str, email: str = "") -> bytes:  # fmt: skip
    """The request the network adapter sends (inside a SOAP envelope), in the structure of the
    KSZ's SSDNRequest (see consultation_request.xsd)."""
    root = element("SSDNRequest")
    context = element("RequestContext", root)
    au = element("AuthorizedUser", context)
    element("UserID", au, user[:100])
    if email:
        element("Email", au, email[:100])
    element("OrgUnit", au, nis)
    element("MatrixID", au, 17)  # the sector of the OCMWs in the KSZ network: 17.1
    element("MatrixSubID", au, 1)
    msg = element("Message", context)
    element("Reference", msg, reference)
    element("TimeRequest", msg, datetime.now(UTC).replace(microsecond=0).isoformat())
    sr = element("ServiceRequest", root)
    element("ServiceId", sr, service)
    element("Version", sr, "20260101")
    body = element("ConsultRequest", sr)
    element("SSIN", body, ssin)
    period = element("Period", body)
    element("StartDate", period, start)
    element("EndDate", period, end)
    element("Purpose", body, purpose)
    element("LegalBasis", body, legal_basis)
    element("AccessCode", body, access_code)
    data = to_bytes(root)
    validate(data, "SSDNRequest")
    return data
