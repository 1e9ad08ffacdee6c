"""Issue 10 §10 outside casework: the list tables of the e-box's reported changes, the payment
runs and a person's payments, the GPMI worklist and social balance and the circle's assessments
are read on a 390 px phone without scrolling sideways: each row is a card whose cells carry
their column's name (as the casework tables). One test walks the pages (browser tests are slow).
Also a person's payments page (one section include): its title is text, each section once."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page

from openocmw.accounts.models import Role
from openocmw.circle import services as circle
from openocmw.circle.models import Framework
from openocmw.exchange.models import Mutation
from openocmw.finance.fixtures import make_decision
from openocmw.finance.services import banking, runs
from openocmw.gpmi import services as gpmi
from openocmw.registry import services as registry
from tests.conftest import actor_of, person_data
from tests.finance.conftest import BIC, IBAN_JAN
from tests.gpmi.conftest import contract, sign

from .test_registry_flow import expected, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_tables_of_exchange_finance_gpmi_and_circle_stack_on_a_phone(
    page: Page, shot, axe, users, jan
):
    worker = actor_of(users[("a", Role.SOCIAL_WORKER)])
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    Mutation.objects.create(ocmw_id=jan.ocmw_id, person=jan, source="national_register",
                            kind="address", effective_on=date(2026, 4, 1), message_id="MUT-1",
                            data={"street": "Naamsestraat", "house_number": "80", "box": "",
                                  "postal_code": "3000", "municipality": "Leuven"})  # fmt: skip
    banking.add_bank_account(worker, jan, iban=IBAN_JAN, bic=BIC, holder="Jan Peeters",
                             valid_from=date(2020, 1, 1))  # fmt: skip
    make_decision(jan, start=date(2026, 3, 1), amount="1000.00")
    runs.start_run(worker, date(2026, 3, 1))
    lotte = registry.create_person(worker, person_data(
        first_name="Lotte", last_name="Janssens", birth_date=date(2002, 3, 12), sex="F"))  # fmt: skip
    contract_ = gpmi.draft_gpmi(worker, lotte, contract())
    sign(worker, gpmi.latest_version(contract_))
    circle.create_assessment(lead, framework=Framework.RIGHTS_CIRCLE,
                             title="Rechtencirkel Leuven", held_on=date(2026, 3, 1),
                             previous=None)  # fmt: skip

    log_in(page, users[("a", Role.TEAM_LEAD)].username, shot)
    page.set_viewport_size({"width": 390, "height": 844})
    for name, url in (
        ("exchange changes", "/exchange/changes/?show=all"),
        ("finance runs", "/finance/"),
        ("finance person", f"/finance/persons/{jan.pk}/"),
        ("gpmi person", f"/gpmi/persons/{lotte.pk}/"),
        ("gpmi balance", f"/gpmi/{contract_.pk}/balance/"),
        ("circle home", "/circle/"),
    ):
        page.goto(url)
        rows = page.locator("main table.stack tbody tr:has([data-label])")
        assert rows.count() >= 1, f"{name}: no labelled row in {page.title()}"
        row = rows.first
        assert row.evaluate("tr => getComputedStyle(tr).display") == "block", name
        label = row.locator("[data-label]").first.evaluate(
            "cell => getComputedStyle(cell, '::before').content"
        )
        assert label not in ("none", "normal", '""'), (name, label)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name}: the page is {width} px wide on a 390 px phone"
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main table')]"
            ".map(t => t.getBoundingClientRect().right))"
        )
        assert widest <= 390, f"{name}: a table reaches {widest} px"
        axe(f"{name} (390 px)")
        shot(f"{name.replace(' ', '-')}-390")
        if name == "finance person":
            # One include per section: the title is text, not the sections a second time.
            assert page.title().startswith(expected("Payments", "nl")) and "<" not in page.title()
            for section in ("suspensions", "claims", "art60", "law65", "medical"):
                assert page.locator(f"section#{section}").count() == 1, section
            assert page.locator("main h1").count() == 1
