"""The rights circle in Chromium (issue 12 §4): a team lead scores a group (a bad score is
refused on its field, what was typed stays), reads the radar chart, the table and the gaps at
1366 and 390 px; a member of the target group answers the anonymous questionnaire in French
on a phone. axe-core runs on every page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.circle import services
from openocmw.circle.frameworks import RIGHTS_CIRCLE, Framework, GroupKind
from openocmw.circle.models import Answer

from ..conftest import actor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"


def fill_scores(page: Page, values: list[str], why: str) -> None:
    for item, value in zip(RIGHTS_CIRCLE, values, strict=True):
        page.fill(f"#id_{item.code}-score", value)
        page.fill(f"#id_{item.code}-justification", f"{why} {item.code}")


def main_overflows(page: Page) -> int:
    """How many pixels the page's content is wider than the screen (0: it fits)."""
    return page.evaluate(
        "(() => { const m = document.querySelector('main'); "
        "return Math.max(0, m.scrollWidth - m.clientWidth, m.getBoundingClientRect().right - 390); })()"
    )


def test_team_lead_scores_and_reads_the_circle_then_the_target_group_answers(
    page: Page, shot, axe, phone, live_server, users
):
    lead = actor_of(users[("a", Role.TEAM_LEAD)])
    circle = services.create_assessment(
        lead, framework=Framework.RIGHTS_CIRCLE, title="Rechtencirkel Leuven",
        held_on=date(2026, 3, 1), previous=None,
    )  # fmt: skip
    staff = circle.groups.get(kind=GroupKind.STAFF)
    services.save_scores(
        lead, circle.groups.get(kind=GroupKind.POLICY),
        {**{f"{i.code}-score": "6" for i in RIGHTS_CIRCLE},
         **{f"{i.code}-justification": "beleid" for i in RIGHTS_CIRCLE}},
    )  # fmt: skip
    link = services.open_questionnaire(
        lead, circle.groups.get(kind=GroupKind.TARGET_GROUP), "De Brug"
    )

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/login/")
    page.fill("#id_username", users[("a", Role.TEAM_LEAD)].username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))

    # 1. The circle's home, then the staff's scores: 12 is refused on its field.
    page.goto("/circle/")
    expect(page.locator("h1")).to_have_text("Rechtencirkel")
    axe("circle home")
    page.goto(f"/circle/{circle.pk}/groups/{staff.pk}/")
    fill_scores(page, ["9", "12"] + ["8"] * 7, "medewerkers")
    page.locator("main form button[type=submit]").click()
    error = page.locator("#id_detection-score-error")
    expect(error).to_contain_text("0 tot 10")
    expect(page.locator("#id_detection-score")).to_have_value("12")  # nothing typed is lost
    expect(page.locator("#id_prevention-justification")).to_have_value("medewerkers prevention")
    axe("scores with an error")
    shot("scores-error")
    page.fill("#id_detection-score", "8")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/circle/{circle.pk}/")

    # 2. The result: the chart, the same data in the table, the gaps side by side.
    expect(page.locator("svg.radar polygon")).to_have_count(5 + 2)  # rings + two groups
    table = page.locator("#scores")
    expect(table.locator("tbody tr")).to_have_count(9)
    expect(table.locator("tbody tr").first).to_contain_text("9")
    expect(page.locator("#gaps")).to_contain_text("medewerkers prevention")
    expect(page.locator("#gaps")).to_contain_text("beleid")
    axe("circle result (1366 px)")
    shot("circle-result-1366")
    phone()
    assert main_overflows(page) == 0, "the result is wider than the phone"
    axe("circle result (390 px)")
    shot("circle-result-390")

    # 3. The anonymous questionnaire, in French, on a phone, without logging in.
    context = page.context.browser.new_context(
        base_url=live_server.url, locale="fr-BE", viewport={"width": 390, "height": 844}
    )
    public = context.new_page()
    public.goto(f"/circle/q/{link.token}/")
    expect(public.locator("html")).to_have_attribute("lang", "fr")
    expect(public.locator("h1")).to_have_text("Que pensez-vous du CPAS ?")
    from axe_playwright_python.sync_playwright import Axe

    def public_axe(where):
        bad = [v for v in Axe().run(public).response["violations"]
               if v.get("impact") in ("critical", "serious")]  # fmt: skip
        assert not bad, f"axe-core on {where}: {[(v['id'], v['help']) for v in bad]}"

    public_axe("questionnaire (fr, 390 px)")
    for item in RIGHTS_CIRCLE:
        public.locator(f"input[name='{item.code}-score'][value='3']").check()
    public.fill("#id_access-reason", "Trop d'attente au guichet")
    public.locator("main form button[type=submit]").click()
    expect(public.locator("h1")).to_have_text("Merci")
    public_axe("questionnaire thanks")
    public.screenshot(path=str(shot("after-questionnaire").parent / "questionnaire-fr-390.png"))
    context.close()
    assert Answer.objects.filter(link=link).count() == 9
    assert circle.groups.get(kind=GroupKind.TARGET_GROUP).scores.get(item="access").score == 3
