"""The jobs of the OCMW and a job's page, whose progress bar refreshes itself (HTMX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from openocmw.accounts.tenancy import actor_of

from . import kinds, services
from .models import Job

REFRESH_SECONDS = 2


def _label(job: Job) -> str:
    try:
        return str(kinds.get(job.kind).label)
    except kinds.UnknownKind:
        return job.kind


def _load(request, job_id: int, *, record_view: bool) -> Job:
    try:
        job = services.job_for(actor_of(request), job_id, record_view=record_view)
    except Job.DoesNotExist:
        raise Http404(_("No such job in your OCMW.")) from None
    job.label = _label(job)
    return job


@login_required
def job_list(request):
    jobs = list(services.visible_jobs(actor_of(request))[:100])
    for job in jobs:
        job.label = _label(job)
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
def job_detail(request, job_id: int):
    job = _load(request, job_id, record_view=True)
    return render(request, "jobs/detail.html", {"job": job, "refresh": REFRESH_SECONDS})


@login_required
def job_progress(request, job_id: int):
    """The progress block alone, for the page's refresh (it stops when the job is done)."""
    job = _load(request, job_id, record_view=False)
    return render(request, "jobs/_progress.html", {"job": job, "refresh": REFRESH_SECONDS})
