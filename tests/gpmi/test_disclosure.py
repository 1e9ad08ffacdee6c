"""Small numbers do not identify people (issue 9, §8): the federal inspector's GPMI statistics
for one OCMW and one day show no count from 1 to 4, on the page, in the charts, the CSV, the
Excel workbook, the PDF report and the API; the OCMW's own team lead sees the real figures.

OCMW A on 30 June 2025 (made with the ORM: the statistics only read the records):

| GPMIs | kind | sex | age at start | period | closed |
|---|---|---|---|---|---|
| 12 | general | F | 30 | 2025-01-01..2025-12-31 | – |
| 7 | training | M | 40 | 2025-01-01..2025-12-31 | 30 June 2025, work |
| 2 | studies | M | 20 | 2025-01-01..2025-12-31 | – |
| 1 | community service | F | 50 | 2025-06-30..2025-12-31 (started that day) | – |

So per kind: studies ongoing 2, community service started 1 and ongoing 1, all primary cells.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.urls import reverse

from openocmw.accounts.disclosure import recomputable
from openocmw.accounts.models import Role
from openocmw.gpmi.models import Gpmi, Status
from openocmw.gpmi.stats import GpmiStatistics, _cells, _path, compute, protect, statistics
from openocmw.registry.models import Person
from tests.conftest import actor_of

DAY = "2025-06-30"
QUERY = {"start": DAY, "until": DAY}
COUNT_TABLES = ("kind", "age", "sex", "category", "evaluations", "outcomes")


def _gpmis(ocmw, worker, n, *, kind, sex, age, start, closed_on=None, outcome=""):
    for i in range(n):
        person = Person.objects.create(
            ocmw=ocmw,
            first_name=f"{kind}{i}",
            last_name="Test",
            birth_date=date(start.year - age, 1, 1),
            sex=sex,
            nationality="BE",
            search_name=f"test {kind}{i}",
        )
        Gpmi.objects.create(
            ocmw=ocmw,
            person=person,
            worker=worker,
            status=Status.CLOSED if closed_on else Status.ACTIVE,
            kind=kind,
            start=start,
            end=date(2025, 12, 31),
            ends_on=closed_on or date(2025, 12, 31),
            validated_on=start,
            closed_on=closed_on,
            outcome=outcome,
            age_at_start=age,
        )


@pytest.fixture
def one_ocmw(users, ocmw_a):
    worker = users[("a", Role.SOCIAL_WORKER)]
    jan1 = date(2025, 1, 1)
    _gpmis(ocmw_a, worker, 12, kind="general", sex="F", age=30, start=jan1)
    _gpmis(
        ocmw_a,
        worker,
        7,
        kind="training",
        sex="M",
        age=40,
        start=jan1,
        closed_on=date(2025, 6, 30),
        outcome="work",
    )
    _gpmis(ocmw_a, worker, 2, kind="studies", sex="M", age=20, start=jan1)
    _gpmis(ocmw_a, worker, 1, kind="community_service", sex="F", age=50, start=date(2025, 6, 30))
    return ocmw_a


def _is_small_count(text: str) -> bool:
    return bool(re.fullmatch(r"[1-4]", text.strip()))


# --- the protection of the statistics, without the database ------------------------------------


def _result(**overrides) -> GpmiStatistics:
    zero = {"started": 0, "ongoing": 0, "closed": 0}
    data = {
        "start": date(2025, 1, 1),
        "end": date(2025, 12, 31),
        "scope": "",
        "ocmw_id": 1,
        "by_kind": {
            "studies": {"started": 0, "ongoing": 3, "closed": 0},
            "training": {"started": 6, "ongoing": 10, "closed": 8},
            "community_service": dict(zero),
            "general": {"started": 20, "ongoing": 30, "closed": 12},
        },
        "by_age": {0: {"started": 26, "ongoing": 43, "closed": 20}}
        | {i: dict(zero) for i in range(1, 5)},
        "by_sex": {
            "M": {"started": 10, "ongoing": 20, "closed": 10},
            "F": {"started": 16, "ongoing": 23, "closed": 10},
            "X": dict(zero),
        },
        "by_category": {None: {"started": 26, "ongoing": 43, "closed": 20}}
        | {c: dict(zero) for c in (1, 2, 3)},
        "outcomes": {
            "work": 17,
            "training": 3,
            "studies_finished": 0,
            "other": 0,
            "dropped_out": 0,
        },
        "durations": {
            "studies": {"count": 0, "mean_months": 0, "median_months": 0},
            "training": {"count": 8, "mean_months": 7.5, "median_months": 7.0},
            "community_service": {"count": 0, "mean_months": 0, "median_months": 0},
            "general": {"count": 12, "mean_months": 11.0, "median_months": 12.0},
            "all": {"count": 20, "mean_months": 9.6, "median_months": 10.0},
        },
        "evaluations": {"due": 40, "held": 20, "in_person": 18, "missed": 20},
    }
    data.update(overrides)
    return GpmiStatistics(**data)


def test_a_small_kind_is_hidden_with_a_partner_and_the_totals_stay():
    raw = _result()
    s = protect(raw, 5)
    # Studies ongoing 3 is primary; the smallest other ongoing count shown (training, 10)
    # goes with it, so that the total of 43 does not give it away.
    assert s.by_kind["studies"]["ongoing"] is None
    assert s.by_kind["training"]["ongoing"] is None
    assert s.by_kind["general"]["ongoing"] == 30 and s.totals["ongoing"] == 43
    assert "by_kind.studies.ongoing" in s.suppressed
    assert s.disclosure == {"threshold": 5, "suppressed": sorted(s.suppressed)}


def test_an_outcome_under_five_is_hidden_with_a_partner_against_the_closed_total():
    s = protect(_result(), 5)
    # 17 + 3 + 0 = the 20 closed GPMIs: the 3 alone would be recomputed.
    assert s.outcomes["training"] is None and s.outcomes["work"] is None
    assert s.outcomes["other"] == 0 and s.totals["closed"] == 20


def test_evaluations_not_in_person_are_protected_though_never_shown():
    s = protect(_result(), 5)
    # 20 held, 18 of them in person: the 2 others would be 20 - 18.
    assert s.evaluations["in_person"] is None and s.evaluations["held"] == 20


def test_an_average_over_fewer_than_five_is_hidden():
    durations = dict(_result().durations)
    durations["training"] = {"count": 3, "mean_months": 2.5, "median_months": 2.0}
    durations["general"] = {"count": 17, "mean_months": 11.0, "median_months": 12.0}
    raw = _result(durations=durations)
    raw.by_kind["training"]["closed"] = 3
    raw.by_kind["general"]["closed"] = 17
    s = protect(raw, 5)
    assert s.durations["training"] == {"count": None, "mean_months": None, "median_months": None}
    # No GPMI closed: the zero and its empty average are shown, not the marker.
    assert s.durations["studies"] == {"count": 0, "mean_months": 0, "median_months": 0}
    assert s.durations["all"]["count"] == 20 and s.durations["all"]["mean_months"] == 9.6


def test_no_suppressed_gpmi_count_can_be_recomputed_from_what_is_published():
    raw = _result()
    cells = _cells(raw)
    # What naive primary-only suppression would leave open:
    primary = {k for k, v in cells.values.items() if 0 < v < 5 and k not in cells.unpublished}
    assert recomputable(cells, primary).keys() & primary
    s = cells.protect(5)
    assert not recomputable(cells, s.suppressed).keys() & s.reasons.keys()


def test_the_tables_show_the_marker_and_the_note_explains_it(settings):
    settings.LANGUAGE_CODE = "nl"
    s = protect(_result(), 5)
    kind = s.tables()[0]
    assert ["< 5" in row for row in kind.rows].count(True) == 2
    assert "< 5" in s.disclosure_note
    assert all("< 5" in c or "<rect" in c for c in s.charts())


# --- the inspector's outputs, with the database --------------------------------------------------


def _counts_in_page(html: str) -> list[str]:
    out = []
    for key, body in re.findall(
        r'<section class="card" id="table-(\w+)">(.*?)</section>', html, re.S
    ):
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
            out += cells if key in COUNT_TABLES else cells[:1]
    return out


def _chart_values(html: str) -> list[str]:
    return re.findall(r'<text [^>]*fill="#5b6775">([^<]*)</text>', html)


def test_the_inspector_page_for_one_ocmw_and_one_day_shows_no_count_under_five(
    client_for, one_ocmw
):
    response = client_for("a", Role.FEDERAL_INSPECTOR).get(
        reverse("gpmi_statistics"), QUERY | {"ocmw": one_ocmw.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    counts = _counts_in_page(html)
    assert counts and not [c for c in counts if _is_small_count(c)]
    assert "&lt; 5" in counts and "12" in counts  # hidden and shown, side by side
    assert not [v for v in _chart_values(html) if _is_small_count(v)]
    assert 'id="disclosure"' in html


def test_the_team_lead_sees_the_own_ocmw_unsuppressed(client_for, one_ocmw):
    html = client_for("a", Role.TEAM_LEAD).get(reverse("gpmi_statistics"), QUERY).content.decode()
    counts = _counts_in_page(html)
    assert "2" in counts and "1" in counts and "&lt; 5" not in counts
    assert 'id="disclosure"' not in html


def test_the_inspector_csv_and_excel_show_no_count_under_five(client_for, one_ocmw):
    from openpyxl import load_workbook

    client = client_for("a", Role.FEDERAL_INSPECTOR)
    query = QUERY | {"ocmw": one_ocmw.pk}
    text = client.get(reverse("gpmi_statistics_export", args=["csv"]), query).content.decode()
    body = text.split("\r\n")
    assert "< 5" in text and "12" in text
    # Every field of the CSV but the dates of the first line and the durations' months.
    for line in body[2:]:
        assert not any(_is_small_count(field) for field in line.split(";")), line
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("gpmi_statistics_export", args=["xlsx"]), query).content)
    )
    # The sheets are named in the reader's language; their code name is the table's key.
    sheets = {ws.sheet_properties.codeName: ws for ws in workbook.worksheets}
    for key in COUNT_TABLES:
        for row in list(sheets[key].iter_rows(values_only=True))[2:]:
            assert not [v for v in row[1:] if isinstance(v, int) and 0 < v < 5], (key, row)
    durations = list(sheets["durations"].iter_rows(values_only=True))[2:]
    assert not [r for r in durations if isinstance(r[1], int) and 0 < r[1] < 5]
    assert any(v == "< 5" for row in sheets["kind"].iter_rows(values_only=True) for v in row)


def test_the_inspector_pdf_report_shows_no_count_under_five(client_for, one_ocmw, monkeypatch):
    from openocmw.gpmi import pdf

    seen = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: seen.append(html) or real(html))
    response = client_for("a", Role.FEDERAL_INSPECTOR).get(
        reverse("gpmi_statistics_export", args=["pdf"]), QUERY | {"ocmw": one_ocmw.pk}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    html = seen[0]
    cells = re.findall(r'<td class="n">(.*?)</td>', html)
    assert "&lt; 5" in cells and not [c for c in cells if _is_small_count(c)]
    assert not [v for v in _chart_values(html) if _is_small_count(v)]
    assert 'class="disclosure"' in html


def _numbers(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ("mean_months", "median_months", "threshold"):
                yield from _numbers(v)
    elif isinstance(node, list):
        for v in node:
            yield from _numbers(v)
    elif isinstance(node, int) and not isinstance(node, bool):
        yield node


def test_the_inspector_api_shows_no_count_under_five(client_for, one_ocmw):
    response = client_for("a", Role.FEDERAL_INSPECTOR).get(
        "/api/v1/gpmi/statistics", {"from": DAY, "until": DAY, "ocmw": one_ocmw.pk}
    )
    assert response.status_code == 200
    body = response.json()
    counts = {k: v for k, v in body.items() if k not in ("ocmw", "from", "until")}
    assert not [n for n in _numbers(counts) if 0 < n < 5]
    assert body["by_kind"]["studies"]["ongoing"] is None
    assert body["by_kind"]["general"]["ongoing"] == 12
    assert body["disclosure"]["threshold"] == 5
    assert "by_kind.studies.ongoing" in body["disclosure"]["suppressed"]
    assert "Test" not in json.dumps(body)


def test_the_team_lead_api_is_unsuppressed(client_for, one_ocmw):
    body = (
        client_for("a", Role.TEAM_LEAD)
        .get("/api/v1/gpmi/statistics", {"from": DAY, "until": DAY})
        .json()
    )
    assert body["by_kind"]["studies"]["ongoing"] == 2 and body["disclosure"] is None


def test_the_threshold_is_a_setting(settings, users, one_ocmw):
    settings.OPENOCMW_DISCLOSURE_THRESHOLD = 3
    inspector = actor_of(users[("a", Role.FEDERAL_INSPECTOR)])
    s = statistics(inspector, date(2025, 6, 30), date(2025, 6, 30), ocmw_id=one_ocmw.pk)
    assert s.threshold == 3 and s.by_kind["community_service"]["started"] is None
    raw = compute(date(2025, 6, 30), date(2025, 6, 30), one_ocmw.pk)
    assert raw.by_kind["studies"]["ongoing"] == 2


def test_the_inspector_figures_of_one_day_cannot_be_worked_back(users, one_ocmw):
    """On the records: everything the inspector gets, with every relation between the
    figures, pins down none of the hidden counts, while primary suppression alone would."""
    raw = compute(date(2025, 6, 30), date(2025, 6, 30), one_ocmw.pk)
    cells = _cells(raw)
    primary = {k for k, v in cells.values.items() if 0 < v < 5 and k not in cells.unpublished}
    assert recomputable(cells, primary).keys() & primary
    inspector = actor_of(users[("a", Role.FEDERAL_INSPECTOR)])
    shown = statistics(inspector, date(2025, 6, 30), date(2025, 6, 30), ocmw_id=one_ocmw.pk)
    s = cells.protect(5)
    assert {_path(k) for k in s.suppressed} <= shown.suppressed
    assert not recomputable(cells, s.suppressed).keys() & s.reasons.keys()
