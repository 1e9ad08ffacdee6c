"""A job's page in Debian's Chromium: its progress bar moves on its own (HTMX), and stops
refreshing when the job is done."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from openocmw.accounts.models import Role
from openocmw.jobs import kinds, services
from openocmw.jobs.models import Job, Status
from tests.conftest import actor_of

from .test_registry_flow import expected, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def job_kind():
    kinds.kind("test.browser", label="Demo data")(lambda ctx: None)
    yield
    kinds.unregister("test.browser")


def test_the_progress_bar_follows_the_job_without_a_reload(page: Page, shot, axe, users, job_kind):
    worker = users[("a", Role.TEAM_LEAD)]
    job = services.enqueue("test.browser", actor=actor_of(worker), inline=False)
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING, done=25, total=200, attempts=1)

    log_in(page, worker.username, shot, axe)
    page.goto(f"/jobs/{job.pk}/")
    bar = page.locator(f"#job-{job.pk}-bar")
    expect(bar).to_have_attribute("value", "12")
    expect(page.get_by_label(expected("Progress", "nl"))).to_be_visible()
    expect(page.locator(f"#job-{job.pk}-text")).to_contain_text("25 van 200")
    axe("running")
    shot("running")

    Job.objects.filter(pk=job.pk).update(done=150)  # the worker moves on
    expect(bar).to_have_attribute("value", "75", timeout=8000)
    Job.objects.filter(pk=job.pk).update(status=Status.SUCCEEDED, done=200)
    expect(page.locator(".job-status")).to_have_text(expected("succeeded", "nl"), timeout=8000)
    expect(bar).to_have_attribute("value", "100")
    expect(page.locator(f"#job-{job.pk}")).not_to_have_attribute("hx-trigger", "every 2s")
    axe("done")
    shot("done")
    assert page.url.endswith(f"/jobs/{job.pk}/")  # never reloaded
