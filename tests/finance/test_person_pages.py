"""The person's finance page: suspensions and sanctions, recovery claims (open, repaid, a claim
larger than what was paid refused on the field), and the exemption clock; scoped, audited,
errors naming the field in the user's language with the values kept."""

from datetime import date
from decimal import Decimal

import pytest

from openocmw.accounts.models import AuditEntry, Role
from openocmw.finance.fixtures import make_decision
from openocmw.finance.models import RecoveryClaim, SpiUse, Suspension
from openocmw.finance.services import runs


@pytest.fixture
def paid(actor_a, jan, account_jan):
    grant = make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    runs.start_run(actor_a, date(2026, 3, 1))
    return grant


@pytest.mark.parametrize(("language", "message"), [
    ("nl", "meer dan"), ("fr", "dépasse"), ("de", "ist mehr")])  # fmt: skip
def test_a_claim_larger_than_what_was_paid_is_refused_on_the_field(
    client_for, jan, paid, language, message
):
    c = client_for("a", Role.SOCIAL_WORKER, language)
    page = c.post(f"/finance/persons/{jan.pk}/claims/", {
        "c-decision": paid.pk, "decision": paid.pk, "period_start": "2026-03-01",
        "period_end": "2026-03-31", "amount": "1000,01", "origin": "crosscheck",
        "reference": "kruiscontrole 7"})  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="id_c_amount-error"' in html and message in html.lower()
    assert 'value="kruiscontrole 7"' in html and 'value="1000,01"' in html  # nothing lost
    assert not RecoveryClaim.objects.exists()


def test_a_claim_opened_then_repaid(client_for, jan, paid):
    c = client_for("a", Role.SOCIAL_WORKER)
    r = c.post(f"/finance/persons/{jan.pk}/claims/", {
        "decision": paid.pk, "period_start": "2026-03-01", "period_end": "2026-03-31",
        "amount": "300,00", "origin": "crosscheck", "instalment": "50,00"})  # fmt: skip
    assert r.status_code == 302
    claim = RecoveryClaim.objects.get()
    assert (claim.amount, claim.instalment) == (Decimal("300.00"), Decimal("50.00"))
    r = c.post(f"/finance/persons/{jan.pk}/claims/{claim.pk}/repay/", {"amount": "400"})
    claim.refresh_from_db()
    assert r.status_code == 400 and claim.recovered == 0  # more than what is left: refused
    c.post(f"/finance/persons/{jan.pk}/claims/{claim.pk}/repay/", {"amount": "300,00"})
    claim.refresh_from_db()
    assert (claim.recovered, claim.state) == (Decimal("300.00"), "settled")
    assert "300,00" in c.get(f"/finance/persons/{jan.pk}/").content.decode()


@pytest.mark.parametrize(("language", "field", "message"), [
    ("nl", "Terugbetaald bedrag (EUR)", "Meer dan wat nog terug te vorderen is (300.00 EUR)"),
    ("fr", "Montant remboursé (EUR)", "Plus que ce qui reste à récupérer (300.00 EUR)"),
    ("de", "Zurückgezahlter Betrag (EUR)", "Mehr als noch zurückzufordern ist (300.00 EUR)"),
])  # fmt: skip
def test_a_refused_repayment_keeps_the_typed_amount_and_names_the_field(
    client_for, jan, paid, language, field, message
):
    claim = RecoveryClaim.objects.create(
        ocmw_id=jan.ocmw_id, person=jan, decision=paid, chain_id=paid.pk,
        period_start=date(2026, 3, 1), period_end=date(2026, 3, 31), amount=Decimal("300.00"),
        origin="crosscheck")  # fmt: skip
    c = client_for("a", Role.SOCIAL_WORKER, language)
    url = f"/finance/persons/{jan.pk}/claims/{claim.pk}/repay/"
    page = c.post(url, {"amount": "400,50"})
    html = page.content.decode()
    assert page.status_code == 400
    assert f'id="repay-{claim.pk}"' in html and 'value="400,50"' in html  # nothing lost
    assert f'<p class="error" id="repay-{claim.pk}-error" role="alert">{field}: {message}' in html
    assert f'aria-describedby="repay-{claim.pk}-error"' in html
    bad = c.post(url, {"amount": "twee honderd"})
    assert bad.status_code == 400 and 'value="twee honderd"' in bad.content.decode()
    claim.refresh_from_db()
    assert claim.recovered == 0 and not claim.recoveries.exists()  # nothing changed


def test_a_sanction_is_saved_and_an_inverted_period_refused(client_for, jan, paid):
    c = client_for("a", Role.SOCIAL_WORKER)
    url = f"/finance/persons/{jan.pk}/suspensions/"
    bad = c.post(url, {"decision": paid.pk, "start": "2026-04-10", "end": "2026-04-01",
                       "basis": "art30_2", "reference": "GPMI-breuk"})  # fmt: skip
    assert bad.status_code == 400 and 'id="id_s_end-error"' in bad.content.decode()
    assert 'value="GPMI-breuk"' in bad.content.decode() and not Suspension.objects.exists()
    ok = c.post(url, {"decision": paid.pk, "start": "2026-04-01", "end": "2026-04-10",
                      "basis": "art30_2"})  # fmt: skip
    assert ok.status_code == 302
    assert Suspension.objects.get().chain_id == paid.pk
    assert AuditEntry.objects.filter(object_type="suspension", action="create").exists()


def test_the_exemption_clock_on_the_page(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    url = f"/finance/persons/{jan.pk}/exemption/"
    bad = c.post(url, {"month": "2026-02", "days_used": "40"})
    assert bad.status_code == 400 and 'id="id_e_days_used-error"' in bad.content.decode()
    assert c.post(url, {"month": "2026-02", "days_used": "12"}).status_code == 302
    assert SpiUse.objects.get().days_used == 12
    assert '<dd id="spi-days">12</dd>' in c.get(f"/finance/persons/{jan.pk}/").content.decode()


def test_another_ocmw_cannot_post_on_the_person(client_for, jan, paid):
    c = client_for("b", Role.SOCIAL_WORKER)
    r = c.post(f"/finance/persons/{jan.pk}/suspensions/", {
        "decision": paid.pk, "start": "2026-04-01", "end": "2026-04-10", "basis": "art30_1"})  # fmt: skip
    assert r.status_code == 404 and not Suspension.objects.exists()
