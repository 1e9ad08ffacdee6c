"""The acknowledgement of an online request is e-mailed by a job, through a real SMTP server
(aiosmtpd on the loopback): the citizen's page neither waits for the mail server nor fails
with it; the worker's queue shows "not sent" until it is sent; a refused mail is sent again."""

from __future__ import annotations

import socket
import time

from django.test import Client
from django.urls import reverse

from openocmw.accounts.models import Role
from openocmw.casework import jobs as casework_jobs
from openocmw.casework.models import OnlineRequest
from openocmw.jobs.models import Job
from openocmw.jobs.runner import execute

from .test_request import FIELDS, url

KIND = "casework.acknowledgement"


def _send(email="jan@example.org"):
    started = time.perf_counter()
    response = Client().post(url("nl"), FIELDS | {"email": email})
    return response, time.perf_counter() - started


def _queue(client_for) -> str:
    return client_for("a", Role.SOCIAL_WORKER).get(reverse("online_queue")).content.decode()


def test_the_job_sends_it_through_smtp_and_the_queue_shows_sent(ocmw_a, smtp_sink, client_for):
    response, _seconds = _send()
    online = OnlineRequest.objects.get()
    assert response.status_code == 200 and online.reference in response.content.decode()
    assert smtp_sink.messages == [] and online.acknowledged_at is None
    assert "niet verstuurd" in _queue(client_for)
    job = Job.objects.get(kind=KIND)
    assert execute(job.pk, inline=True) == "succeeded"
    ((to, message),) = smtp_sink.messages
    assert to == ["jan@example.org"] and online.reference in message["Subject"]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    online.refresh_from_db()
    assert online.acknowledged_at is not None
    assert "niet verstuurd" not in _queue(client_for)
    # A second delivery of the same job, or a resend, sends nothing twice.
    Job.objects.filter(pk=job.pk).update(status="queued")
    execute(job.pk, inline=True)
    assert casework_jobs.resend_acknowledgements(None) == {"queued": 0}
    assert len(smtp_sink.messages) == 1


def test_a_refusing_mail_server_fails_the_job_not_the_page_and_it_is_sent_again(
    ocmw_a, smtp_sink, client_for
):
    smtp_sink.refuse.add("jan@example.org")
    response, _seconds = _send()
    assert response.status_code == 200
    job = Job.objects.get(kind=KIND)
    assert execute(job.pk, inline=True) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and "550" in job.error
    assert "niet verstuurd" in _queue(client_for)
    smtp_sink.refuse.clear()
    assert casework_jobs.resend_acknowledgements(None) == {"queued": 1}
    retry = Job.objects.filter(kind=KIND, status="queued").get()
    assert execute(retry.pk, inline=True) == "succeeded" and len(smtp_sink.messages) == 1
    assert OnlineRequest.objects.get().acknowledged_at is not None


def test_tries_stop_after_five(ocmw_a, smtp_sink):
    smtp_sink.refuse.add("jan@example.org")
    _send()
    for _ in range(10):
        for job in Job.objects.filter(kind=KIND, status="queued"):
            execute(job.pk, inline=True)
        casework_jobs.resend_acknowledgements(None)
    assert Job.objects.filter(kind=KIND).count() == casework_jobs.RESEND_ATTEMPTS
    assert smtp_sink.messages == []


def test_a_mail_server_that_does_not_answer_does_not_slow_the_page(ocmw_a, settings):
    """A server that accepts the connection and never speaks: the page answers at once."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    try:
        response, seconds = _send()
        assert response.status_code == 200 and seconds < settings.EMAIL_TIMEOUT
        job = Job.objects.get(kind=KIND)
        assert execute(job.pk, inline=True) == "failed"  # the worker gave up after the timeout
    finally:
        silent.close()
    assert OnlineRequest.objects.get().acknowledged_at is None


def test_without_an_e_mail_address_no_job_is_queued(ocmw_a):
    response, _seconds = _send(email="")
    assert response.status_code == 200 and not Job.objects.filter(kind=KIND).exists()
