"""Proactive rights in Debian's Chromium (issue 11): the team lead starts a screening and
watches its progress bar move; a social worker opens the worklist of a right, records an
outcome and opens an aid request from an entry. Screenshots of every step; axe-core on every
page; the worklist also at phone width."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.casework.models import AidRequest
from openocmw.jobs import runner
from openocmw.jobs.models import Job, Status
from openocmw.registry import services as registry
from openocmw.rights.models import Outcome, ScreeningRun, WorklistEntry
from tests.conftest import actor_of, person_data

from .test_registry_flow import expected, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RIGHTS = ["urgent_medical_aid", "material_aid_reception", "income_guarantee_elderly",
          "leefloon", "equivalent_leefloon"]  # fmt: skip


@pytest.fixture
def people(users):
    worker = actor_of(users[("a", Role.SOCIAL_WORKER)])
    for first, status, birth in (("Omar", "no_legal_residence", date(1990, 5, 5)),
                                 ("Amina", "no_legal_residence", date(1985, 3, 3)),
                                 ("Maria", "belgian", date(1950, 2, 2))):  # fmt: skip
        person = registry.create_person(
            worker, person_data(first_name=first, birth_date=birth, last_name="Janssens"),
            status=status, status_from=date(2020, 1, 1),
        )  # fmt: skip
        registry.found_household(worker, person, date(2020, 1, 1))


def test_a_screening_its_progress_and_the_outreach_that_follows(
    page: Page, shot, axe, phone, live_server, users, people, settings
):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": False}
    lead = users[("a", Role.TEAM_LEAD)]

    # 1. The team lead starts a screening from the rights page.
    log_in(page, lead.username, shot)
    page.get_by_role("link", name=expected("Missed rights", "nl")).click()
    expect(page.locator("h1")).to_have_text(expected("Missed rights", "nl"))
    axe("rights page")
    shot("rights page")
    page.fill("#id_purpose", "Campagne dringende medische hulp")
    page.fill("#id_on", "2025-03-01")
    for code in RIGHTS:
        page.check(f"input[name=rights][value={code}]")
    page.click("#start-screening")
    page.wait_for_url("**/jobs/*/")
    job = Job.objects.get(kind="rights.screening")
    expect(page.locator(".job-status")).to_have_text(expected("queued", "nl"))
    axe("job page, queued")
    shot("queued")

    # 2. A worker runs it (slowly: a pause after each right) while the page watches.
    Job.objects.filter(pk=job.pk).update(arguments={**job.arguments, "pause": 1.5})
    thread = threading.Thread(target=runner.execute, args=(job.pk,), kwargs={"inline": True})
    thread.start()
    try:
        bar = page.locator(f"#job-{job.pk}-bar")
        expect(page.locator(".job-status")).to_have_text(expected("running", "nl"), timeout=8000)
        expect(bar).not_to_have_attribute("value", "0", timeout=8000)
        shot("running")
        expect(page.locator(".job-status")).to_have_text(expected("succeeded", "nl"),
                                                         timeout=30000)  # fmt: skip
        expect(bar).to_have_attribute("value", "100")
        axe("job page, done")
        shot("done")
    finally:
        thread.join(timeout=60)
    run = ScreeningRun.objects.get()
    assert run.state == "done" and Job.objects.get(pk=job.pk).status == Status.SUCCEEDED

    # 3. The runs page compares the non-take-up per right.
    page.goto("/rights/")
    expect(page.locator("#compare-heading")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("100.0 %")
    axe("rights page with a run")
    shot("runs compared")

    # 4. A social worker opens the worklist of urgent medical aid.
    page.context.clear_cookies()
    worker = users[("a", Role.SOCIAL_WORKER)]
    log_in(page, worker.username, shot)
    page.goto(f"/rights/runs/{run.pk}/")
    axe("screening page")
    shot("screening")
    page.locator(f"a[href='/rights/runs/{run.pk}/urgent_medical_aid/']").click()
    rows = page.locator("table.worklist tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("wettig verblijf")
    axe("worklist")
    shot("worklist")
    phone()
    axe("worklist at phone width")
    shot("worklist phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 5. She records that Amina could not be reached.
    page.get_by_role("link", name="Janssens, Amina").click()
    axe("entry")
    shot("entry")
    page.select_option("#id_outcome-outcome", "unreachable")
    page.fill("#id_outcome-on", "2025-03-10")
    page.locator("form[action$='/outcome/'] button[type=submit]").click()
    expect(page.locator(".outcomes")).to_contain_text(expected("unreachable", "nl"))
    axe("entry with an outcome")
    shot("outcome recorded")
    amina = WorklistEntry.objects.get(run=run, person__first_name="Amina")
    assert Outcome.objects.get(entry=amina).outcome == "unreachable"

    # 6. For Omar she opens an aid request: the register gets it, with its 30-day term.
    page.goto(f"/rights/runs/{run.pk}/urgent_medical_aid/")
    page.get_by_role("link", name="Janssens, Omar").click()
    page.fill("#id_apply-received_on", "2025-03-12")
    page.click("#open-request")
    page.wait_for_url("**/cases/*/")
    req = AidRequest.objects.get()
    assert req.person.first_name == "Omar" and req.channel == "own_initiative"
    expect(page.locator("main")).to_contain_text(req.number)
    axe("the aid request it opened")
    shot("aid request")
