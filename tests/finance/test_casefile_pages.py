"""Pages of the person's finance file: art. 60 §7 contracts with their outcome and the job
coaches' caseload, the Law-65 forms (list, create, export), medical aid decisions with versions
and the care provider's invoice split (the parts must add up, refused on the field)."""

from datetime import date
from decimal import Decimal

from openocmw.accounts.models import Role
from openocmw.finance.models import Art60Contract, InvoiceLine, Law65Form, MedicalDecision


def test_an_art60_contract_its_outcome_and_the_caseload(client_for, users, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    coach = users[("a", Role.SOCIAL_WORKER)]
    url = f"/finance/persons/{jan.pk}/art60/"
    data = {"employer": "OCMW Leuven", "user_organisation": "Kringwinkel",
            "start": "2026-01-01", "end": "2026-12-31", "hours_per_week": "50",
            "gross_monthly_wage": "2100,00", "job_coach": coach.pk}  # fmt: skip
    bad = c.post(url, data)
    assert bad.status_code == 400 and 'id="id_a_hours_per_week-error"' in bad.content.decode()
    assert 'value="Kringwinkel"' in bad.content.decode() and not Art60Contract.objects.exists()
    assert c.post(url, {**data, "hours_per_week": "38"}).status_code == 302
    contract = Art60Contract.objects.get()
    assert (contract.gross_monthly_wage, contract.job_coach) == (Decimal("2100.00"), coach)
    caseload = c.get("/finance/art60/")
    assert caseload.status_code == 200 and "Peeters" in caseload.content.decode()
    c.post(f"/finance/persons/{jan.pk}/art60/{contract.pk}/outcome/",
           {"outcome": "regular_job", "outcome_on": "2027-01-05"})  # fmt: skip
    contract.refresh_from_db()
    assert contract.outcome == "regular_job"


def test_law65_forms_created_listed_and_exported(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER, "fr")
    url = f"/finance/persons/{jan.pk}/law65/"
    bad = c.post(
        url,
        {
            "form": "A",
            "event_date": "2026-03-01",
            "period_start": "2026-03-31",
            "period_end": "2026-03-01",
            "amount": "0",
            "reference": "dossier 12",
        },
    )
    assert bad.status_code == 400 and 'id="id_l_period_end-error"' in bad.content.decode()
    assert 'value="dossier 12"' in bad.content.decode() and not Law65Form.objects.exists()
    assert c.post(url, {"form": "A", "event_date": "2026-03-01", "period_start": "2026-03-01",
                        "period_end": "2026-03-31", "amount": "0"}).status_code == 302  # fmt: skip
    assert Law65Form.objects.get().deadline == date(2026, 4, 15)  # 45 days, unverified
    assert c.get("/finance/law65/").status_code == 200
    csv = c.get("/finance/law65.csv").content.decode()
    row = csv.splitlines()[1]
    # art. 9 §1: 45 days (PrimaBook), verified; where they start from is not
    assert row.startswith("A;") and ";yes;the day the 45 days start" in row


def test_medical_decisions_with_versions_and_the_invoice_split(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    url = f"/finance/persons/{jan.pk}/medical/"
    data = {"basis": "urgent", "coverage": "all", "start": "2026-03-01", "end": "2026-02-01",
            "decided_on": "2026-03-01", "patient_contribution_covered": "on",
            "conditions": "alleen via de huisarts"}  # fmt: skip
    bad = c.post(url, data)
    assert bad.status_code == 400 and 'id="id_m_end-error"' in bad.content.decode()
    assert "alleen via de huisarts" in bad.content.decode()
    assert c.post(url, {**data, "end": "2026-08-31"}).status_code == 302
    first = MedicalDecision.objects.get()
    assert c.post(url, {**data, "end": "2026-12-31", "replaces": first.pk}).status_code == 302
    assert MedicalDecision.objects.get(replaces=first).version == 2

    hospital = client_for("a", Role.CARE_PROVIDER)
    line = {"insz": jan.insz, "care_date": "2026-04-02", "description": "consultatie",
            "amount": "100,00", "state_part": "60,00", "ocmw_part": "30,00",
            "patient_part": "5,00"}  # fmt: skip
    refused = hospital.post("/finance/medical/invoice-line/", line)
    html = refused.content.decode()
    assert refused.status_code == 400 and 'id="id_amount-error"' in html
    assert 'value="consultatie"' in html and not InvoiceLine.objects.exists()
    ok = hospital.post("/finance/medical/invoice-line/", {**line, "patient_part": "10,00"})
    assert ok.status_code == 302 and InvoiceLine.objects.get().decision.version == 2


def test_a_worker_finds_the_care_providers_invoice_lines_on_the_persons_page(client_for, jan):
    """The line a hospital records shows on the person's finance page, under the decision it
    was recorded against; the hospital finds its page in its menu."""
    worker = client_for("a", Role.SOCIAL_WORKER)
    assert worker.post(f"/finance/persons/{jan.pk}/medical/", {
        "basis": "urgent", "coverage": "all", "start": "2026-03-01", "end": "2026-08-31",
        "decided_on": "2026-03-01"}).status_code == 302  # fmt: skip
    empty = worker.get(f"/finance/persons/{jan.pk}/").content.decode()
    assert "Nog geen factuurlijn van een zorgverlener." in empty
    hospital = client_for("a", Role.CARE_PROVIDER)
    home = hospital.get("/", follow=True).content.decode()
    assert 'href="/finance/medical/invoice-line/"' in home  # in the hospital's menu
    assert hospital.post("/finance/medical/invoice-line/", {
        "insz": jan.insz, "care_date": "2026-04-02", "description": "spoedconsult",
        "amount": "100,00", "state_part": "60,00", "ocmw_part": "30,00",
        "patient_part": "10,00"}).status_code == 302  # fmt: skip
    html = worker.get(f"/finance/persons/{jan.pk}/").content.decode()
    assert '<a href="#invoice-lines">1</a>' in html and 'id="invoice-lines"' in html
    assert "spoedconsult" in html and "60,00" in html
    assert hospital.get(f"/finance/persons/{jan.pk}/").status_code == 403  # nothing else
