"""The single annual report's parts an OCMW files from its own data (casework, GPMI, art. 60 §7,
medical aid, staff time): one sheet per part, named and headed in the reader's language, and
the same parts in the PDF; counts of persons under small-cell suppression."""

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from openocmw.accounts.models import Role
from openocmw.finance.fixtures import make_decision
from openocmw.gpmi.models import StaffTime


def test_the_parts_of_the_annual_report_in_the_readers_language(
    client_for, users, jan, make_person
):
    for person in [jan, *(make_person() for _ in range(5))]:
        make_decision(person, start=date(2025, 3, 1), amount="1000.00")
    make_decision(make_person(), kind="refuse", start=date(2025, 4, 1), amount=None)
    StaffTime.objects.create(ocmw_id=jan.ocmw_id, worker=users[("a", Role.SOCIAL_WORKER)],
                             period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                             share=Decimal("50.0"))  # fmt: skip

    fr = client_for("a", Role.OCMW_ADMIN, "fr").get("/finance/annual-report.xlsx?year=2025")
    wb = load_workbook(io.BytesIO(fr.content))
    assert {"Demandes par type et issue", "Décisions par type d'aide", "PIIS",
            "Mise à l'emploi art. 60 §7", "Temps du personnel (PIIS)"} <= set(
        wb.sheetnames
    )  # fmt: skip
    requests = list(wb["Demandes par type et issue"].iter_rows(values_only=True))
    assert requests[1][:3] == ("type d'aide", "octroyé", "refusé")
    leefloon = next(r for r in requests if r[0] and r[0].startswith("revenu d'intégration"))
    # one refusal: suppressed (threshold 5), and a second cell of its row with it, so that it
    # cannot be recovered from the row's total (accounts.disclosure)
    assert 1 not in leefloon[1:] and any(isinstance(v, str) for v in leefloon[1:])
    assert requests[-1][0] == "total"
    staff = list(wb["Temps du personnel (PIIS)"].iter_rows(values_only=True))
    assert staff[2] == (1, 0.5)  # 50 % over the whole year: half a full-time equivalent

    nl = client_for("a", Role.OCMW_ADMIN, "nl").get("/finance/annual-report.xlsx?year=2025")
    assert "Aanvragen per soort en uitkomst" in load_workbook(io.BytesIO(nl.content)).sheetnames
    pdf = client_for("a", Role.OCMW_ADMIN, "de").get("/finance/annual-report.pdf?year=2025")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
