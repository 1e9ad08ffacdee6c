"""A GPMI as a social worker lives it, in Debian's Chromium: draft, sign, evaluate, close; then
the team lead opens the statistics. Screenshots under test-results/screenshots/<test>/.

The Chromium/Playwright fixtures are those of tests/browser/conftest.py, used as they are.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.gpmi import services
from openocmw.gpmi.models import Gpmi
from tests.browser import conftest as _browser

# The fixtures of tests/browser/conftest.py, used as they are (pytest finds fixtures by name
# in the test module).
browser = _browser.browser
browser_locale = _browser.browser_locale
chromium_executable = _browser.chromium_executable
page = _browser.page
shot = _browser.shot
shots_dir = _browser.shots_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # tests.conftest.make_user


def t(msgid: str, language: str = "nl") -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))


def test_draft_sign_evaluate_close_then_statistics(
    page: Page, shot, live_server, users, actor_a, lotte
):
    today = date.today()
    start, end = today - timedelta(days=60), today + timedelta(days=300)
    services.record_leefloon_start(actor_a, lotte, start - timedelta(days=20), 2)

    # 1. The person file flags that a GPMI is required, and by when.
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username)
    page.goto(f"/persons/{lotte.pk}/")
    due = services.add_months(start - timedelta(days=20), 3)  # law art. 11: within 3 months
    expect(page.locator("#gpmi-required")).to_contain_text(dmy(due))
    shot("person-file-flag")
    page.locator("#gpmi h2 a").click()
    page.wait_for_url(f"**/gpmi/persons/{lotte.pk}/")
    page.get_by_role("link", name=t("Draft a GPMI")).click()

    # 2. Draft: a community service without the person's own request is refused, naming it.
    page.select_option("#id_kind", "community_service")
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", end.isoformat())
    page.fill("#id_goals", "Find a flat\nFollow a Dutch course")
    page.fill("#id_person_commitments", "Visit two landlords a week.")
    page.fill("#id_ocmw_commitments", "Pay the rental guarantee.")
    page.fill("#id_organisation", "Kringloopwinkel Leuven")
    page.fill("#id_tasks", "Sorting clothes")
    page.fill("#id_hours_per_week", "6")
    page.locator("#contract-form button[type=submit]").click()
    expect(page.locator("#id_voluntary-error")).to_be_visible()
    assert Gpmi.objects.count() == 0
    shot("draft-refused-not-voluntary")
    page.check("#id_voluntary")
    page.locator("#contract-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/gpmi/\d+/$"))
    gpmi = Gpmi.objects.get()
    expect(page.locator("#status")).to_have_text(t("draft"))
    shot("draft-saved")

    # 3. Sign: not without a social balance at the start (issue 10 §8); then both parties
    #    sign, the contract is valid and evaluations are planned.
    page.fill("#id_person_signed_on", start.isoformat())
    page.fill("#id_ocmw_signed_on", start.isoformat())
    page.locator("#sign button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(
        t("Record the social balance at the start first: the contract rests on it.")
    )
    expect(page.locator("#status")).to_have_text(t("draft"))
    page.goto(f"/gpmi/{gpmi.pk}/balance/")
    page.select_option("#id_moment", "start")
    page.fill("#id_recorded_on", start.isoformat())
    page.fill("#id_housing_person", "Ik slaap bij mijn tante.")
    page.select_option("#id_housing_score", "2")
    page.locator("#record button[type=submit]").click()
    expect(page.locator("#comparison")).to_contain_text("2/5")
    page.goto(f"/gpmi/{gpmi.pk}/")
    page.fill("#id_person_signed_on", start.isoformat())
    page.fill("#id_ocmw_signed_on", start.isoformat())
    page.locator("#sign button[type=submit]").click()
    expect(page.locator("#status")).to_have_text(t("running"))
    first_due = services.add_months(start, 4)
    expect(page.locator("#evaluations")).to_contain_text(dmy(first_due))
    expect(page.locator("#contract a", has_text="PDF")).to_be_visible()
    shot("signed")

    # 4. Evaluate: an interview today, progress per goal.
    page.locator("#evaluate summary").click()
    page.fill("#id_held_on", today.isoformat())
    page.select_option("#id_form", "interview")
    page.select_option("#id_goal_0", "achieved")
    page.select_option("#id_goal_1", "in_progress")
    page.fill("#id_adjustments", "Register at the CVO for level 2.")
    page.locator("#evaluate button[type=submit]").click()
    expect(page.locator("#evaluations")).to_contain_text(dmy(today))
    expect(page.locator("#evaluations")).to_contain_text(t("achieved"))
    shot("evaluated")

    # 5. Close with the outcome.
    page.locator("#close summary").click()
    page.fill("#id_closed_on", today.isoformat())
    page.select_option("#id_outcome", "work")
    page.locator("#close button[type=submit]").click()
    expect(page.locator("#status")).to_contain_text(t("closed"))
    expect(page.locator("#status")).to_contain_text(t("work"))
    shot("closed")
    gpmi.refresh_from_db()
    assert (gpmi.status, gpmi.outcome, gpmi.closed_on) == ("closed", "work", today)

    # 6. The team lead opens the statistics for this year: one closed GPMI, work.
    page.locator("header form.inline button", has_text=t("Log out")).click()
    log_in(page, users[("a", Role.TEAM_LEAD)].username)
    page.goto("/gpmi/statistics/")
    page.fill("#id_start", date(today.year, 1, 1).isoformat())
    page.fill("#id_until", date(today.year, 12, 31).isoformat())
    page.locator("form.filters button[type=submit]").click()
    kind_table = page.locator("#table-kind")
    expect(kind_table).to_contain_text(str(t("community service")))
    total_row = kind_table.locator("tr", has_text=t("total"))
    expect(total_row).to_contain_text("1")
    expect(page.locator("#table-outcomes tr", has_text=t("work"))).to_contain_text("1")
    expect(page.locator("#charts svg").first).to_be_visible()
    shot("statistics")
