"""The subsidies page: PSA (eligible and refused costs, indicators as counts, justification
beyond the grant; seed 001, POD MI Q&A 2017 l. 88-117) and the GPMI subsidy from recorded staff
time with a supporting document per line (seed 004, l. 68-72); errors on the field, nothing
lost, and another OCMW sees nothing."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from openocmw.accounts.models import AuditEntry, Role
from openocmw.finance.models import GpmiSubsidyLine, PsaCost, PsaGrant
from openocmw.gpmi.services.staff_time import record_staff_time
from tests.inputs.samples import pdf


def test_psa_on_the_page(client_for):
    c = client_for("a", Role.TEAM_LEAD)
    url = "/finance/subsidies/?year=2026"
    bad = c.post(url, {"form": "grant", "part": "participation", "granted": "10000,00",
                       "beneficiaries": "80", "beneficiaries_integration": "90",
                       "beneficiaries_trajectory": "20"})  # fmt: skip
    assert bad.status_code == 400 and 'id="id_g_beneficiaries_integration-error"' in (
        bad.content.decode()
    )
    assert not PsaGrant.objects.exists()
    c.post(url, {"form": "grant", "part": "participation", "granted": "10000,00",
                 "beneficiaries": "80", "beneficiaries_integration": "60",
                 "beneficiaries_trajectory": "20"})  # fmt: skip
    grant = PsaGrant.objects.get()
    c.post(url, {"form": "cost", "grant": grant.pk, "kind": "operating",
                 "description": "cursus", "amount": "11500,00"})  # fmt: skip
    c.post(url, {"form": "cost", "grant": grant.pk, "kind": "investment",
                 "description": "renovatie lokaal", "amount": "4000,00"})  # fmt: skip
    assert list(PsaCost.objects.order_by("pk").values_list("eligible", flat=True)) == [
        True, False]  # fmt: skip
    html = c.get(url).content.decode()
    assert 'id="psa-beyond-participation">1500,00' in html  # justified beyond the grant
    assert "(75,0 %)" in html or "(75.0 %)" in html  # 60 of 80, a ratio, no names


def test_the_gpmi_subsidy_line_needs_its_document(client_for, users, actor_a):
    time = record_staff_time(actor_a, period_start=date(2026, 1, 1),
                             period_end=date(2026, 12, 31), share="40")  # fmt: skip
    c = client_for("a", Role.OCMW_ADMIN)
    url = "/finance/subsidies/?year=2026"
    bad = c.post(
        url,
        {
            "form": "staff",
            "staff_time": time.pk,
            "yearly_cost": "55000,00",
            "document_kind": "council_decision",
            "document": SimpleUploadedFile("a.pdf", b"not a pdf", "application/pdf"),
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and 'id="id_t_document-error"' in html
    assert 'value="55000,00"' in html and not GpmiSubsidyLine.objects.exists()
    ok = c.post(
        url,
        {
            "form": "staff",
            "staff_time": time.pk,
            "yearly_cost": "55000,00",
            "document_kind": "council_decision",
            "document": SimpleUploadedFile("raad.pdf", pdf(), "application/pdf"),
        },
    )
    assert ok.status_code == 302
    line = GpmiSubsidyLine.objects.get()
    assert line.charged == Decimal("22000.00")
    assert 'id="gpmi-total">22000,00' in c.get(url).content.decode()
    doc = c.get(f"/finance/subsidies/documents/{line.pk}/")
    assert doc.content[:4] == b"%PDF"
    assert AuditEntry.objects.filter(object_type="gpmi_staff_time", action="export").exists()
    assert (
        client_for("b", Role.OCMW_ADMIN).get(f"/finance/subsidies/documents/{line.pk}/").status_code
        == 404
    )
