"""Income clusters and employment intensity on the observatory (issue 15, §1; seed 000, 3.1
and 3.4), from the shipped Statbel income table and the finance app's art. 60 §7 contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import gettext

from openocmw.finance.models import Art60Contract
from openocmw.stats import measures as m
from openocmw.stats.income import incomes
from openocmw.stats.observatory import observatory
from tests.conftest import actor_of, make_user

pytestmark = pytest.mark.django_db


def contract(person, start=date(2025, 2, 1), end=date(2025, 12, 31)):
    return Art60Contract.objects.create(
        ocmw=person.ocmw, person=person, employer="OCMW", start=start, end=end,
        hours_per_week=Decimal(38), gross_monthly_wage=Decimal(2100),
    )  # fmt: skip


def rows(result, key):
    return {row[0]: row[1:] for row in result.table(key).rows}


def test_the_shipped_income_table_splits_into_four_equal_clusters():
    inc = incomes()
    # Statbel DataLab, TF_SOC_ADI_MUNTY, 2022: Sint-Joost-ten-Node has the lowest median
    # (19,288 euro), Sint-Jans-Molenbeek 19,739, as Statbel's own release of the figures says.
    assert inc.median["21014"] == 19288 and inc.median["21012"] == 19739
    assert "TF_SOC_ADI_MUNTY" in inc.source and inc.reference_date == "2022"
    clusters = m.income_clusters(inc.median)
    assert len(clusters) == 580
    assert sorted(list(clusters.values()).count(c) for c in (1, 2, 3, 4)) == [145] * 4
    assert clusters["21014"] == 1  # the lowest median is in IC1


def test_an_ocmw_sees_its_cluster_rate_and_employment_intensity(users, population_a):
    # OCMW Leuven: 12 beneficiaries of a leefloon in 2025, one of them also in art. 60 §7.
    contract(population_a[0])
    lead = actor_of(users[("a", "team_lead")])
    result = observatory(lead, 2025)
    clusters = rows(result, "clusters")
    # Leuven's median (29,834 euro) is in the third quarter of the 580 municipalities.
    assert clusters["IC3"][1:] == [1, 12, 102275, "0.1"]
    assert clusters["IC1"][1:4] == [0, 0, "-"]
    assert "Statbel" in result.table("clusters").note
    assert "<svg" in result.table("clusters").chart
    employment = rows(result, "employment")["OCMW Leuven"]
    # 1 in an art. 60 §7 contract over 1 + 12 leefloon + 0 equivalent: 7.7 %, under 10 %
    assert employment[:3] == [1, 12, 0] and employment[3] == "7.7"
    assert employment[4] == gettext("yes")


def test_the_inspector_sees_them_with_small_cells_suppressed(users, population_a, ocmw_b):
    for person in population_a[12:]:  # OCMW B's six
        contract(person)
    contract(population_a[0])  # one in OCMW A: under 5
    inspector = make_user("inspector", None, "federal_inspector")
    result = observatory(actor_of(inspector), 2025)
    employment = rows(result, "employment")
    assert employment["OCMW Leuven"][0] == "< 5" and employment["OCMW Leuven"][3] == "-"
    # Namur's 6 or the total 7 is hidden too, or 7 - 6 would give Leuven's 1 away.
    namur, total = employment["OCMW Namen"][0], employment[gettext("total")][0]
    assert "< 5" in (namur, total)
    if namur == 6:  # then 6 of 6 + 6 leefloon = 50.0 %, not flagged
        assert employment["OCMW Namen"] == [6, 6, 0, "50.0", gettext("no")]
    clusters = rows(result, "clusters")
    assert clusters["IC1"][1:3] == [1, 6] and clusters["IC3"][1:3] == [1, 12]


def test_a_cluster_count_adding_up_a_hidden_ocmw_count_is_hidden(users, ocmw_a, ocmw_b):
    from .conftest import beneficiary

    for _i in range(3):
        beneficiary(ocmw_b, start=date(2025, 1, 1))  # Namur: 3, hidden
    for _i in range(7):
        beneficiary(ocmw_a, start=date(2025, 1, 1))
    inspector = make_user("inspector", None, "federal_inspector")
    clusters = rows(observatory(actor_of(inspector), 2025), "clusters")
    assert clusters["IC1"][2] == "< 5" and clusters["IC1"][4] == "-"
    lead = actor_of(users[("b", "team_lead")])  # the OCMW itself sees its 3
    assert rows(observatory(lead, 2025), "clusters")["IC1"][2] == 3


def test_the_yearly_pdf_report_is_in_the_readers_language(client_for, users, population_a):
    import subprocess

    from openocmw.accounts.models import AuditEntry

    contract(population_a[0])
    client = client_for("a", "team_lead")
    response = client.get("/stats/export/pdf", {"year": 2025}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607
        input=response.content, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    assert "Rapport annuel de l'observatoire statistique 2025" in text
    assert "Bénéficiaires pour 1.000 habitants par cluster de revenus" in text
    assert "Intensité de mise à l'emploi" in text and "7.7" in text
    assert "Statbel" in text  # the sources of the denominators
    # the charts are drawn (their bars' labels are text in the PDF) and followed by their data
    assert text.count("IC3") >= 2
    assert "Beneficiaries" not in text  # nothing left in English
    assert AuditEntry.objects.filter(object_type="observatory", action="export").exists()
