"""Subsidies: PSA (seed 001, POD MI Q&A 2017, l. 88-117) and the GPMI subsidy from the staff time
of the GPMI app with a supporting document per line (seed 004, l. 68-72)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from openocmw.accounts.models import Role
from openocmw.finance.models import GpmiSubsidyLine, PsaGrant
from openocmw.finance.services import subsidies
from openocmw.gpmi.services.staff_time import record_staff_time
from tests.conftest import actor_of
from tests.inputs.samples import pdf, upload


@pytest.fixture
def admin_a(users):
    return actor_of(users[("a", Role.OCMW_ADMIN)])


@pytest.fixture
def grant(ocmw_a):
    return PsaGrant.objects.create(ocmw=ocmw_a, year=2026, part="participation",
                                   granted=Decimal("10000.00"), beneficiaries=80,
                                   beneficiaries_integration=60, beneficiaries_trajectory=20)  # fmt: skip


def test_psa_justification_beyond_the_grant_and_refused_investment(admin_a, grant):
    subsidies.record_psa_cost(admin_a, grant, kind="operating", description="cursus",
                              amount="9000.00")  # fmt: skip
    subsidies.record_psa_cost(admin_a, grant, kind="personnel", description="begeleider",
                              amount="2500.00")  # fmt: skip
    refused = subsidies.record_psa_cost(admin_a, grant, kind="investment",
                                        description="renovatie lokaal", amount="4000.00")  # fmt: skip
    assert refused.eligible is False and "investment" in refused.refusal
    j = subsidies.psa_justification(admin_a, grant)
    assert (j["eligible"], j["refused"], j["beyond_grant"], j["unused"]) == (
        Decimal("11500.00"),
        Decimal("4000.00"),
        Decimal("1500.00"),
        Decimal("0.00"),
    )
    assert (j["integration_pct"], j["trajectory_pct"]) == (Decimal("75.0"), Decimal("25.0"))


def test_psa_bad_cost_names_the_fields(admin_a, grant):
    with pytest.raises(ValidationError) as exc:
        subsidies.record_psa_cost(admin_a, grant, kind="party", description=" ", amount="-1")
    assert {"kind", "description", "amount"} <= set(exc.value.message_dict)


def test_gpmi_subsidy_line_from_staff_time_with_its_document(actor_a, admin_a):
    time = record_staff_time(actor_a, period_start=date(2026, 1, 1),
                             period_end=date(2026, 12, 31), share="40")  # fmt: skip
    line = subsidies.charge_staff_time(
        admin_a, time, year=2026, yearly_cost="55000.00", document_kind="council_decision",
        document=upload("raadsbesluit.pdf", pdf(), "application/pdf"),
    )  # fmt: skip
    assert line.charged == Decimal("22000.00") and line.document[:4] == b"%PDF"
    assert subsidies.gpmi_subsidy(admin_a, 2026)["total"] == Decimal("22000.00")


def test_gpmi_subsidy_line_without_a_valid_document_is_refused(actor_a, admin_a):
    time = record_staff_time(actor_a, period_start=date(2026, 1, 1),
                             period_end=date(2026, 12, 31), share="40")  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        subsidies.charge_staff_time(
            admin_a,
            time,
            year=2025,
            yearly_cost="x",
            document_kind="diary",
            document=upload("a.pdf", b"not a pdf", "application/pdf"),
        )
    assert {"year", "yearly_cost", "document_kind", "document"} <= set(exc.value.message_dict)
    assert not GpmiSubsidyLine.objects.exists()


def test_the_annual_report_carries_the_subsidies(admin_a, grant):
    import io

    from openpyxl import load_workbook

    from openocmw.finance import report

    subsidies.record_psa_cost(admin_a, grant, kind="operating", description="cursus",
                              amount="12000.00")  # fmt: skip
    wb = load_workbook(io.BytesIO(report.workbook(report.collect(admin_a, 2026))))
    rows = list(wb.worksheets[2].iter_rows(values_only=True))
    psa = next(r for r in rows if r[0] == "PSA-toelage")
    assert psa[2:4] == (10000.0, 12000.0)
