"""The Content-Security-Policy in Chromium (issue 9, section 6): no page breaks it. The live
search (htmx) and the OCMW switch (a script of our own instead of an inline onchange) still
work, and the browser reports no CSP violation on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_policy_without_violations(
    page: Page, axe, live_server, users, jan, ocmw_b
):  # noqa: E501
    user = users[("a", Role.SOCIAL_WORKER)]
    other = Membership.objects.create(user=user, ocmw=ocmw_b, role=Role.SOCIAL_WORKER)
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )  # noqa: E501
    page.on("pageerror", lambda e: problems.append(str(e)))
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    response = page.goto("/login/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    axe("login")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))

    # the live search on the home page (htmx, from a static file)
    page.locator("input[name=q]").first.press_sequentially("peet", delay=30)
    expect(page.locator(f"#results a[href^='/persons/{jan.pk}/']")).to_be_visible()
    axe("home with live search results")
    page.goto(f"/persons/{jan.pk}/")
    expect(page.locator("h1")).to_contain_text("Peeters")
    axe("person file")

    # the OCMW switch submits on change through web/openocmw.js
    page.select_option("#membership", str(other.pk))
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.locator("#membership")).to_have_value(str(other.pk))
    axe("home of the other OCMW")

    violations = [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert violations == []
    # Nothing fails to load, not even the favicon (issue 10 §10).
    assert failed == []
    assert problems == []
