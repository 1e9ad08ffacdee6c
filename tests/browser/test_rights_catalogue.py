"""The rights catalogue in Debian's Chromium: the administrator adds a local right (a
contradiction is refused on its row first), the catalogue lists it, a worker sees the intake
panel on a person's file and the list of hinge moments; axe on every page, a phone width."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.rights import hinges
from openocmw.rights.models import RightVersion

from .test_registry_flow import expected, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_a_local_right_and_a_worker_sees_the_panel(
    page: Page, shot, axe, phone, users, jan, household, settings
):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}
    admin = users[("a", Role.OCMW_ADMIN)]
    log_in(page, admin.username, shot)
    page.goto("/rights/catalogue/")
    expect(page.locator("h1")).to_have_text(expected("Rights catalogue", "nl"))
    axe("catalogue")
    shot("catalogue")
    page.get_by_role("link", name=expected("New local right", "nl")).click()
    fields = {
        "#id_code": "leuven_senior_pass", "#id_name_nl": "Seniorenpas", "#id_name_fr": "Pass senior",
        "#id_name_de": "Seniorenpass", "#id_target_groups": "elderly",
        "#id_legal_reference": "Reglement seniorenpas 2025",
        "#id_legal_url": "https://www.leuven.be/seniorenpas",
        "#id_granted_by_nl": "OCMW Leuven", "#id_granted_by_fr": "CPAS de Louvain",
        "#id_how_to_apply_nl": "Aan het onthaal", "#id_how_to_apply_fr": "À l'accueil",
        "#id_automation_reason_nl": "Leeftijd gekend", "#id_automation_reason_fr": "Âge connu",
        "#id_automation_review_date": "30/06/2027", "#id_owner": "sociale_dienst",
        "#id_last_review": "01/12/2026", "#id_valid_from": "01/01/2025",
        "#id_c0_value": "65", "#id_c1_value": "18",
    }  # fmt: skip
    for selector, value in fields.items():
        page.fill(selector, value)
    page.select_option("#id_domain", "participation")
    page.select_option("#id_automation_status", "proactive_information")
    page.select_option("#id_c0_variable", "age")
    page.select_option("#id_c0_operator", ">=")
    page.select_option("#id_c1_variable", "age")
    page.select_option("#id_c1_operator", "<")
    axe("new local right")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_c1_variable-error")).to_contain_text(
        "spreekt een andere voorwaarde tegen"
    )
    assert not RightVersion.objects.exists()
    expect(page.locator("#id_name_nl")).to_have_value("Seniorenpas")  # nothing typed is lost
    axe("refused local right")
    shot("contradiction")
    page.select_option("#id_c1_variable", "")
    page.fill("#id_c1_value", "")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(expected("Rights catalogue", "nl"))
    expect(page.locator("#catalogue")).to_contain_text("Seniorenpas")
    shot("saved")

    worker = users[("a", Role.SOCIAL_WORKER)]
    context = page.context
    context.clear_cookies()
    log_in(page, worker.username, shot)
    page.goto(f"/persons/{jan.pk}/")
    panel = page.locator("#rights-panel")
    expect(panel).to_contain_text(expected("Rights the household appears to miss", "nl"))
    expect(panel).to_contain_text("Leefloon")
    axe("person with intake panel")
    phone()
    axe("person with intake panel, phone")
    shot("panel-phone")

    hinges.hinge_moment(household, "job_loss", date.today(), "federal:test")
    page.goto("/rights/hinges/")
    expect(page.locator("#hinges")).to_contain_text("Peeters")
    axe("hinge moments, phone")
    shot("hinges-phone")
