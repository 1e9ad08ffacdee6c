"""Consultation with a purpose (issue 13 §2): an open file or request is needed, purpose and
legal basis are recorded, the access code is in the audit log, and the flows' incomes are
proposed to the investigation and the calculator only once the worker confirms them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import services as casework
from openocmw.exchange.adapters import MemoryAdapter
from openocmw.exchange.models import Consultation, ExchangeLog, Prefill
from openocmw.exchange.services import consult as service
from openocmw.registry import services as registry
from tests.conftest import actor_of, person_data

from .conftest import FIXTURES, fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_request(actor_a, jan):
    return casework.register_request(
        actor_a, jan, received_on=date(2026, 4, 1), kind="leefloon", channel="counter"
    )


def run(actor, person, **over):
    args = {"source": "unemployment", "purpose": "investigation", "legal_basis": "ri_art19"}
    return service.consult(actor, person, **(args | over))


def test_consultation_needs_an_open_file_or_request(actor_a):
    pia = registry.create_person(
        actor_a, person_data(first_name="Pia", sex="F", birth_date=date(1990, 1, 2)),
        status="belgian", status_from=date(1990, 1, 2),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        run(actor_a, pia)
    assert "open dossier of aanvraag" in exc.value.messages[0]
    assert Consultation.objects.count() == 0
    assert ExchangeLog.objects.filter(channel="consultation", outcome="refused",
                                      reason="no open file").count() == 1  # fmt: skip
    denied = AuditEntry.objects.filter(action="denied", object_type="consultation")
    assert denied.get().subject_person_id == pia.pk
    assert MemoryAdapter.queries == []  # nothing was asked of the source


def test_another_ocmw_cannot_consult_for_our_person(actor_b, jan, open_request):
    with pytest.raises(Exception) as exc:
        run(actor_b, jan)
    assert exc.type.__name__ == "DoesNotExist"
    assert MemoryAdapter.queries == []


def test_roles_without_casework_cannot_consult(users, jan, open_request):
    for role in (Role.SECURITY_ADVISER, Role.OCMW_ADMIN, Role.COUNCIL_MEMBER):
        with pytest.raises(PermissionDenied):
            run(actor_of(users[("a", role)]), jan)


def test_purpose_legal_basis_and_access_code_are_recorded_and_audited(actor_a, jan, open_request):
    MemoryAdapter.replies[("unemployment", jan.insz)] = fixture("unemployment.xml", jan.insz)
    c = run(actor_a, jan)
    assert (c.purpose, c.legal_basis, c.request_id) == (
        "investigation",
        "ri_art19",
        open_request.pk,
    )
    assert c.access_code.startswith("AC-")
    assert MemoryAdapter.queries[0].access_code == c.access_code
    assert MemoryAdapter.queries[0].nis == "24062"
    entry = AuditEntry.objects.get(action="view", object_type="consultation")
    assert entry.detail["access_code"] == c.access_code
    assert entry.detail["legal_basis"] == "ri_art19" and entry.subject_person_id == jan.pk
    assert c.reply_date == date(2026, 4, 10)


def test_bad_choices_are_refused_naming_the_field(actor_a, jan, open_request):
    with pytest.raises(ValidationError) as exc:
        run(actor_a, jan, source="astrology", purpose="curiosity", legal_basis="none")
    assert set(exc.value.message_dict) == {"source", "purpose", "legal_basis"}
    assert Consultation.objects.count() == 0


def test_invalid_reply_is_refused_and_logged_nothing_stored(actor_a, jan, open_request):
    bad = (FIXTURES / "invalid" / "unemployment_negative.xml").read_bytes()
    MemoryAdapter.replies[("unemployment", jan.insz)] = bad
    with pytest.raises(ValidationError) as exc:
        run(actor_a, jan)
    assert "source" in exc.value.message_dict
    assert Consultation.objects.count() == 0 and Prefill.objects.count() == 0
    log = ExchangeLog.objects.get(channel="consultation", outcome="refused")
    assert "schema" in log.reason


def test_a_reply_about_someone_else_is_refused(actor_a, jan, open_request):
    MemoryAdapter.replies[("unemployment", jan.insz)] = fixture("unemployment.xml", "85073003429")
    with pytest.raises(ValidationError, match="andere persoon"):
        run(actor_a, jan)
    assert Consultation.objects.count() == 0


def test_incomes_are_proposed_and_count_only_when_confirmed(actor_a, jan, open_request):
    MemoryAdapter.replies[("unemployment", jan.insz)] = fixture("unemployment.xml", jan.insz)
    run(actor_a, jan, start=date(2026, 1, 1), end=date(2026, 3, 31))
    prefills = list(Prefill.objects.order_by("month"))
    assert [(p.kind, p.month, str(p.amount), p.status) for p in prefills] == [
        ("unemployment_benefit", date(2026, 2, 1), "0.00", "pending"),
        ("unemployment_benefit", date(2026, 3, 1), "900.00", "pending"),
    ]
    # Nothing reaches the calculator before the worker confirms.
    situation = service.situation_with_flows(open_request, date(2026, 4, 1))
    assert situation["applicant"].get("resources", []) == []
    service.decide_prefill(actor_a, prefills[1], confirm=True)
    service.decide_prefill(actor_a, prefills[0], confirm=False)
    situation = service.situation_with_flows(open_request, date(2026, 4, 1))
    assert situation["applicant"]["resources"] == [
        {"kind": "unemployment_benefit", "amount": 900.0, "period": "month"}
    ]
    with pytest.raises(ValidationError, match="al beslist"):
        service.decide_prefill(actor_a, prefills[1], confirm=False)


def test_a_person_unknown_to_the_source_gives_an_empty_result(actor_a, jan, open_request):
    c = run(actor_a, jan, source="foreigners")
    assert c.facts == [] and Prefill.objects.count() == 0


def test_a_decision_in_force_is_an_open_file(actor_a, granted, jan):
    MemoryAdapter.replies[("pensions", jan.insz)] = fixture("pensions.xml", jan.insz)
    c = run(actor_a, jan, source="pensions", purpose="review")
    assert c.request is None and c.facts[0]["amount"] == "412.50"
