"""The job page: an accessible progress bar that refreshes itself, only for the job's OCMW."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from openocmw.accounts.models import AuditEntry, Role
from openocmw.jobs import services
from openocmw.jobs.models import Job, Status
from tests.conftest import actor_of
from tests.test_translations import assert_no_english


@pytest.fixture
def running(counting_kind, actor_a):
    job = services.enqueue("test.count", actor=actor_a, n=100, inline=False)
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING, done=40, total=100, attempts=1)
    return job


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_progress_as_a_progress_element_with_text_and_refreshes(running, users):
    page = _client(users[("a", Role.SOCIAL_WORKER)]).get(f"/jobs/{running.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<progress id="job-{running.pk}-bar" max="100" value="40"' in html
    assert f'aria-describedby="job-{running.pk}-text"' in html and 'role="status"' in html
    assert "40%" in html and "40 van 100 verwerkt" in html and "Voortgang" in html
    assert_no_english(html, "nl")
    assert f'hx-get="/jobs/{running.pk}/progress/"' in html and 'hx-trigger="every 2s"' in html


def test_the_refresh_stops_when_the_job_is_done(running, users):
    client = _client(users[("a", Role.SOCIAL_WORKER)])
    Job.objects.filter(pk=running.pk).update(status=Status.SUCCEEDED, done=100)
    part = client.get(f"/jobs/{running.pk}/progress/").content.decode()
    assert 'value="100"' in part and "hx-trigger" not in part and "geslaagd" in part
    assert "<html" not in part  # the block alone, swapped into the page


def test_french_users_read_french(running, users, counting_kind):
    from openocmw.jobs import services as s

    job = s.enqueue("test.count", actor=actor_of(users[("b", Role.SOCIAL_WORKER)]), n=2)
    client = _client(users[("b", Role.SOCIAL_WORKER)])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Progression" in html and "réussi" in html and "2 sur 2 traités" in html
    assert_no_english(html, "fr")


def test_another_ocmw_s_job_is_not_found_and_the_attempt_audited(running, users):
    client = _client(users[("b", Role.SOCIAL_WORKER)])
    assert client.get(f"/jobs/{running.pk}/").status_code == 404
    assert client.get(f"/jobs/{running.pk}/progress/").status_code == 404
    assert f'href="/jobs/{running.pk}/"' not in client.get("/jobs/").content.decode()
    denied = AuditEntry.objects.filter(action="denied", object_type="job")
    assert denied.count() == 2 and denied.first().user == users[("b", Role.SOCIAL_WORKER)]


def test_roles_without_jobs_are_refused(running, users):
    for role in (Role.FEDERAL_INSPECTOR, Role.SECURITY_ADVISER):
        assert _client(users[("a", role)]).get(f"/jobs/{running.pk}/").status_code == 403


def test_viewing_a_job_about_personal_data_is_audited_but_not_its_refreshes(running, users):
    client = _client(users[("a", Role.SOCIAL_WORKER)])
    client.get(f"/jobs/{running.pk}/")
    for _ in range(3):
        client.get(f"/jobs/{running.pk}/progress/")
    views = AuditEntry.objects.filter(action="view", object_type="job", object_id=str(running.pk))
    assert views.count() == 1


def test_the_list_shows_the_ocmw_s_jobs(running, users):
    html = _client(users[("a", Role.TEAM_LEAD)]).get("/jobs/").content.decode()
    assert f'href="/jobs/{running.pk}/"' in html and "40%" in html


def test_unknown_and_malformed_ids(running, users):
    client = _client(users[("a", Role.SOCIAL_WORKER)])
    assert client.get("/jobs/999999/").status_code == 404
    assert client.get("/jobs/abc/").status_code == 404
