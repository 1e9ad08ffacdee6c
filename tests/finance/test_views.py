"""The finance pages: start a run, approve it, download the file; bad input; who sees what."""

from datetime import date

import pytest
from openpyxl import load_workbook

from openocmw.accounts.models import Role
from openocmw.finance.fixtures import make_decision
from openocmw.finance.models import BankAccount, PaymentRun


@pytest.fixture
def grant(jan):
    return make_decision(jan, start=date(2026, 3, 1), amount="1000.00")


def test_start_approve_download(client_for, users, grant, account_jan, payer_a):
    worker = client_for("a", Role.SOCIAL_WORKER)
    r = worker.post("/finance/", {"month": "2026-03", "execution_date": "2026-03-02"})
    assert r.status_code == 302
    run = PaymentRun.objects.get()
    page = worker.get(f"/finance/runs/{run.pk}/")
    assert "Peeters" in page.content.decode() and "1000,00" in page.content.decode()  # Dutch format
    lead = client_for("a", Role.TEAM_LEAD)
    assert lead.post(f"/finance/runs/{run.pk}/approve/").status_code == 302
    run.refresh_from_db()
    assert run.state == "approved"
    xml = lead.get(f"/finance/runs/{run.pk}/sepa.xml")
    assert xml.status_code == 200 and b"pain.001.001.03" in xml.content
    assert worker.get(f"/finance/runs/{run.pk}/sepa.xml").status_code == 403


def test_a_month_already_paid_is_a_field_error(client_for, grant):
    worker = client_for("a", Role.SOCIAL_WORKER)
    worker.post("/finance/", {"month": "2026-03", "execution_date": "2026-03-02"})
    r = worker.post("/finance/", {"month": "2026-03", "execution_date": "2026-03-02"})
    assert r.status_code == 400
    assert "already been paid" in r.content.decode() or "al betaald" in r.content.decode()
    assert PaymentRun.objects.count() == 1


def test_bad_month_is_a_field_error(client_for, grant):
    r = client_for("a", Role.SOCIAL_WORKER).post(
        "/finance/", {"month": "2026-13", "execution_date": "x"}
    )
    assert r.status_code == 400 and not PaymentRun.objects.exists()


def test_invalid_iban_on_the_person_page(client_for, jan):
    worker = client_for("a", Role.SOCIAL_WORKER)
    r = worker.post(
        f"/finance/persons/{jan.pk}/",
        {"holder": "Jan Peeters", "iban": "BE68539007547034", "valid_from": "2026-01-01"},
    )
    assert r.status_code == 400 and "IBAN" in r.content.decode()
    assert not BankAccount.objects.exists()
    assert 'value="BE68539007547034"' in r.content.decode()  # nothing typed is lost


def test_other_ocmw_and_roles(client_for, grant, jan):
    assert client_for("b", Role.SOCIAL_WORKER).get(f"/finance/persons/{jan.pk}/").status_code == 404
    assert client_for("a", Role.CARE_PROVIDER).get("/finance/").status_code == 403
    assert client_for("a", Role.OCMW_ADMIN).get("/finance/").status_code == 403
    assert client_for("a", Role.CARE_PROVIDER).get(f"/persons/{jan.pk}/").status_code in (403, 404)


def test_refunds_and_annual_report(client_for, actor_a, grant, account_jan):
    from openocmw.finance.services import runs

    runs.start_run(actor_a, date(2026, 3, 1))
    admin = client_for("a", Role.OCMW_ADMIN)
    assert admin.post("/finance/refunds/", {"month": "2026-03"}).status_code == 302
    page = admin.get("/finance/refunds/?year=2026").content.decode()
    assert "550,00" in page  # 55 % of 1000.00 (PrimaBook, Staatstoelagen 1.1)
    # the refund is art. 32 and following; art. 40 is the lump sum towards staff costs
    assert "(art. 32 en volgende)" in page and "art. 40" not in page
    xlsx = admin.get("/finance/annual-report.xlsx?year=2026")
    import io

    wb = load_workbook(io.BytesIO(xlsx.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    march = next(r for r in rows if r[0] == "03/2026")
    assert march[1] == "< 5"  # one person: suppressed, and its amount with it
    assert admin.get("/finance/annual-report.pdf?year=2026").content[:4] == b"%PDF"
    assert admin.get("/finance/annual-report.pdf?year=1900").status_code == 400


def test_the_care_provider_home_page_offers_nothing_personal(client_for, jan):
    c = client_for("a", Role.CARE_PROVIDER)
    page = c.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    # its one page, the invoice line, is in its menu; no other finance page, no person
    assert '<a href="/finance/medical/invoice-line/">' in text
    text = text.replace("/finance/medical/invoice-line/", "")
    assert "Peeters" not in text and "/persons/" not in text and "/finance/" not in text
