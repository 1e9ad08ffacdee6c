"""A payment run in Debian's Chromium: a social worker computes it, a team lead approves it and
downloads the SEPA file; axe-core on every page, and the run page at 390 px."""

from __future__ import annotations

from datetime import date

import pytest
import xmlschema
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.finance.fixtures import make_decision
from openocmw.finance.models import PaymentRun
from tests.browser import conftest as _browser
from tests.browser.test_registry_flow import expected, log_in

from .test_sepa import XSD

# The fixtures of tests/browser/conftest.py, used as they are (as tests/gpmi/test_browser.py).


@pytest.fixture(scope="module")
def browser(chromium_executable):
    """Chromium for this module only, closed when it ends: a package-scoped browser of this
    package would still be open when tests/gpmi's browser test starts its own Playwright."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(
                executable_path=chromium_executable, args=_browser.CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


browser_locale = _browser.browser_locale
chromium_executable = _browser.chromium_executable
page = _browser.page
shot = _browser.shot
shots_dir = _browser.shots_dir
axe = _browser.axe
phone = _browser.phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_payment_run_from_computation_to_approval_to_the_file(
    page: Page, shot, axe, phone, users, jan, account_jan, payer_a, tmp_path
):
    make_decision(jan, start=date(2026, 3, 1), amount="1000.00")  # no arrears before March
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username, shot)
    page.goto("/finance/")
    expect(page.locator("h1")).to_have_text(expected("Monthly payment runs", "nl"))
    axe("payment runs")
    page.fill("#id_month", "2026-03")
    page.fill("#id_execution_date", "2026-03-02")
    shot("start")
    page.get_by_role("button", name=expected("Start the payment run", "nl")).click()
    expect(page.locator("#run-state")).to_have_text(expected("computed, awaiting approval", "nl"))
    expect(page.locator("#run-total")).to_have_text("1000,00")
    expect(page.get_by_role("link", name="Peeters Jan")).to_be_visible()
    axe("computed run")
    shot("computed")
    run = PaymentRun.objects.get()

    page.locator("form[action='/logout/'] button").click()
    log_in(page, users[("a", Role.TEAM_LEAD)].username, shot)
    page.goto(f"/finance/runs/{run.pk}/")
    page.get_by_role("button", name=expected("Approve the run", "nl")).click()
    expect(page.locator("#run-state")).to_have_text(expected("approved, transfer file ready", "nl"))
    axe("approved run")
    with page.expect_download() as info:
        page.get_by_role("link", name=expected("Download the transfer file (SEPA)", "nl")).click()
    path = tmp_path / "sepa.xml"
    info.value.save_as(path)
    xmlschema.XMLSchema(str(XSD)).validate(str(path))
    assert b"BE62510007547061" in path.read_bytes()
    phone()
    axe("approved run on a phone")
    shot("phone")


def test_the_new_finance_pages_with_axe_on_a_phone(
    page: Page, shot, axe, phone, users, jan, account_jan
):
    """The person's finance file (suspensions, recovery claims, exemption clock, art. 60 §7,
    Law-65 forms, medical aid), the caseload and the Law-65 list: axe-core at 390 px, and a
    claim larger than what was paid refused on its field with what was typed kept."""
    make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    from openocmw.finance.services import runs
    from tests.conftest import actor_of

    runs.start_run(actor_of(users[("a", Role.SOCIAL_WORKER)]), date(2026, 3, 1))
    phone()
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username, shot)
    page.goto(f"/finance/persons/{jan.pk}/")
    axe("person's finance file on a phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    page.fill("#id_c_period_start", "2026-03-01")
    page.fill("#id_c_period_end", "2026-03-31")
    page.fill("#id_c_amount", "1500,00")
    page.fill("#id_c_reference", "kruiscontrole")
    page.get_by_role("button", name=expected("Open the recovery claim", "nl")).click()
    expect(page.locator("#id_c_amount-error")).to_be_visible()
    expect(page.locator("#id_c_reference")).to_have_value("kruiscontrole")
    axe("claim refused on its field")
    shot("claim refused")
    for url in ("/finance/art60/", "/finance/law65/"):
        page.goto(url)
        axe(url)
    page.emulate_media(media="print")
    page.goto(f"/finance/persons/{jan.pk}/")
    expect(page.locator("form.no-print").first).to_be_hidden()
    shot("printed")
