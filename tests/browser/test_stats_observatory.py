"""The federal inspector's observatory in Debian's Chromium: the tables with small counts
hidden, the SVG charts with their tables, a refused breakdown, at 390 px; axe on every page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_user
from tests.stats.conftest import beneficiary

from .test_registry_flow import expected, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDEST = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
# What sticks out on the right, for the failure message.
OVERFLOW = (
    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
    "window.innerWidth + 0.5).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + "
    "Math.round(e.getBoundingClientRect().right))"
)


def test_the_inspector_reads_the_observatory(page: Page, shot, axe, phone, ocmw_a, ocmw_b):
    inspector = make_user("inspector", None, "federal_inspector")
    for _i in range(8):
        beneficiary(ocmw_a, start=date(2025, 1, 1))
    for _i in range(3):
        beneficiary(ocmw_a, start=date(2025, 1, 1), sex="M", nationality="MA")
    for _i in range(6):
        beneficiary(ocmw_b, start=date(2025, 1, 1), sex="M")

    log_in(page, inspector.username, shot)
    page.goto("/stats/?year=2025")
    expect(page.locator("h1")).to_have_text(expected("Statistical observatory", "nl"))
    nationality = page.locator("#table-nationality")
    expect(nationality.locator("svg.chart")).to_have_count(1)
    expect(nationality.locator("tbody tr").first).to_contain_text("< 5")
    expect(page.locator("#disclosure")).to_be_visible()
    shot("observatory")
    axe("observatory")

    page.select_option("#id_ocmw", str(ocmw_b.pk))
    page.select_option("#id_by", "sex")
    page.select_option("#id_within", "sex")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_within-error")).to_contain_text(
        expected("Choose two different breakdowns.", "nl")
    )
    shot("refused")
    axe("refused breakdown")

    phone()
    page.goto("/stats/?year=2025")
    expect(page.locator("#table-ocmws")).to_be_visible()
    # Nothing of the observatory is wider than the screen: wide tables scroll inside
    # their own box (the page's own width is the base layout's, measured on the home page).
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => "
        "e.getBoundingClientRect().right > window.innerWidth && !e.closest('.stats-scroll'))"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert wide == []
    # ... and the document itself is no wider than the phone (it measured 407 px at 390).
    assert page.evaluate(WIDEST) <= 390, page.evaluate(OVERFLOW)
    shot("phone")
    axe("observatory on a phone")


def test_a_team_lead_defines_a_reform_and_gets_a_field_error(page: Page, shot, axe, users):
    lead = users[("a", "team_lead")]
    log_in(page, lead.username, shot)
    page.goto("/stats/")
    axe("observatory form")
    page.get_by_role(
        "link", name=expected("Reform of the socio-professional exemption", "nl")
    ).click()
    expect(page.locator("h1")).to_have_text(
        expected("Reform of the socio-professional exemption", "nl")
    )
    axe("reform form")
    page.fill("#id_percentage", "50")
    page.fill("#id_minimum", "300")
    page.fill("#id_maximum", "100")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_minimum-error")).to_have_text(
        expected("The minimum lies above the maximum.", "nl")
    )
    expect(page.locator("#id_percentage")).to_have_value("50")  # nothing entered is lost
    shot("reform refused")
    axe("reform refused")


def test_a_team_lead_runs_a_reform_to_its_results_and_export_on_a_phone(
    page: Page, shot, axe, phone, users, ocmw_a
):
    """Start a reform, follow its progress bar to the end, read the results (tables and
    charts) and download them, all at 390 px."""
    from tests.stats.conftest import decide

    situation = {
        "reference_date": "2025-03-01",
        "applicant": {
            "birth_date": "1985-04-12", "residence_status": "belgian",
            "conditions": {"actual_residence_in_belgium": True, "willing_to_work": True,
                           "other_benefits_claimed": True},
            "resources": [{"kind": "wages", "amount": 600, "period": "month"}],
            "spi": {"first_day": "2024-09-01", "days_worked": 12},
        },
        "household": {"members": []},
    }  # fmt: skip
    for _i in range(2):
        person = beneficiary(ocmw_a, start=date(2030, 1, 1))
        decide(person, start=date(2025, 1, 1), situation=situation)
    phone()
    log_in(page, users[("a", "team_lead")].username, shot)
    page.goto("/stats/reform/")
    page.fill("#id_percentage", "25")
    page.fill("#id_minimum", "0")
    page.fill("#id_maximum", "300")
    page.fill("#id_on", "2025-03-01")
    page.select_option("#id_population", "ocmw")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    job_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    bar = page.locator(f"#job-{job_id}-bar")
    expect(bar).to_have_attribute("value", "0")  # queued: no worker in this test
    shot("reform queued")
    axe("reform queued")
    from openocmw.jobs.runner import execute

    execute(job_id)  # the worker runs it; the page follows without a reload (HTMX)
    expect(bar).to_have_attribute("value", "100", timeout=15000)
    expect(page.locator(f"#job-{job_id}-text")).to_contain_text("2")
    assert page.evaluate(WIDEST) <= 390, page.evaluate(OVERFLOW)
    shot("reform done")
    axe("reform job")

    page.goto("/stats/reform/")
    run = page.locator("section[id^=run-]").first
    expect(run.locator("svg.chart")).to_have_count(2)
    expect(run.locator("table").first).to_contain_text("2")
    assert page.evaluate(WIDEST) <= 390, page.evaluate(OVERFLOW)
    shot("reform results")
    axe("reform results on a phone")
    with page.expect_download() as download:
        run.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert expected("by category", "nl") in text and "-" in text

    page.goto("/stats/?year=2025")  # the OCMW's own observatory, with every table
    expect(page.locator("#table-clusters svg.chart")).to_have_count(1)
    assert page.evaluate(WIDEST) <= 390, page.evaluate(OVERFLOW)
    axe("observatory of the OCMW on a phone")
