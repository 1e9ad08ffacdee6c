"""The statistics against a fixture computed by hand (see the table in each test).

OCMW A, period 2025-01-01 to 2025-12-31:

| person | sex | age at start | kind | period | category | closed | evaluations in 2025 |
|---|---|---|---|---|---|---|---|
| Lotte | F | 22 | general | 2025-01-01..2025-12-31 | 2 | – | due 3, held 1 (interview) |
| Marc | M | 44 | training | 2024-06-01..2025-05-31 | 1 | 2025-03-31, work | due 1, held 1 (phone) |
| Jan | M | 39 | studies | 2025-02-01..2027-06-30 | 3 | – | due 2, held 0 |
| Sofie | F | 24 | community service | 2025-03-01..2025-08-31 | – | 2025-08-31, dropped out | due 2, held 1 (home visit) |
| Marc | M | 42 | general | 2023 (closed 2023) | – | outside the period | – |
| Peter | M | – | general | draft | – | never counted | – |

OCMW B: one signed general GPMI in 2025 (counted only for "all OCMWs").
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from openocmw.accounts.models import AuditEntry, Role
from openocmw.gpmi import exports, services
from openocmw.gpmi.stats import compute, statistics
from openocmw.registry import services as registry
from tests.conftest import actor_of, person_data
from tests.gpmi.conftest import contract, sign

GOALS2 = [
    {"goal": "Find a flat", "progress": "in_progress"},
    {"goal": "Follow a Dutch course", "progress": "in_progress"},
]


@pytest.fixture
def fixture(actor_a, actor_b, lotte, marc, jan):
    a = actor_a
    services.record_leefloon_start(a, lotte, date(2024, 12, 1), 2)
    services.record_leefloon_start(a, jan, date(2025, 1, 1), 3)
    g1 = services.draft_gpmi(a, lotte, contract())
    sign(a, services.latest_version(g1))
    services.record_evaluation(a, g1, held_on=date(2025, 4, 28), form="interview", progress=GOALS2)

    old = services.draft_gpmi(a, marc, contract(start=date(2023, 1, 1), end=date(2023, 6, 30)))
    sign(a, services.latest_version(old), on=date(2023, 1, 1))
    services.close_gpmi(a, old, closed_on=date(2023, 6, 30), outcome="other")

    g2 = services.draft_gpmi(
        a,
        marc,
        contract(
            kind="training",
            start=date(2024, 6, 1),
            end=date(2025, 5, 31),
            leefloon_category=1,
            facts={"provider": "VDAB", "programme": "Forklift driver"},
        ),
    )
    sign(a, services.latest_version(g2), on=date(2024, 6, 1))
    services.record_evaluation(a, g2, held_on=date(2025, 1, 20), form="phone", progress=GOALS2)
    services.close_gpmi(a, g2, closed_on=date(2025, 3, 31), outcome="work")

    g3 = services.draft_gpmi(
        a,
        jan,
        contract(
            kind="studies",
            start=date(2025, 2, 1),
            end=date(2027, 6, 30),
            facts={
                "institution": "KU Leuven",
                "programme": "Social work",
                "academic_year": "2024-2025",
                "study_years": 3,
            },
        ),
    )
    sign(a, services.latest_version(g3), on=date(2025, 2, 1))

    sofie = registry.create_person(
        a, person_data(first_name="Sofie", last_name="Claes", birth_date=date(2000, 5, 5), sex="F")
    )
    g4 = services.draft_gpmi(
        a,
        sofie,
        contract(
            kind="community_service",
            start=date(2025, 3, 1),
            end=date(2025, 8, 31),
            facts={
                "organisation": "Kringloop",
                "tasks": "Repair bikes",
                "hours_per_week": 4,
                "voluntary": True,
            },
        ),
    )
    sign(a, services.latest_version(g4), on=date(2025, 3, 1))
    services.record_evaluation(a, g4, held_on=date(2025, 6, 15), form="home_visit", progress=GOALS2)
    services.close_gpmi(a, g4, closed_on=date(2025, 8, 31), outcome="dropped_out")

    peter = registry.create_person(a, person_data(first_name="Peter", birth_date=date(1990, 1, 1)))
    services.draft_gpmi(a, peter, contract())

    b_person = registry.create_person(actor_b, person_data(first_name="Jean", language="fr"))
    gb = services.draft_gpmi(actor_b, b_person, contract())
    sign(actor_b, services.latest_version(gb))
    return a


def test_counts_per_kind_ongoing_versus_closed(fixture):
    s = compute(date(2025, 1, 1), date(2025, 12, 31), fixture.ocmw_id)
    assert s.by_kind == {
        "studies": {"started": 1, "ongoing": 1, "closed": 0},
        "training": {"started": 0, "ongoing": 0, "closed": 1},
        "community_service": {"started": 1, "ongoing": 0, "closed": 1},
        "general": {"started": 1, "ongoing": 1, "closed": 0},
    }
    assert s.totals == {"started": 3, "ongoing": 2, "closed": 2}


def test_counts_by_age_group_sex_and_category(fixture):
    s = compute(date(2025, 1, 1), date(2025, 12, 31), fixture.ocmw_id)
    assert s.by_age[0] == {"started": 2, "ongoing": 1, "closed": 1}  # under 25
    assert s.by_age[2] == {"started": 1, "ongoing": 1, "closed": 1}  # 35 to 44
    assert s.by_age[1] == s.by_age[3] == s.by_age[4] == {"started": 0, "ongoing": 0, "closed": 0}
    assert s.by_sex["F"] == {"started": 2, "ongoing": 1, "closed": 1}
    assert s.by_sex["M"] == {"started": 1, "ongoing": 1, "closed": 1}
    assert s.by_category[1] == {"started": 0, "ongoing": 0, "closed": 1}
    assert s.by_category[2] == {"started": 1, "ongoing": 1, "closed": 0}
    assert s.by_category[3] == {"started": 1, "ongoing": 1, "closed": 0}
    assert s.by_category[None] == {"started": 1, "ongoing": 0, "closed": 1}


def test_durations_outcomes_and_evaluations(fixture):
    s = compute(date(2025, 1, 1), date(2025, 12, 31), fixture.ocmw_id)
    # 2024-06-01..2025-03-31 is 304 days (10.0 months); 2025-03-01..2025-08-31 is 184 (6.0).
    assert s.durations["training"] == {"count": 1, "mean_months": 10.0, "median_months": 10.0}
    assert s.durations["community_service"]["mean_months"] == 6.0
    assert s.durations["all"] == {"count": 2, "mean_months": 8.0, "median_months": 8.0}
    assert s.outcomes == {
        "work": 1,
        "training": 0,
        "studies_finished": 0,
        "other": 0,
        "dropped_out": 1,
    }
    assert s.evaluations == {"due": 8, "held": 3, "in_person": 2, "missed": 6}


def test_a_period_in_2023_sees_only_the_old_gpmi(fixture):
    s = compute(date(2023, 1, 1), date(2023, 12, 31), fixture.ocmw_id)
    assert s.totals == {"started": 1, "ongoing": 0, "closed": 1}
    assert s.outcomes["other"] == 1


def test_the_federal_inspector_sees_all_ocmws_or_one(fixture, users, ocmw_b):
    inspector = actor_of(users[("a", Role.FEDERAL_INSPECTOR)])
    everything = statistics(inspector, date(2025, 1, 1), date(2025, 12, 31))
    assert compute(date(2025, 1, 1), date(2025, 12, 31), None).totals == {
        "started": 4,
        "ongoing": 3,
        "closed": 2,
    }
    # Counts under five leave no OCMW (issue 9 §8; tests/gpmi/test_disclosure.py).
    assert everything.ocmw_id is None and everything.threshold == 5
    assert everything.totals == {"started": None, "ongoing": None, "closed": None}
    only_b = statistics(inspector, date(2025, 1, 1), date(2025, 12, 31), ocmw_id=ocmw_b.pk)
    assert only_b.ocmw_id == ocmw_b.pk
    assert only_b.totals == {"started": None, "ongoing": None, "closed": 0}
    entry = AuditEntry.objects.filter(object_type="gpmi_statistics").latest("at")
    assert entry.subject_person_id is None and entry.detail["ocmw"] == ocmw_b.pk


def test_a_team_lead_sees_only_their_own_ocmw_and_a_social_worker_no_statistics(
    fixture, users, ocmw_b
):
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    s = statistics(lead, date(2025, 1, 1), date(2025, 12, 31), ocmw_id=ocmw_b.pk)
    assert s.ocmw_id == lead.ocmw_id and s.totals["started"] == 3
    with pytest.raises(PermissionDenied):
        statistics(fixture, date(2025, 1, 1), date(2025, 12, 31))


def test_csv_and_excel_exports_carry_the_same_numbers(fixture, users):
    import io

    from openpyxl import load_workbook

    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    s = statistics(lead, date(2025, 1, 1), date(2025, 12, 31), export="csv")
    with translation.override("nl"):
        text = exports.to_csv(s)
        total = translation.gettext("total")
    assert text.startswith("\ufeff")
    assert f"{total};3;2;2" in text
    with translation.override("fr"):
        wb = load_workbook(io.BytesIO(exports.to_xlsx(s)))
        titles = [str(t.title) for t in s.tables()]
    # The sheets are named in the reader's language, not by their codes (issue 10 §7).
    assert [ws.title for ws in wb.worksheets[1:]] == [t[:31] for t in titles]
    assert "kind" not in wb.sheetnames
    sheets = {t.key: wb.worksheets[i + 1] for i, t in enumerate(s.tables())}
    rows = list(sheets["kind"].iter_rows(values_only=True))
    assert rows[-1][1:] == (3, 2, 2)
    assert list(sheets["evaluations"].iter_rows(values_only=True))[2][1] == 8


def test_the_annual_report_is_a_pdf_with_the_numbers_and_svg_charts(fixture, users, tmp_path):
    from openocmw.gpmi.pdf import annual_report_pdf
    from tests.gpmi.test_contract import pdf_text

    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    s = statistics(lead, date(2025, 1, 1), date(2025, 12, 31), export="pdf")
    charts = s.charts()
    assert all(c.startswith("<svg") and "<rect" in c for c in charts)
    pdf = annual_report_pdf(s, "fr", 2025)
    text = pdf_text(pdf, tmp_path)
    assert "2025 " in text and "2.025" not in text and "OCMW Leuven" in text
    assert "01/01/2025" in text and "10,0" in text  # French decimals
