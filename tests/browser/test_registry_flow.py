"""The registry as a social worker uses it, in Debian's Chromium.

A social worker of OCMW A (Leuven, Dutch) logs in, finds Jan Peeters, reads his file,
registers a partner who moves in, sees the new composition, and switches to French.
A social worker of OCMW B (Namur) who opens the address of A's person gets a 404, and the
attempt is in the audit log.

Labels are looked up in the project's own catalogues (``expected("Label", "fr")``), so the
assertions follow the translators' wording, and a label missing from a catalogue fails.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from openocmw.accounts.models import AuditEntry, Role
from openocmw.registry.demo import insz_for
from openocmw.registry.insz import formatted
from openocmw.registry.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # conftest.make_user
BELGIAN_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


def expected(msgid: str, language: str) -> str:
    """The text the page shows for ``msgid`` in ``language``, from the compiled catalogue."""
    with translation.override(language):
        return translation.gettext(msgid)


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def log_in(page: Page, username: str, shot, axe=None) -> None:
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^(nl|fr)$"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    if axe is not None:
        axe("login")
    shot("login")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))


def test_social_worker_records_a_partner_moving_in_then_reads_the_file_in_french(
    page: Page, shot, axe, live_server, users, jan
):
    today = date.today()
    household_id = jan.household_memberships.get().household_id

    # 1. Log in as a social worker of OCMW A (Leuven): the interface is Dutch.
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username, shot)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text(expected("Find a person", "nl"))
    axe("home")
    shot("home")

    # 2. Search by name on the home page: results come in while typing (HTMX).
    page.locator("#q").press_sequentially("peeters ja", delay=20)
    result = page.locator("#results a", has_text="Peeters Jan")
    expect(result).to_be_visible()
    expect(page.locator("#results")).to_contain_text(formatted(jan.insz))  # issue 10 §1
    axe("search-results")
    shot("search-results")

    # 3. Open the file: identity, residence status history, household timeline.
    result.click()
    page.wait_for_url(re.compile(rf"/persons/{jan.pk}/\?q=peeters"))  # with the way back
    expect(page.locator("h1")).to_have_text("Peeters Jan")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(formatted(jan.insz))  # 85.07.30-033.xx
    expect(facts).to_contain_text("30/07/1985")
    expect(facts).to_contain_text("België")  # CLDR name, independent of the catalogues
    expect(facts).to_contain_text("Kerkstraat 12, 3000 Leuven")
    statuses = page.locator("#statuses")
    expect(statuses.locator("h2")).to_have_text(expected("Residence status history", "nl"))
    expect(statuses.locator("tbody tr")).to_have_count(1)
    expect(statuses.locator("tbody tr").first).to_contain_text(expected("Belgian", "nl"))
    expect(statuses.locator("tbody tr").first).to_contain_text("30/07/1985")
    timeline = page.locator("#households ol.timeline > li")
    expect(timeline).to_have_count(1)
    expect(timeline.first).to_contain_text("01/01/2015")
    expect(timeline.first).to_contain_text("Jan Peeters")
    expect(timeline.first).to_contain_text(expected("reference person", "nl"))
    axe("person-file")
    shot("person-file")

    # 4. Go to the household and register the person who moves in.
    page.locator("#households h3 a").click()
    page.wait_for_url(f"**/households/{household_id}/")
    axe("household")
    shot("household")
    page.locator(f"a[href='/persons/new/?household={household_id}']").click()
    page.wait_for_url(f"**/persons/new/?household={household_id}")
    partner_birth = date(1987, 3, 12)
    partner_insz = insz_for(partner_birth, 2)  # even serial: female
    page.fill("#id_insz", formatted(partner_insz))
    page.fill("#id_first_name", "Marie")
    page.fill("#id_last_name", "Claes")
    page.fill("#id_birth_date", partner_birth.isoformat())  # <input type=date>
    page.select_option("#id_sex", "F")
    expect(page.locator("#id_nationality")).to_have_value("BE")
    page.select_option("#id_language", "nl")
    page.fill("#id_street", "Kerkstraat")
    page.fill("#id_house_number", "12")
    page.fill("#id_postal_code", "3000")
    page.fill("#id_municipality", "Leuven")
    page.select_option("#id_status", "belgian")
    page.fill("#id_status_from", partner_birth.isoformat())
    axe("new-person-form")
    shot("new-person-form")
    page.locator("main form button[type=submit]").click()

    # 5. Back on the household page with the national number filled in, set to "moves in".
    marie = Person.objects.get(insz=partner_insz)
    page.wait_for_url(re.compile(rf"/households/{household_id}/\?person={marie.pk}$"))
    expect(page.locator("p.message")).to_contain_text("Marie Claes")
    expect(page.locator("#id_person_insz")).to_have_value(partner_insz)
    expect(page.locator("#id_date")).to_have_value(today.isoformat())
    page.select_option("#id_reason", "moved_in")
    page.select_option("#id_relation", "partner")
    axe("household-change-form")
    shot("household-change-form")
    page.locator("#household-change button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/households/{household_id}/$"))
    expect(page.locator("p.message")).to_have_text(
        expected("The household change is recorded.", "nl")
    )

    # 6. The timeline, newest period first: from today Jan and Marie, before that Jan alone.
    periods = page.locator("ol.timeline > li")
    expect(periods).to_have_count(2)
    expect(periods.nth(0).locator(".period")).to_contain_text(dmy(today))
    expect(periods.nth(0)).to_contain_text("Marie Claes")
    expect(periods.nth(0)).to_contain_text(expected("partner", "nl"))
    expect(periods.nth(0)).to_contain_text("Jan Peeters")
    expect(periods.nth(1)).to_contain_text("01/01/2015")
    expect(periods.nth(1)).not_to_contain_text("Marie Claes")
    axe("household-timeline")
    shot("household-timeline")
    assert marie.ocmw_id == jan.ocmw_id

    # 7. Jan's file shows the new composition too.
    page.goto(f"/persons/{jan.pk}/")
    expect(page.locator("#households ol.timeline > li").first).to_contain_text("Marie Claes")
    axe("person-file-after-change")
    shot("person-file-after-change")

    # 8. Switch the interface to French with the language button.
    page.locator("#language-switch button[name=language][value=fr]").click()
    page.wait_for_url(f"**/persons/{jan.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#language-switch button")).to_have_text(["Nederlands", "Deutsch"])
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Belgique")
    expect(facts).not_to_contain_text("België")
    expect(facts).to_contain_text("30/07/1985")  # Belgian dates in French too: dd/mm/yyyy
    assert BELGIAN_DATE.search(page.locator("#statuses").inner_text())
    assert_french_labels(page)
    axe("person-file-in-french")
    shot("person-file-in-french")


def assert_french_labels(page: Page) -> None:
    """French labels are visible and their Dutch counterparts are not.

    The texts come from the compiled catalogues, so a translator may reword them; a message
    that is missing from either catalogue (the same text in both) fails here.
    """
    labels = ["Residence status history", "Household composition", "reference person"]
    untranslated = [m for m in labels if expected(m, "fr") == expected(m, "nl")]
    assert not untranslated, f"not translated in both nl and fr .po files: {untranslated}"
    main = page.locator("main")
    for msgid in labels:
        expect(main).to_contain_text(expected(msgid, "fr"))
        expect(main).not_to_contain_text(expected(msgid, "nl"))
    for section, msgid in (("#statuses", "Residence status history"),
                           ("#households", "Household composition")):  # fmt: skip
        heading = page.locator(f"{section} h2")
        expect(heading).to_be_visible()
        expect(heading).to_have_text(expected(msgid, "fr"))


@pytest.mark.parametrize("browser_locale", ["fr-BE"])
def test_user_of_another_ocmw_gets_404_and_the_attempt_is_audited(
    page: Page, shot, axe, live_server, users, jan, ocmw_b
):
    outsider = users[("b", Role.SOCIAL_WORKER)]
    log_in(page, outsider.username, shot, axe)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    axe("home-ocmw-b")
    shot("home-ocmw-b")

    response = page.goto(f"/persons/{jan.pk}/")
    assert response is not None
    assert response.status == 404
    body = page.locator("body")
    expect(body).not_to_contain_text("Peeters")
    expect(body).not_to_contain_text(jan.insz)
    expect(body).not_to_contain_text(formatted(jan.insz))
    # The project's 404 page (web/templates/404.html), in the user's language.
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("main h1")).to_have_text(expected("Page not found", "fr"))
    axe("404")
    shot("404")

    denied = AuditEntry.objects.filter(
        action="denied", object_type="person", object_id=str(jan.pk), user=outsider,
        ocmw=ocmw_b,
    )  # fmt: skip
    assert denied.count() == 1, list(AuditEntry.objects.values_list("username", "action"))
    entry = denied.get()
    assert entry.ocmw_id == ocmw_b.pk
    assert entry.subject_person_id is None  # nothing about A's person is written into B's log
    assert entry.detail == {"reason": "not found in this OCMW"}
