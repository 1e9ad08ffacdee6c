"""Issue 10 §1 in Debian's Chromium: a newborn without INSZ joins the household, a likely
duplicate is shown before saving, and the search counts, pages and keeps the query on the way
back. axe-core checks every page visited; the search also at 390 px."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import AuditEntry, Role
from openocmw.registry import services
from openocmw.registry.insz import formatted
from openocmw.registry.models import Membership, Person
from tests.browser.test_registry_flow import expected, log_in
from tests.conftest import person_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_person(page: Page, first: str, last: str, born: date, sex: str = "F") -> None:
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_birth_date", born.isoformat())
    page.select_option("#id_sex", sex)
    page.select_option("#id_language", "nl")
    page.fill("#id_street", "Kerkstraat")
    page.fill("#id_house_number", "12")
    page.fill("#id_postal_code", "3000")
    page.fill("#id_municipality", "Leuven")
    page.select_option("#id_status", "belgian")
    page.fill("#id_status_from", born.isoformat())


def test_a_newborn_without_insz_joins_the_household(
    page: Page, shot, axe, live_server, users, household
):
    today = date.today()
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username, shot)
    page.goto(f"/households/{household.pk}/")
    axe("household")
    page.locator(f"a[href='/persons/new/?household={household.pk}']").click()
    page.wait_for_url(f"**/persons/new/?household={household.pk}")
    _fill_person(page, "Lotte", "Peeters", today)  # no national number yet
    axe("new person for a household")
    shot("newborn-form")
    page.locator("main form button[type=submit]").click()

    lotte = Person.objects.get(first_name="Lotte")
    page.wait_for_url(re.compile(rf"/households/{household.pk}/\?person={lotte.pk}$"))
    expect(page.locator("#joining")).to_contain_text("Lotte Peeters")
    expect(page.locator("#id_reason")).to_have_value("moved_in")  # set, as the issue asks
    expect(page.locator("#id_date")).to_have_value(today.isoformat())
    axe("household change for the newborn")
    shot("newborn-household-form")
    page.select_option("#id_reason", "birth")
    page.select_option("#id_relation", "child")
    page.locator("#household-change button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/households/{household.pk}/$"))
    expect(page.locator("p.message")).to_have_text(
        expected("The household change is recorded.", "nl")
    )
    expect(page.locator("ol.timeline > li").first).to_contain_text("Lotte Peeters")
    axe("household after the birth")
    shot("newborn-in-timeline")
    stay = Membership.objects.get(person=lotte)
    assert stay.household_id == household.pk and stay.start_reason == "birth"


def test_a_likely_duplicate_is_shown_and_the_worker_decides(
    page: Page, shot, axe, live_server, users, jan
):
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username, shot)
    page.goto("/persons/new/")
    axe("new person")
    # The same man, names in the other order and a typo, no national number.
    _fill_person(page, "Peters", "Jan", date(1985, 7, 30), sex="M")
    page.locator("main form button[type=submit]").click()

    warning = page.locator("#duplicates")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(expected("This person may already be registered", "nl"))
    link = warning.locator(f"a[href='/persons/{jan.pk}/']")
    expect(link).to_have_text("Peeters Jan")
    expect(warning).to_contain_text(formatted(jan.insz))
    expect(page.locator("#id_first_name")).to_have_value("Peters")  # nothing typed is lost
    assert Person.objects.count() == 1
    axe("duplicate warning")
    shot("duplicate-warning")

    page.locator("#different_person").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/persons/\d+/$"))
    other = Person.objects.exclude(pk=jan.pk).get()
    expect(page.locator("h1")).to_have_text("Jan Peters")
    axe("file of the second person")
    entry = AuditEntry.objects.get(action="create", object_type="person", object_id=other.pk)
    assert entry.detail == {"not_duplicate_of": [jan.pk]}


def test_the_search_counts_pages_and_keeps_the_query_on_the_way_back(
    page: Page, shot, axe, phone, live_server, users, actor_a, jan
):
    for i in range(30):
        services.create_person(
            actor_a, person_data(insz="", first_name=f"Kind{i:02d}", birth_date=date(2000, 1, 1 + i % 28)),
        )  # fmt: skip
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username, shot)
    page.locator("#q").press_sequentially("peeters", delay=20)
    expect(page.locator("#result-count")).to_contain_text("31 personen gevonden")
    page.wait_for_url(re.compile(r"/persons/\?q=peeters"))  # the live search is in the URL
    expect(page.locator("#results")).to_contain_text(formatted(jan.insz))
    axe("search results")
    shot("search-count")

    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"/persons/\?q=peeters&page=2$"))
    expect(page.locator("#result-count")).to_contain_text("26 tot 31 getoond")
    expect(page.locator("#q")).to_have_value("peeters")
    axe("search results, page 2")
    shot("search-page-2")

    first = page.locator("#results tbody a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/persons/\d+/\?q=peeters&page=2$"))
    expect(page.locator("h1")).to_have_text(name)
    axe("person file from the search")
    page.locator("#back-to-search").click()
    page.wait_for_url(re.compile(r"/persons/\?q=peeters&page=2$"))
    expect(page.locator("#q")).to_have_value("peeters")
    expect(page.locator("#result-count")).to_contain_text("26 tot 31 getoond")
    # The browser's own Back from a file works as well.
    page.locator("#results tbody a").first.click()
    page.wait_for_url(re.compile(r"/persons/\d+/"))
    page.go_back()
    expect(page.locator("#q")).to_have_value("peeters")

    # By first name alone, and by address, on a phone.
    phone()
    page.goto("/persons/?q=jan")
    expect(page.locator("#results")).to_contain_text("Peeters Jan")
    expect(page.locator("#result-count")).to_contain_text("1 persoon gevonden")
    page.goto("/persons/")
    page.locator("#address-search summary").click()
    page.fill("#street", "kerk")
    page.fill("#number", "12")
    page.locator("#person-search button[type=submit]").click()
    expect(page.locator("#result-count")).to_contain_text("31 personen gevonden")
    axe("search by address on a phone")
    shot("search-address-phone")
