"""Seeding and reading one installation of the two-installation test (run inside it with
``openocmw manage shell -c``). Not a test module: imported by the installation's process."""

from __future__ import annotations

import json
from datetime import date

from openocmw.accounts.models import Membership, Ocmw, Role, User
from openocmw.accounts.tenancy import Actor

PASSWORD = "pw-for-tests"


def _actor(ocmw, role, name) -> Actor:
    user = User.objects.create_user(username=name, password=PASSWORD)
    membership = Membership.objects.create(user=user, ocmw=ocmw, role=role)
    return Actor(user=user, membership=membership)


def _person(actor, first, insz, language="nl"):
    from openocmw.registry import services as registry

    return registry.create_person(actor, {
        "insz": insz, "first_name": first, "last_name": "Peeters", "birth_date": date(1985, 7, 30),
        "sex": "M", "nationality": "BE", "language": language, "street": "Kerkstraat",
        "house_number": "12", "postal_code": "3000", "municipality": "Leuven",
    }, status="belgian", status_from=date(1985, 7, 30))  # fmt: skip


def seed_a(jan_insz: str, marc_insz: str) -> None:
    """OCMW Leuven with Jan (a leefloon, a GPMI, consent given) and Marc (a GPMI, no consent)."""
    from openocmw.casework import services as casework
    from openocmw.gpmi import services as gpmi
    from tests.exchange.conftest import SINGLE_2026, decide
    from tests.gpmi.conftest import start_balance

    ocmw = Ocmw.objects.create(name_nl="OCMW Leuven", name_fr="CPAS de Louvain", nis_code="24062",
                               region="flanders")  # fmt: skip
    sw = _actor(ocmw, Role.SOCIAL_WORKER, "a-sw")
    lead = _actor(ocmw, Role.TEAM_LEAD, "a-lead")
    council = _actor(ocmw, Role.COUNCIL_MEMBER, "a-council")
    for first, insz, consent in (("Jan", jan_insz, True), ("Marc", marc_insz, False)):
        person = _person(sw, first, insz)
        req = casework.register_request(sw, person, received_on=date(2026, 2, 16),
                                        kind="leefloon", channel="counter")  # fmt: skip
        decide(sw, lead, council, req, casework.ProposalInput(
            kind="grant", effective_from=date(2026, 3, 1), situation=SINGLE_2026,
            motivation=f"{first}: alleenstaande zonder inkomen.",
        ), date(2026, 2, 25))  # fmt: skip
        g = gpmi.draft_gpmi(sw, person, {
            "kind": "general", "start": date(2026, 3, 1), "end": date(2027, 2, 28),
            "goals": ["Werk zoeken"], "person_commitments": "Solliciteren.",
            "ocmw_commitments": "Begeleiding.", "support": "", "facts": {},
        })  # fmt: skip
        start_balance(sw, g, date(2026, 3, 1))  # no contract without a start social balance
        gpmi.validate_contract(sw, gpmi.latest_version(g), person_signed_on=date(2026, 3, 2),
                               person_signatory=first, ocmw_signed_on=date(2026, 3, 2),
                               ocmw_signatory="Sara")  # fmt: skip
        if consent:
            gpmi.record_consent(sw, person, status="given", on=date(2026, 3, 2),
                                legal_basis="gdpr_6_1_a")  # fmt: skip


def seed_b(jan_insz: str, marc_insz: str) -> None:
    """OCMW Namur: Jan and Marc moved in and asked for help; B requests their reports."""
    from openocmw.casework import services as casework
    from openocmw.exchange.services import socialreport

    ocmw = Ocmw.objects.create(name_nl="OCMW Namen", name_fr="CPAS de Namur", nis_code="92094",
                               region="wallonia")  # fmt: skip
    sw = _actor(ocmw, Role.SOCIAL_WORKER, "b-sw")
    for first, insz in (("Jan", jan_insz), ("Marc", marc_insz)):
        person = _person(sw, first, insz, "fr")
        casework.register_request(sw, person, received_on=date(2026, 11, 20), kind="leefloon",
                                  channel="counter")  # fmt: skip
        socialreport.request_report(sw, person, to_nis="24062")


def state() -> None:
    from openocmw.accounts.models import AuditEntry
    from openocmw.exchange.models import ExchangeLog, InboundReportRequest, SocialReportRequest

    print("STATE " + json.dumps({
        "requests": [
            {"first": r.person.first_name, "status": r.status, "report": r.report,
             "pdf": bool(r.gpmi_pdf) and bytes(r.gpmi_pdf).startswith(b"%PDF")}
            for r in SocialReportRequest.objects.select_related("person").order_by("pk")
        ],
        "inbound": [
            {"insz": i.insz, "status": i.status, "gpmi": i.with_gpmi,
             "delivered": i.delivered_at is not None}
            for i in InboundReportRequest.objects.order_by("pk")
        ],
        "log": [[x.channel, x.direction, x.outcome, x.reason]
                for x in ExchangeLog.objects.order_by("pk")],
        "audit": sorted({f"{e.action}:{e.object_type}" for e in AuditEntry.objects.all()}),
    }, default=str))  # fmt: skip
