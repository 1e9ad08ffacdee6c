"""Issue 10 §2: a council member records the votes of an agenda item by clicking "Record"
(not only by pressing Enter), in Debian's Chromium, on a wide screen and on a phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.casework import services
from openocmw.casework.models import AgendaItem
from tests.casework.conftest import SINGLE, complete_investigation, plan
from tests.conftest import actor_of

from .test_registry_flow import expected, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scheduled_item(users, jan) -> AgendaItem:
    worker, lead = (
        actor_of(users[("a", Role.SOCIAL_WORKER)]),
        actor_of(users[("a", Role.TEAM_LEAD)]),
    )
    today = date.today()
    req = services.register_request(worker, jan, received_on=today - timedelta(days=25),
                                    kind="leefloon", channel="counter")  # fmt: skip
    complete_investigation(worker, req)
    situation = SINGLE | {"reference_date": req.received_on.isoformat()}
    proposal = services.save_proposal(worker, req, services.ProposalInput(
        kind="grant", effective_from=req.received_on, situation=situation,
        motivation="Alleenstaand, geen inkomen. " * 12))  # fmt: skip
    services.submit_proposal(worker, proposal)
    services.review_proposal(lead, proposal, approve=True)
    meeting = plan(lead, today)  # the council decides at its meeting, not before
    return services.schedule(lead, meeting, proposal)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_record_button_of_an_agenda_item_submits_on_click(
    page: Page, shot, axe, users, jan, width
):
    item = scheduled_item(users, jan)
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_navigation_timeout(60_000)
    log_in(page, users[("a", Role.COUNCIL_MEMBER)].username, shot)
    page.goto(f"/council/{item.meeting_id}/")
    page.select_option(f"#id_i{item.pk}-outcome", "approved")
    page.fill(f"#id_i{item.pk}-votes_for", "9")
    page.fill(f"#id_i{item.pk}-votes_against", "0")
    page.fill(f"#id_i{item.pk}-votes_abstain", "0")
    record = page.locator(f"#item-{item.pk} form.decide button[type=submit]")
    # The click itself must send the form (a POST to the item's address); the answer may take
    # long on a loaded machine, the sending may not fail.
    page.set_default_timeout(60_000)
    sent = f"/council/{item.meeting_id}/items/{item.pk}/"
    with page.expect_response(lambda r: r.request.method == "POST" and sent in r.url) as answer:
        record.click()
    assert answer.value.status == 302
    page.wait_for_load_state()
    expect(page.locator(f"#item-{item.pk} strong")).to_contain_text(
        expected("approved", "nl"), timeout=60_000
    )
    item.refresh_from_db()
    assert item.outcome == "approved" and item.votes_for == 9
    axe(f"agenda item recorded at {width}")
    shot(f"recorded-{width}")


def test_the_casework_tables_stack_on_a_phone(page: Page, shot, axe, users, jan):
    """Issue 10 §10: the dashboard, the queues, the team view, the meetings and the agenda are
    read on a phone without scrolling sideways: each row is a card with its columns' names."""
    item = scheduled_item(users, jan)
    lead = users[("a", Role.TEAM_LEAD)]
    log_in(page, lead.username, shot)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url, table in (
            ("dashboard", "/cases/", "main table.stack"),
            ("team", "/cases/team/", "main table.stack"),
            ("meetings", "/council/", "main table.stack"),
            ("agenda", f"/council/{item.meeting_id}/", "#agenda"),
        ):
            page.goto(url)
            row = page.locator(f"{table} tbody tr:has([data-label])").first
            display = row.evaluate("tr => getComputedStyle(tr).display")
            assert display == ("block" if width == 390 else "table-row"), (name, width, display)
            if width == 390:
                label = row.locator("[data-label]").first.evaluate(
                    "cell => getComputedStyle(cell, '::before').content"
                )
                assert label not in ("none", "normal", '""'), (name, label)
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, (name, overflow)
            axe(f"{name} at {width}")
            shot(f"{name}-{width}")
