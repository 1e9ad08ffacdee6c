"""The finance API: the care provider's medical look-up, and what that role cannot see."""

import json
from datetime import date

import pytest
from django.test import Client

from openocmw.accounts.models import Role
from openocmw.accounts.tenancy import PERMISSIONS
from openocmw.accounts.tokens import issue_token
from openocmw.finance.models import InvoiceLine
from openocmw.finance.services import medical


def bearer(user, language="nl"):
    token = issue_token(user.memberships.get(), "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def hospital(users):
    return bearer(users[("a", Role.CARE_PROVIDER)])


@pytest.fixture
def med(actor_a, jan):
    return medical.decide(actor_a, jan, basis="urgent", coverage="hospital",
                          start=date(2026, 1, 1), end=date(2026, 6, 30),
                          decided_on=date(2026, 1, 5), patient_contribution_covered=True,
                          conditions="Alleen opname")  # fmt: skip


def test_lookup_gives_the_version_and_its_conditions_only(hospital, jan, med):
    r = hospital.get("/api/v1/finance/medical/lookup", {"insz": jan.insz, "date": "2026-03-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["covered"] is True
    assert body["decision"]["version"] == 1 and body["decision"]["conditions"] == "Alleen opname"
    text = json.dumps(body)
    assert "Peeters" not in text and "Kerkstraat" not in text


def test_lookup_outside_the_period_is_not_covered(hospital, jan, med):
    r = hospital.get("/api/v1/finance/medical/lookup", {"insz": jan.insz, "date": "2026-07-01"})
    assert r.json() == {"covered": False, "decision": None}


def test_lookup_bad_input_names_the_field(hospital):
    r = hospital.get("/api/v1/finance/medical/lookup", {"insz": "12", "date": "yesterday"})
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"insz", "date"} <= fields


def test_invoice_line_split_must_add_up(hospital, med):
    url = "/api/v1/finance/medical/invoice-lines"
    good = {"decision_id": med.pk, "care_date": "2026-02-02", "description": "opname",
            "amount": "300.00", "state_part": "200.00", "ocmw_part": "60.00",
            "patient_part": "40.00"}  # fmt: skip
    bad = dict(good, patient_part="40.01")
    r = hospital.post(url, json.dumps(bad), content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "amount"
    assert not InvoiceLine.objects.exists()
    r = hospital.post(url, json.dumps(good), content_type="application/json")
    assert r.status_code == 201 and r.json()["patient_part"] == "40.00"


@pytest.mark.parametrize("url", ["/api/v1/persons?q=Peeters", "/api/v1/persons/{pk}",
                                 "/api/v1/finance/runs",
                                 "/api/v1/gpmi/statistics?from=2026-01-01&until=2026-06-30"])  # fmt: skip
def test_the_care_provider_sees_nothing_else(hospital, jan, url):
    assert hospital.get(url.format(pk=jan.pk)).status_code in (403, 404)


def test_the_care_provider_holds_only_the_lookup_permission():
    held = {p for p, roles in PERMISSIONS.items() if Role.CARE_PROVIDER in roles}
    assert held == {"medical.lookup"}


def test_a_social_worker_cannot_use_the_lookup(users, jan, med):
    r = bearer(users[("a", Role.SOCIAL_WORKER)]).get(
        "/api/v1/finance/medical/lookup", {"insz": jan.insz, "date": "2026-03-01"}
    )
    assert r.status_code == 403


def test_another_ocmws_hospital_does_not_find_the_patient(users, jan, med):
    r = bearer(users[("b", Role.CARE_PROVIDER)], "fr").get(
        "/api/v1/finance/medical/lookup", {"insz": jan.insz, "date": "2026-03-01"}
    )
    assert r.json()["covered"] is False
