"""Issue 10 §2, §4, §5, §8, §9 in Debian's Chromium, with axe-core on every page visited.

- The team lead follows a tile to the "to review" queue, reads the proposal in full and
  approves it; plans a meeting on a Saturday (asked to confirm), puts the proposal on it and
  moves it to another meeting.
- The OCMW administrator fills in the letterhead (an invalid IBAN is named first), on a phone.
- The calculator of a family from the file is not blocked; a missing answer names the person.
- The social balance page of a GPMI is labelled.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Ocmw, Role
from openocmw.casework import services
from openocmw.casework.models import AgendaItem, Meeting
from openocmw.gpmi import services as gpmi
from openocmw.registry import services as registry
from tests.casework.conftest import SINGLE, complete_investigation
from tests.conftest import actor_of, person_data
from tests.gpmi.conftest import contract

from .test_registry_flow import expected, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def test_the_team_lead_reviews_from_the_queue_and_plans_with_guard_rails(
    page: Page, shot, axe, users, jan
):
    worker, lead = (
        actor_of(users[("a", Role.SOCIAL_WORKER)]),
        actor_of(users[("a", Role.TEAM_LEAD)]),
    )
    today = date.today()
    req = services.register_request(worker, jan, received_on=today - timedelta(days=20),
                                    kind="leefloon", channel="counter")  # fmt: skip
    complete_investigation(worker, req)
    situation = SINGLE | {"reference_date": req.received_on.isoformat()}
    motivation = "Alleenstaand, geen inkomen sinds het einde van de werkloosheid. " * 5
    proposal = services.save_proposal(worker, req, services.ProposalInput(
        kind="grant", effective_from=req.received_on, situation=situation, motivation=motivation))  # fmt: skip
    services.submit_proposal(worker, proposal)

    log_in(page, lead.user.username, shot)
    page.goto("/cases/")
    axe("dashboard")
    page.locator("#tile-to_review a").click()
    page.wait_for_url("**/cases/queue/to_review/")
    expect(page.locator("#queue tbody")).to_contain_text(req.number)
    axe("queue to review")
    shot("queue")
    page.locator(f"#queue a[href^='/cases/{req.pk}/']").click()
    expect(page.locator("#proposal-full .motivation")).to_contain_text(motivation.strip())
    page.locator("#proposal-full details.why summary").click()
    expect(page.locator("#proposal-full details.why")).to_contain_text("€")
    axe("case with the proposal in full")
    shot("proposal-in-full")
    page.locator("#proposals button[name=decision][value=approve]").click()
    page.wait_for_url(f"**/cases/{req.pk}/")

    # A Saturday asks for a confirmation; the meeting is planned once confirmed.
    saturday = next_weekday(today, 5)
    page.goto("/council/")
    axe("council meetings")
    page.fill("#id_held_on", saturday.isoformat())
    page.locator("#plan-meeting button[type=submit]").click()
    expect(page.locator("#id_confirm")).to_be_visible()
    expect(page.locator("#plan-meeting")).to_contain_text(saturday.strftime("%d/%m/%Y"))
    assert not Meeting.objects.exists()
    axe("meeting asks to confirm")
    shot("confirm-weekend")
    page.check("#id_confirm")
    page.locator("#plan-meeting button[type=submit]").click()
    page.wait_for_url(re.compile(r"/council/\d+/$"))
    first = Meeting.objects.get(held_on=saturday)
    # A date in the past is refused.
    page.goto("/council/")
    page.fill("#id_held_on", (today - timedelta(days=1)).isoformat())
    page.locator("#plan-meeting button[type=submit]").click()
    expect(page.locator("#id_held_on-error")).to_be_visible()
    later = next_weekday(today, 1)
    page.fill("#id_held_on", later.isoformat())
    page.locator("#plan-meeting button[type=submit]").click()
    page.wait_for_url(re.compile(r"/council/\d+/$"))
    second = Meeting.objects.get(held_on=later)

    page.goto(f"/council/{first.pk}/")
    page.locator("#ready form.schedule button").click()
    page.wait_for_url(f"**/council/{first.pk}/")
    item = AgendaItem.objects.get(meeting=first)
    axe("agenda")
    shot("agenda")
    move = page.locator(f"#item-{item.pk} details.move-item")
    move.locator("summary").click()
    page.select_option(f"#id_m{item.pk}-meeting", str(second.pk))
    move.locator("button[type=submit]").click()
    page.wait_for_url(f"**/council/{second.pk}/")
    item.refresh_from_db()
    assert item.meeting_id == second.pk
    expect(page.locator("#agenda > tbody > tr")).to_have_count(1)
    axe("agenda after the move")


def test_the_administrator_fills_in_the_letterhead_on_a_phone(
    page: Page, shot, axe, phone, users, ocmw_a
):
    admin = users[("a", Role.OCMW_ADMIN)]
    log_in(page, admin.username, shot)
    phone()
    page.goto("/ocmw/letterhead/")
    axe("letterhead settings")
    page.fill("#id_address", "Andreas Vesaliusstraat 47")
    page.fill("#id_phone", "016 24 80 00")
    page.fill("#id_opening_hours", "maandag tot vrijdag 9.00-12.00")
    page.fill("#id_secretary_name", "Els Wouters")
    page.fill("#id_chair_name", "Marc Jacobs")
    page.fill("#id_iban", "BE00 1234")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_iban-error")).to_have_text(expected("The IBAN is not valid.", "nl"))
    expect(page.locator("#id_chair_name")).to_have_value("Marc Jacobs")  # nothing typed is lost
    axe("letterhead with an error")
    shot("letterhead-error")
    page.fill("#id_iban", "BE71 0961 2345 6769")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message, .messages")).to_contain_text(expected("Saved.", "nl"))
    assert Ocmw.objects.get(pk=ocmw_a.pk).chair_name == "Marc Jacobs"
    shot("letterhead-saved")


def test_the_calculator_of_a_family_names_the_person(page: Page, shot, axe, users, jan):
    worker = actor_of(users[("a", Role.SOCIAL_WORKER)])
    today = date.today()
    household = registry.households_of(jan)[0]
    wout_birth = date(today.year - 17, 1, 1)
    wout = registry.create_person(worker, person_data(first_name="Wout", birth_date=wout_birth),
                                  status="belgian", status_from=wout_birth)  # fmt: skip
    registry.record_household_change(worker, household, person=wout, reason="birth",
                                     on=wout_birth, relation="child")  # fmt: skip
    log_in(page, worker.user.username, shot)
    page.goto(f"/leefloon/?person={jan.pk}")
    expect(page.locator("#id_member-0-in_charge")).to_have_value("yes")
    for field in ("actual_residence", "willing_to_work", "other_benefits_claimed"):
        page.select_option(f"#id_{field}", "yes")
    page.locator("main form button[type=submit]").last.click()
    alert = page.locator(".errors[role=alert]").first
    expect(alert).to_contain_text("Wout")
    expect(alert).not_to_contain_text("household.members")
    expect(page.locator("#id_member-0-married-error")).to_be_visible()
    axe("calculator with an error")
    shot("calculator-error")
    page.select_option("#id_member-0-married", "no")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("#monthly-amount")).to_be_visible()
    axe("calculator result")


def test_the_social_balance_page_is_labelled(page: Page, shot, axe, users, actor_a):
    lotte = registry.create_person(
        actor_a, person_data(first_name="Lotte", birth_date=date(2002, 3, 12), sex="F")
    )
    draft = gpmi.draft_gpmi(actor_a, lotte, contract())
    log_in(page, actor_a.user.username, shot)
    page.goto(f"/gpmi/{draft.pk}/balance/")
    axe("social balance")
    shot("balance")
    page.goto(f"/gpmi/persons/{lotte.pk}/")
    axe("gpmi person page")
