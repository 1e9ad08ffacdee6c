"""The online first request in Chromium (issue 12 §3): a citizen asks for aid in Dutch at
1366 px (a missing way to contact is refused on its field, what was typed stays) and in
French on a 390 px phone with a document; the social worker sees the tile, opens the queue
and matches the request to the person found by the duplicate check. axe-core runs on every
page: 0 violations on the public pages, 0 critical or serious on the worker's."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.casework.models import AidRequest, OnlineRequest
from tests.inputs import samples as s

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"


def fits(page: Page) -> int:
    return page.evaluate(
        "(() => { const m = document.querySelector('main'); "
        "return Math.max(0, m.scrollWidth - m.clientWidth); })()"
    )


def fill(page: Page, first: str, last: str, birth: str) -> None:
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_birth_date", birth)
    page.check("#id_kind_0")
    page.fill("#id_description", "Ik heb geen inkomen meer.")
    page.check("#id_consent")


def test_a_citizen_asks_online_and_the_worker_matches_it(page: Page, axe, phone, shot, users,
                                                          jan):  # fmt: skip
    # 1. Dutch, a laptop: no way to contact -> the error on the field, nothing lost.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/public/24062/nl/request/", timeout=60_000)  # the first page warms the server
    expect(page.locator("h1")).to_have_text("Hulp vragen")
    assert axe("form nl 1366") == []
    fill(page, "Jna", "Peeters", "1985-07-30")  # a typo in the first name
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_phone-error")).to_contain_text("Hoe kunnen we u bereiken")
    expect(page.locator("#id_last_name")).to_have_value("Peeters")
    assert axe("form nl with an error") == []
    shot("nl-error")
    page.fill("#id_phone", "0470 12 34 56")
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#reference")).to_have_text(re.compile(r"^W\d{4}-000001$"))
    assert axe("sent nl") == []

    # 2. French, a phone, with a document.
    phone()
    page.goto("/public/24062/fr/request/")
    expect(page.locator("h1")).to_have_text("Demander de l'aide")
    assert axe("form fr 390") == [] and fits(page) == 0
    fill(page, "Amina", "Benali", "1992-04-11")
    page.fill("#id_email", "amina@example.org")
    page.set_input_files(
        "#id_documents", files=[{"name": "bail.pdf", "mimeType": "application/pdf",
                                 "buffer": s.pdf()}],
    )  # fmt: skip
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#reference")).to_have_text(re.compile(r"^W\d{4}-000002$"))
    expect(page.locator("#request-sent")).to_contain_text("accusé de réception")
    assert axe("sent fr 390") == [] and fits(page) == 0
    shot("fr-sent-phone")
    assert OnlineRequest.objects.get(reference__endswith="2").documents.count() == 1

    # 3. The social worker: the tile, the queue, the match with the duplicate check.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/login/")
    page.fill("#id_username", users[("a", Role.SOCIAL_WORKER)].username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    page.goto("/cases/")
    tile = page.locator("#tile-online")
    expect(tile).to_contain_text("2")
    tile.locator("a").click()
    expect(page.locator("h1")).to_contain_text("Nieuwe online aanvragen")
    axe("queue")
    page.get_by_role("link", name=re.compile(r"W\d{4}-000001")).click()
    expect(page.locator("#match")).to_contain_text("Peeters Jan")
    axe("match")
    shot("match")
    page.get_by_role("button", name=re.compile("Dit is Jan")).click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    req = AidRequest.objects.get()
    assert req.person_id == jan.pk and req.channel == "online"
    expect(page.locator("main")).to_contain_text(req.number)
    axe("case")
