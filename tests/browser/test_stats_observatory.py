"""The federal inspector's observatory in Debian's Chromium: the tables with small counts
hidden, the SVG charts with their tables, a refused breakdown, at 390 px; axe on every page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_user
from tests.stats.conftest import beneficiary

from .test_registry_flow import expected, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
