"""The citizen's pages in Chromium (issue 12 §1-2): the rights explorer and the self-check in
Dutch and French (German once), at 1366 and 390 px, with axe-core on every page: 0 violations
of any impact. No cookie is ever set."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


@pytest.fixture
def leuven(ocmw_a):
    cache.clear()
    ocmw_a.address = "Grote Markt 9"
    ocmw_a.opening_hours = "Maandag tot vrijdag 9:00-12:00"
    ocmw_a.phone = "016 24 80 00"
    ocmw_a.save()
    # The first request of the process imports every URL configuration and loads the rules:
    # done here, not against the browser's timeout on a busy machine.
    Client().get("/public/24062/nl/")
    Client().post("/public/24062/nl/selfcheck/", {"step": "1", "partner": "no"})
    return ocmw_a


def overflow(page: Page) -> int:
    """How many pixels the page is wider than its screen (0: it fits)."""
    return page.evaluate(
        "Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"
    )


def check(page: Page, axe, where: str) -> None:
    violations = axe(where)
    assert violations == [], [(v["id"], v["impact"], v["help"]) for v in violations]
    assert overflow(page) == 0, where


def check_both(page: Page, axe, where: str) -> None:
    """The page as it is, at both widths (ending at the width it had)."""
    width = page.viewport_size["width"]
    for w in sorted(WIDTHS, key=lambda x: x == width):
        page.set_viewport_size({"width": w, "height": 900})
        check(page, axe, f"{where} {w}")


@pytest.mark.parametrize("lang,heading,right", [("nl", "Uw rechten", "Leefloon"),
                                                 ("fr", "Vos droits", "Revenu d'intégration")])  # fmt: skip
def test_the_explorer_at_both_widths(page: Page, axe, shot, leuven, lang, heading, right):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/public/24062/{lang}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check(page, axe, f"explorer {lang} {width}")
        page.select_option("#filter-domain", "income")
        page.get_by_role("button", name={"nl": "Tonen", "fr": "Afficher"}[lang]).click()
        expect(page).to_have_url(f"/public/24062/{lang}/?domain=income&group=&level=&automatic=")
        check(page, axe, f"explorer filtered {lang} {width}")
        page.get_by_role("link", name=right, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(right)
        expect(page.locator(".where")).to_contain_text("Grote Markt 9")
        check(page, axe, f"right {lang} {width}")
        shot(f"right-{lang}-{width}")
    page.goto("/public/24062/de/rights/leefloon/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eingliederungseinkommen")
    check(page, axe, "right de 390")
    page.goto("/public/")
    check_both(page, axe, "directory")
    assert page.context.cookies() == []


def test_a_self_check_walked_through_on_a_phone_in_dutch(page: Page, axe, shot, leuven):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/public/24062/nl/")
    page.get_by_role(
        "link", name="Test in enkele vragen welke rechten u waarschijnlijk hebt"
    ).click()
    check_both(page, axe, "step 1")
    page.get_by_label("ja").check()
    page.get_by_label("Hoeveel kinderen jonger dan 18 wonen bij u?").fill("1")
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator(".step")).to_contain_text("Stap 2 van 2")
    check_both(page, axe, "step 2")
    page.get_by_label("Uw leeftijd").fill("34")
    page.get_by_label("Uw verblijfsstatus").select_option("belgian")
    page.get_by_label("Leeftijd van uw partner").fill("36")
    page.locator("#id_partner_income_wages").fill("veel")
    page.get_by_label("Leeftijd van kind 1").fill("6")
    page.locator("#id_disability_0").check()
    page.locator("#id_debt_mediation_0").check()
    page.get_by_role("button", name="Mijn resultaat bekijken").click()
    expect(page.locator("#error-summary")).to_contain_text("Loon uit werk")
    expect(page.get_by_label("Uw leeftijd")).to_have_value("34")
    check_both(page, axe, "step 2 with an error")
    shot("error")
    page.locator("#id_partner_income_wages").fill("800")
    page.get_by_role("button", name="Mijn resultaat bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw resultaat")
    expect(page.locator(".amount")).to_contain_text("Ongeveer €")
    expect(page.locator(".selfcheck-result ~ section").first).to_contain_text("categorie 3")
    check_both(page, axe, "result")
    shot("result")
    # at most the CSRF cookie of the hand-off form to the online request, once it is installed
    assert {c["name"] for c in page.context.cookies()} <= {"csrftoken"}
    page.get_by_role("button", name="Mijn antwoorden wijzigen").click()
    expect(page.get_by_label("Leeftijd van uw partner")).to_have_value("36")


def test_a_self_check_in_french_on_a_wide_screen(page: Page, axe, leuven):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/public/24062/fr/selfcheck/")
    check_both(page, axe, "step 1 fr")
    page.get_by_label("non").check()
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Votre âge").fill("30")
    page.get_by_label("Votre statut de séjour").select_option("belgian")
    page.locator("#id_disability_2").check()
    page.locator("#id_debt_mediation_0").check()
    check_both(page, axe, "step 2 fr")
    page.get_by_role("button", name="Voir mon résultat").click()
    expect(page.locator(".amount")).to_contain_text("Environ €")
    expect(page.get_by_role("link", name="Revenu d'intégration")).to_be_visible()
    check_both(page, axe, "result fr")
