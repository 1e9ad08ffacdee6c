"""Pages that work on a phone and on paper, in Debian's Chromium (issue 10 §10 and §3, §6,
§7, §9 in the browser): a menu that collapses accessibly at 390 px and reaches GPMI, a skip
link, a favicon, a person summary and a case printed to PDF (checked with pdftotext), the
journal, the documents, the tasks, the audit log, the register list and the user pages, each
checked with axe-core and shot at 390 px and 1366 px."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.casework import services as casework
from openocmw.registry.insz import formatted

from .test_registry_flow import PASSWORD, expected

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def both_widths(page: Page, shot, phone, axe, name: str) -> None:
    """axe-core and a screenshot of the current page at 1366 px and at 390 px."""
    page.set_viewport_size(DESKTOP)
    axe(f"{name} (1366 px)")
    shot(f"{name}-1366")
    phone()
    axe(f"{name} (390 px)")
    shot(f"{name}-390")
    page.set_viewport_size(DESKTOP)


def pdf_text(page: Page, tmp_path: Path, name: str) -> str:
    page.emulate_media(media="print")
    path = tmp_path / f"{name}.pdf"
    page.pdf(path=str(path), format="A4")
    page.emulate_media(media="screen")
    done = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout


def test_on_a_phone_the_menu_collapses_and_reaches_gpmi(page: Page, shot, phone, axe, users):
    phone()
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username)
    toggle = page.locator("#menu-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    gpmi = page.locator("#site-menu nav a", has_text=expected("GPMI", "nl"))
    expect(gpmi).to_be_hidden()
    axe("home, menu closed (390 px)")
    shot("menu-closed-390")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(gpmi).to_be_visible()
    box = gpmi.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    axe("home, menu open (390 px)")
    shot("menu-open-390")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    toggle.click()
    gpmi.click()
    page.wait_for_url(re.compile(r"/gpmi/"))
    axe("GPMI (390 px)")
    # Nothing is wider than the phone: no sideways scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot("gpmi-390")
    # On a desktop the menu is open and the button gone.
    page.set_viewport_size(DESKTOP)
    expect(toggle).to_be_hidden()
    expect(page.locator("#site-menu nav a", has_text=expected("GPMI", "nl"))).to_be_visible()
    shot("gpmi-1366")


def test_skip_link_and_favicon(page: Page, shot, axe, users, live_server):
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username)
    page.goto("/tasks/")  # a page without autofocus: Tab starts at the top
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_have_text(expected("Skip to the content", "nl"))
    shot("skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    axe("tasks")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).status == 200
    assert page.request.get("/favicon.ico").status == 200


def test_a_person_summary_and_a_case_print_cleanly(page: Page, shot, users, actor_a, jan, tmp_path):
    req = casework.register_request(
        actor_a, jan, received_on=date.today() - timedelta(days=3), kind="leefloon",
        channel="counter",
    )  # fmt: skip
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username)
    page.goto(f"/persons/{jan.pk}/")
    text = pdf_text(page, tmp_path, "person")
    assert "Peeters Jan" in text and formatted(jan.insz) in text
    for chrome in (expected("Log out", "nl"), expected("Skip to the content", "nl"),
                   expected("New person", "nl"), expected("Menu", "nl")):  # fmt: skip
        assert chrome not in text, f"{chrome!r} printed"
    page.goto(f"/cases/{req.pk}/")
    text = pdf_text(page, tmp_path, "case")
    assert req.number in text and "Peeters" in text
    assert expected("Log out", "nl") not in text
    shot("case-screen")


def test_journal_documents_and_tasks_in_the_browser(
    page: Page, shot, phone, axe, users, actor_a, jan, tmp_path
):
    casework.register_request(
        actor_a, jan, received_on=timezone.localdate() - timedelta(days=27), kind="leefloon",
        channel="counter",
    )  # fmt: skip
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username)
    page.goto(f"/persons/{jan.pk}/")
    page.locator("nav.tabs a", has_text=expected("Journal", "nl")).click()
    page.wait_for_url(re.compile(r"/journal/$"))
    page.fill("#id_text", "Telefoon: brengt loonfiches binnen op maandag.")
    page.select_option("#id_kind", "phone")
    page.check("#id_confidential")
    page.locator("#note-new button[type=submit]").click()
    expect(page.locator("#journal-notes")).to_contain_text("loonfiches")
    expect(page.locator("#journal-notes")).to_contain_text(expected("confidential", "nl"))
    page.fill("#journal-q", "loonfiches")
    page.locator("form[role=search] button").click()
    expect(page.locator("#journal-notes li")).to_have_count(1)
    both_widths(page, shot, phone, axe, "journal")

    page.locator("nav.tabs a", has_text=expected("Documents", "nl")).click()
    page.wait_for_url(re.compile(r"/documents/$"))
    pdf = tmp_path / "huurcontract.pdf"
    from tests.inputs.samples import pdf as pdf_bytes

    pdf.write_bytes(pdf_bytes())
    page.set_input_files("#id_file", str(pdf))
    page.fill("#id_title", "Huurcontract")
    page.locator("#document-new button[type=submit]").click()
    expect(page.locator("#documents")).to_contain_text("Huurcontract")
    both_widths(page, shot, phone, axe, "documents")

    page.locator("#site-menu nav a", has_text=expected("My tasks", "nl")).click()
    page.wait_for_url(re.compile(r"/tasks/$"))
    expect(page.locator("#tasks")).to_contain_text("Jan Peeters")
    both_widths(page, shot, phone, axe, "tasks")


def test_audit_log_register_list_and_users_in_the_browser(
    page: Page, shot, phone, axe, users, actor_a, jan, settings
):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}
    casework.register_request(
        actor_a, jan, received_on=date.today() - timedelta(days=2), kind="leefloon",
        channel="counter",
    )  # fmt: skip
    log_in(page, users[("a", Role.SECURITY_ADVISER)].username)
    page.goto("/audit/")
    page.fill("input[name=insz]", formatted(jan.insz))
    page.locator("#audit-filters button[type=submit]").click()
    expect(page.locator("main table")).to_contain_text(expected("aid request", "nl"))
    both_widths(page, shot, phone, axe, "audit-log")
    page.locator("#audit-verify").click()
    page.wait_for_url(re.compile(r"/audit/verify/\d+/$"))
    expect(page.locator("#verify-result")).to_contain_text("intact")
    axe("chain check")
    page.locator("form[action='/logout/'] button").click()

    log_in(page, users[("a", Role.TEAM_LEAD)].username)
    page.goto("/register/")
    page.locator("#register-list-link").click()
    page.wait_for_url(re.compile(r"/register/requests/"))
    expect(page.locator("#register-rows")).to_contain_text("Jan Peeters")
    both_widths(page, shot, phone, axe, "register-list")
    page.locator("form[action='/logout/'] button").click()

    log_in(page, users[("a", Role.OCMW_ADMIN)].username)
    page.goto("/users/")
    both_widths(page, shot, phone, axe, "users")
    page.fill("#id_username", "nieuwe.collega")
    page.fill("#id_first_name", "Nieuwe")
    page.fill("#id_last_name", "Collega")
    page.select_option("#id_role", "social_worker")
    page.locator("#user-new button[type=submit]").click()
    expect(page.locator("#one-time-password")).to_be_visible()
    axe("one-time password")
    page.locator("main a", has_text=expected("Back to the user", "nl")).click()
    both_widths(page, shot, phone, axe, "user-detail")
