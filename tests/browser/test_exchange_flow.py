"""The e-box and a consultation in Debian's Chromium (issue 13 §2, §4), axe on every page.

Jan Peeters (OCMW A, Leuven) has a leefloon from 01/03/2026 counting no income; the
unemployment flow reports 900 EUR for March: the nightly check puts one warning in the e-box.
The social worker opens it, resolves it as corrected (a revision is opened and the overpaid
amount proposed for recovery), then consults the unemployment flow for Jan's new request and
confirms the March amount, which then pre-fills the calculator. Also at 390 px wide.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.casework import services as casework
from openocmw.exchange.adapters import MemoryAdapter
from openocmw.exchange.models import FlowRecord, FlowWarning, Prefill, RecoveryProposal
from openocmw.exchange.services import crosschecks
from tests.conftest import actor_of
from tests.exchange.conftest import SINGLE_2026, decide, fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests"


def nl(msgid: str) -> str:
    with translation.override("nl"):
        return translation.gettext(msgid)


@pytest.fixture
def setup(settings, tmp_path, users, jan):
    MemoryAdapter.reset()
    settings.OPENOCMW_EXCHANGE = {"ADAPTER": "test", "DROP_DIR": tmp_path / "drop"}
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}
    worker = actor_of(users[("a", Role.SOCIAL_WORKER)])
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    council = actor_of(users[("a", Role.COUNCIL_MEMBER)])
    req = casework.register_request(worker, jan, received_on=date(2026, 2, 16), kind="leefloon",
                                    channel="counter")  # fmt: skip
    decision = decide(worker, lead, council, req, casework.ProposalInput(
        kind="grant", effective_from=date(2026, 3, 1), situation=SINGLE_2026), date(2026, 2, 25))  # fmt: skip
    FlowRecord.objects.create(source="unemployment", insz=jan.insz, month=date(2026, 3, 1),
                              field="unemployment_benefit", amount=Decimal("900.00"),
                              message_id="FLOW-2026-03-ONEM")  # fmt: skip
    crosschecks.run(date(2026, 3, 1))
    new_request = casework.register_request(worker, jan, received_on=date(2026, 11, 30),
                                            kind="leefloon", channel="counter")  # fmt: skip
    MemoryAdapter.replies[("unemployment", jan.insz)] = fixture("unemployment.xml", jan.insz)
    yield decision, new_request
    MemoryAdapter.reset()


def log_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))


def test_ebox_warning_and_consultation(page: Page, shot, axe, phone, users, jan, setup):
    decision, new_request = setup
    log_in(page, users[("a", Role.SOCIAL_WORKER)].username)

    # The e-box: one warning with the person, period, source, field, held and reported values.
    page.locator("header nav a", has_text=nl("E-box")).click()
    page.wait_for_url("**/exchange/")
    row = page.locator("#warnings tbody tr")
    expect(row).to_have_count(1)
    for text in ("Peeters Jan", "03/2026", "0,00", "900,00"):
        expect(row).to_contain_text(text)
    shot("ebox")
    axe("e-box")

    # The warning: resolving without a reason as justified is refused, on the field.
    row.locator("a").click()
    w = FlowWarning.objects.get()
    page.wait_for_url(f"**/exchange/warnings/{w.pk}/")
    axe("warning")
    page.locator("#resolve input[value=justified]").check()
    page.locator("#resolve button[type=submit]").click()
    expect(page.locator("#resolve .error")).to_contain_text(
        nl("Say why the warning is justified or a false positive.")
    )
    axe("warning with an error")
    page.locator("#resolve input[value=corrected]").check()
    page.fill("#id_reason", "Uitkering niet gemeld bij de aanvraag.")
    shot("resolve")
    page.locator("#resolve button[type=submit]").click()
    expect(page.locator("#warning-status")).to_have_text(nl("corrected"))
    recovery = RecoveryProposal.objects.get()
    expect(page.locator("#recovery")).to_contain_text(f"{recovery.amount}".replace(".", ","))
    assert recovery.amount > 0 and decision.reviews.count() == 1
    shot("corrected")
    axe("warning corrected")

    # A consultation for the new request, then the value to confirm.
    page.goto(f"/persons/{jan.pk}/")
    page.locator("#cases a", has_text=nl("Consult a data flow")).click()
    page.wait_for_url(f"**/exchange/persons/{jan.pk}/consult/")
    axe("consultation")
    page.select_option("#id_source", "unemployment")
    page.select_option("#id_purpose", "investigation")
    page.select_option("#id_legal_basis", "ri_art19")
    page.select_option("#id_request", str(new_request.pk))
    page.locator("#consult button[type=submit]").click()
    expect(page.locator("#result")).to_contain_text("€ 900,00")
    expect(page.locator("#result")).to_contain_text("10/04/2026")
    shot("consulted")
    axe("consultation result")
    page.locator("#result a").click()
    page.wait_for_url(f"**/exchange/requests/{new_request.pk}/flows/")
    axe("values to confirm")
    march = page.locator("#prefills tbody tr", has_text="03/2026")
    march.locator("button[value=confirm]").click()
    expect(page.locator("#prefills tbody tr", has_text="03/2026")).to_contain_text(nl("confirmed"))
    expect(page.locator("#prefills")).to_contain_text(nl("unemployment benefit"))
    assert Prefill.objects.get(month=date(2026, 3, 1)).status == "confirmed"
    phone()
    # At 390 px the wide table scrolls inside its card; the card stays on the screen.
    right = page.evaluate("document.querySelector('#prefills').closest('.card')"
                          ".getBoundingClientRect().right")  # fmt: skip
    assert right <= 390
    shot("values-phone")
    axe("values to confirm at 390 px")
    page.locator("a", has_text=nl("Open the calculator with the confirmed values")).click()
    expect(page.locator("#id_res-0-amount")).to_have_value("900,0")
    axe("calculator with the flows")
