"""The observatory's pages: an OCMW sees its own figures, the federal inspector every OCMW's
with small cells suppressed; bad input gets a field error; reads are audited."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from openocmw.accounts.models import AuditEntry
from openocmw.stats.observatory import DIMENSIONS, observatory
from tests.conftest import actor_of

from .conftest import beneficiary

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(users):
    from tests.conftest import make_user

    return make_user("inspector", None, "federal_inspector")


def _rows(result, key):
    """The rows of a table by their first cell; the last row (the totals) also as "total"."""
    rows = result.table(key).rows
    return {row[0]: row[1:] for row in rows} | {"total": rows[-1][1:]}


def test_an_ocmw_sees_its_own_figures_unsuppressed(users, population_a):
    lead = actor_of(users[("a", "team_lead")])
    result = observatory(lead, 2025)
    nat = _rows(result, "nationality")
    # columns: Belgian, EU, non-EU, total
    assert nat["OCMW Leuven"] == [8, 1, 3, 12]
    assert not result.disclosure_note
    shares = _rows(result, "nationality_shares")["OCMW Leuven"]
    assert shares[:5] == [12, 66.7, 25.0, 8.3, 33.3] or [str(x) for x in shares[:5]] == [
        "12",
        "66.7",
        "25.0",
        "8.3",
        "33.3",
    ]
    per = result.table("ocmws").rows[0]
    # Leuven: 12 beneficiaries, 102,275 inhabitants (Statbel, 1 January 2020): 0.1 per 1,000
    assert per[0] == "OCMW Leuven" and per[-2] == 12 and per[-1] == "0.1"


def test_the_inspector_sees_small_cells_suppressed_with_secondary_suppression(
    inspector, population_a
):
    result = observatory(actor_of(inspector), 2025)
    assert result.disclosure_note
    nat = _rows(result, "nationality")
    # Leuven: 1 EU and 3 non-EU are under 5; Namur: 6 Belgians, 0 others.
    assert nat["OCMW Leuven"][1] == "< 5" and nat["OCMW Leuven"][2] == "< 5"
    assert nat["OCMW Namen"] == [6, 0, 0, 6]
    # The EU and non-EU column totals (1 and 3) are under 5 too, so they are hidden; nothing
    # shown lets one work out a hidden count.
    assert nat["total"][1] == "< 5" and nat["total"][2] == "< 5"
    assert all(v != 1 and v != 3 for v in nat["OCMW Leuven"])
    # no percentages computed from hidden counts
    assert _rows(result, "nationality_shares")["OCMW Leuven"][1:] == ["-"] * 6


def test_a_cross_breakdown_that_would_reveal_a_suppressed_cell_is_refused(inspector, ocmw_a):
    # 6 women and 6 men; 3 of the men are non-EU: "nationality" hides non-EU (3 < 5) and so,
    # by secondary suppression, another cell; crossing sex with nationality would show
    # a margin that the nationality table hides.
    for _i in range(6):
        beneficiary(ocmw_a, sex="F")
    for _i in range(3):
        beneficiary(ocmw_a, sex="M")
    for _i in range(3):
        beneficiary(ocmw_a, sex="M", nationality="MA")
    actor = actor_of(inspector)
    ok = observatory(actor, 2025)
    assert _rows(ok, "nationality")["total"][2] == "< 5"
    # Pooled over all OCMWs, the margins of a cross table are those of the one-dimension
    # tables, and the same rules hide the same ones: allowed.
    crossed = observatory(actor, 2025, by="nationality", within="sex")
    assert crossed.table("cross").rows[2][-1] == "< 5"  # rows: Belgian, EU, non-EU


def test_a_cross_table_showing_a_margin_hidden_elsewhere_is_refused(inspector, ocmw_a):
    from openocmw.accounts.disclosure import Table
    from openocmw.stats.aggregates import build
    from openocmw.stats.observatory import _cross

    for _i in range(6):
        beneficiary(ocmw_a, sex="F")
    for _i in range(6):
        beneficiary(ocmw_a, sex="M", nationality="MA")
    counts = build(None, 2025, 12)
    # a published nationality table in which the non-EU total is hidden
    published = Table(rows=["x"], columns=["belgian", "eu", "non_eu"], counts=[[6, 0, 6]])
    hidden = published.protect()
    object.__setattr__(hidden, "suppression", hidden.cells.protect(threshold=7))
    assert hidden.column_total("non_eu") is None
    with pytest.raises(ValidationError) as exc:
        _cross(counts, "nationality", "sex", {"nationality": hidden, "sex": None}, True)
    assert str(DIMENSIONS["nationality"]) in exc.value.message_dict["within"][0]


def test_the_inspector_cannot_break_down_an_ocmw_whose_total_is_hidden(inspector, ocmw_a, ocmw_b):
    for _i in range(8):
        beneficiary(ocmw_a)
    for _i in range(3):
        beneficiary(ocmw_b)
    actor = actor_of(inspector)
    with pytest.raises(ValidationError) as exc:
        observatory(actor, 2025, ocmw_id=ocmw_b.pk)
    assert "ocmw" in exc.value.message_dict
    # Leuven's total (8) is hidden too, to protect Namur's 3 (the grand total is shown)
    with pytest.raises(ValidationError):
        observatory(actor, 2025, ocmw_id=ocmw_a.pk)
    assert observatory(actor, 2025).table("ocmws").rows[-1][-2] == 11


def test_a_period_without_beneficiaries_is_a_field_error(users, population_a):
    lead = actor_of(users[("a", "team_lead")])
    with pytest.raises(ValidationError) as exc:
        observatory(lead, 2019)
    assert "year" in exc.value.message_dict


def test_growth_uses_the_same_months_of_the_year_before(users, population_a):
    lead = actor_of(users[("a", "team_lead")])
    result = observatory(lead, 2025, until_month=6)
    rows = _rows(result, "growth")
    # Jan-Jun 2024: 7 paid from January, 3 more from June: 7*6 + 3 = 45 person-months;
    # Jan-Jun 2025: 10 + the NL woman Feb-Apr (3) + the 8th Belgian Mar-Jun (4) = 67.
    assert rows["2024"][0] == round(45 / 6, 1)
    assert rows["2025"][0] == round(67 / 6, 1)
    assert rows["2025"][1] == str(round((67 - 45) * 100 / 45, 1))


def test_flows_and_durations(users, population_a):
    lead = actor_of(users[("a", "team_lead")])
    result = observatory(lead, 2025)
    flows = _rows(result, "flows")
    assert flows["01/2025"] == [10, 0, 0]
    assert flows["02/2025"] == [11, 1, 0]
    assert flows["04/2025"] == [12, 0, 1]  # the EU citizen's decision ends on 30 April
    durations = _rows(result, "durations")
    assert set(durations) - {"total"} == {"2024", "2025"}
    assert durations["2024"][-3] == 10  # starters of 2024


def test_inspector_reads_are_audited(inspector, population_a):
    observatory(actor_of(inspector), 2025)
    entry = AuditEntry.objects.filter(object_type="observatory").latest("pk")
    assert entry.action == "view" and entry.detail["year"] == 2025


def test_page_csv_and_excel(client_for, users, population_a, inspector):
    client = client_for("a", "team_lead")
    page = client.get("/stats/", {"year": 2025})
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "OCMW Leuven" in page.content.decode()
    bad = client.get("/stats/", {"year": 2019})
    assert (
        bad.status_code == 400
        and gettext("There are no beneficiaries in this period.") in bad.content.decode()
    )
    bad_year = client.get("/stats/", {"year": "abc"})
    assert bad_year.status_code == 400
    exported = client.get("/stats/export/csv", {"year": 2025})
    assert exported.status_code == 200
    text = exported.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert any(r and r[0] == "OCMW Leuven" for r in rows)
    xlsx = client.get("/stats/export/xlsx", {"year": 2025})
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    assert len(wb.sheetnames) > 5
    assert client.get("/stats/export/pdfx", {"year": 2025}).status_code == 404


def test_a_social_worker_has_no_access(client_for, population_a):
    assert client_for("a", "social_worker").get("/stats/", {"year": 2025}).status_code == 403


def test_the_inspector_page(client, inspector, population_a):
    client.force_login(inspector)
    page = client.get("/stats/", {"year": 2025})
    assert page.status_code == 200 and "&lt; 5" in page.content.decode()
    refused = client.get("/stats/", {"year": 2025, "by": "sex", "within": "sex"})
    assert refused.status_code == 400
    assert date(2025, 1, 1)  # keep the import used


def test_api(client, inspector, population_a):
    client.force_login(inspector)
    answer = client.get("/api/v1/stats/observatory", {"year": 2025})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["protected"] is True
    nat = next(t for t in body["tables"] if t["key"] == "nationality")
    leuven = next(r for r in nat["rows"] if r[0] == "OCMW Leuven")
    assert leuven[2] == "< 5"
    bad = client.get("/api/v1/stats/observatory", {"year": 2019})
    assert bad.status_code == 400 and "year" in bad.content.decode()
    wrong = client.get("/api/v1/stats/observatory", {"year": "x", "by": "shoe"})
    assert wrong.status_code == 400
