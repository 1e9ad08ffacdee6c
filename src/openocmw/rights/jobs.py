"""The screening as a background job (openocmw.jobs): `rights.screening`.

Started by the team lead's button or `openocmw screen`. In steps: the run is created once (its
id goes into the checkpoint), the data are read and screened, then each right's entries are
written in a step of their own with the progress. A worker killed with kill -9 is replaced:
the job is claimed again and resumes after the last committed right; a right half written when
the worker died was rolled back with its step, and the unique entries make a repeat harmless.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Membership
from openocmw.accounts.tenancy import Actor
from openocmw.jobs.kinds import kind

from .models import ScreeningRun
from .services import screening


@kind(
    "rights.screening",
    label=_("Screening for rights not taken up"),
    personal_data=True,
    permission="case.review",
    max_attempts=3,
)
def screening_job(
    ctx, *, on: str, purpose: str, rights: list, membership: int | None = None, pause: float = 0
):
    job = ctx.job
    actor = None
    if membership is not None:
        m = Membership.objects.select_related("ocmw", "user").get(pk=membership)
        actor = Actor(user=m.user, membership=m)
    if "run" not in ctx.state:
        with ctx.step():
            run = screening._create_run(
                actor, job.ocmw, date.fromisoformat(on), purpose, rights, job_id=job.pk
            )
            ctx.state["run"] = run.pk
            ctx.progress(0, len(rights) + 1, _("Reading the data"))
    run = ScreeningRun.objects.select_related("ocmw").get(pk=ctx.state["run"])
    run = screening.execute_run(
        run, step=ctx.step, state=ctx.state, progress=ctx.progress, pause=float(pause)
    )
    return {
        "run": run.pk,
        "persons": run.persons,
        "entries": run.entries.count(),
        "non_take_up": {code: c["non_take_up"] for code, c in run.counts.items()},
    }
