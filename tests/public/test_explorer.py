"""§1, the public rights explorer: the OCMW's catalogue by theme, target group, level and
"granted automatically", each right in plain words with where to apply, in nl, fr and de."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openocmw.accounts.models import Role
from openocmw.rights import catalogue_services
from tests.conftest import actor_of
from tests.rights_app.test_local_catalogue import local_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def leuven(ocmw_a):
    ocmw_a.address = "Grote Markt 9"
    ocmw_a.opening_hours = "Maandag tot vrijdag 9:00-12:00"
    ocmw_a.phone = "016 24 80 00"
    ocmw_a.save()
    return ocmw_a


def page(path: str, **query):
    response = Client().get(path, query)
    return response, unescape(response.content.decode())


def test_the_catalogue_is_the_ocmws_own_with_its_region(leuven, ocmw_b):
    _, html = page("/public/24062/nl/")
    assert "Leefloon" in html
    assert "Vlaamse huurpremie" in html or "rent_premium_flanders" in html
    assert "/public/24062/nl/rights/school_allowance_flanders/" in html
    assert "study_allowance_fwb" not in html  # a right of the French Community
    _, namur = page("/public/92094/fr/")
    assert "/public/92094/fr/rights/study_allowance_fwb/" in namur
    assert "school_allowance_flanders" not in namur


def test_filters_by_theme_level_group_and_automatic(leuven):
    _, health = page("/public/24062/nl/", domain="health")
    assert "/rights/urgent_medical_aid/" in health
    assert "/rights/leefloon/" not in health
    _, regional = page("/public/24062/nl/", level="regional")
    assert "/rights/rent_premium_flanders/" in regional
    assert "/rights/leefloon/" not in regional
    _, students = page("/public/24062/nl/", group="students")
    assert "/rights/leefloon/" in students
    assert "/rights/urgent_medical_aid/" not in students
    _, automatic = page("/public/24062/nl/", automatic="yes")
    _, on_request = page("/public/24062/nl/", automatic="no")
    assert "/rights/increased_reimbursement/" not in on_request or (
        "/rights/increased_reimbursement/" not in automatic
    )
    assert "/rights/leefloon/" in on_request and "/rights/leefloon/" not in automatic
    assert "automatisch toegekend" in automatic


@pytest.mark.parametrize(
    "lang,message",
    [
        ("nl", "“Thema”: kies er een uit de lijst."),
        ("fr", "« Thème » : choisissez dans la liste."),
        ("de", "„Thema“: Wählen Sie einen Eintrag der Liste."),
    ],
)
def test_an_unknown_filter_value_names_the_field_and_keeps_the_others(leuven, lang, message):
    response, html = page(f"/public/24062/{lang}/", domain="<script>", level="regional")
    assert response.status_code == 400
    assert message in html
    assert "<script>" not in response.content.decode()
    assert '<option value="regional" selected>' in html


@pytest.mark.parametrize(
    "lang,words",
    [
        ("nl", ["Voor wie?", "De voorwaarden", "Mee te brengen documenten", "Uw identiteitskaart",
                "Wet van 26 mei 2002", "Aanvraag bij het OCMW"]),
        ("fr", ["Pour qui ?", "Les conditions", "Documents à apporter", "Votre carte d'identité",
                "Demande au CPAS", "Belge, citoyen UE"]),
        ("de", ["Für wen?", "Die Bedingungen", "Mitzubringende Unterlagen", "Ihr Personalausweis",
                "Antrag beim ÖSHZ", "Belgier, EU-Bürger"]),
    ],
)  # fmt: skip
def test_a_right_in_plain_words_with_where_to_apply(leuven, lang, words):
    response, html = page(f"/public/24062/{lang}/rights/leefloon/")
    assert response.status_code == 200
    for word in words:
        assert word in html, word
    assert "Grote Markt 9" in html and "Maandag tot vrijdag 9:00-12:00" in html
    assert 'href="https://www.ejustice.just.fgov.be/' in html
    assert not response.cookies


def test_a_local_right_appears_with_its_own_conditions_at_once(leuven, users):
    _, before = page("/public/24062/nl/")
    assert "Seniorenpas Leuven" not in before  # and the cards are now cached
    admin = actor_of(users[("a", Role.OCMW_ADMIN)])
    catalogue_services.save_local_right(admin, local_entry(), date(2025, 1, 1))
    _, after = page("/public/24062/nl/")
    assert "Seniorenpas Leuven" in after
    _, detail = page("/public/24062/de/rights/leuven_senior_pass/")
    assert "Seniorenpass Löwen" in detail
    assert "Alter ≥ 65" in detail
    assert page("/public/92094/fr/rights/leuven_senior_pass/")[0].status_code == 404


def test_unknown_right_is_not_found(leuven):
    assert page("/public/24062/nl/rights/nothing_here/")[0].status_code == 404


def test_a_cached_page_is_two_queries_and_may_be_kept_by_the_browser(leuven):
    page("/public/24062/nl/")
    with CaptureQueriesContext(connection) as queries:
        response, _ = page("/public/24062/nl/", domain="income")
    assert len(queries) == 2  # the OCMW, the catalogue's state
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=300" in response.headers["Cache-Control"]


def test_the_kept_list_follows_the_filter_and_the_language(leuven):
    """The rendered list is kept per catalogue, language and filter: a second visit shows the
    same list, another filter or language its own."""
    _, everything = page("/public/24062/nl/")
    _, income = page("/public/24062/nl/", domain="income")
    _, income_again = page("/public/24062/nl/", domain="income")
    _, income_fr = page("/public/24062/fr/", domain="income")
    assert income == income_again and income != everything
    assert everything.count("<li>") > income.count("<li>") > 0
    assert income_fr.count("<li>") == income.count("<li>") and 'lang="fr"' in income_fr


def test_the_kept_page_follows_the_ocmws_details(leuven):
    page("/public/24062/nl/")
    leuven.name_nl = "OCMW Leuven (Sociaal Huis)"
    leuven.save()
    _, html = page("/public/24062/nl/")
    assert "OCMW Leuven (Sociaal Huis)" in html
