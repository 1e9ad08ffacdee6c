"""The set-up of the kill -9 test of the rights jobs (`test_kill.py`), in one process: migrate,
load the demo data, screen OCMW Leuven once without interruption (the reference run), then
queue, for the worker the test kills: a hinge moment's screening of a household the reference
run lists, a screening run and a run in two partitions, each with a pause so that the worker
is killed mid-job. Prints the ids as JSON.

    DATABASE_URL=... python -m tests.rights_app.kill_setup
"""

from __future__ import annotations

import json
import os
from datetime import date

ON = date(2025, 3, 1)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openocmw.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from openocmw.accounts.models import Membership, Ocmw, Role
    from openocmw.accounts.tenancy import Actor
    from openocmw.jobs.models import Job
    from openocmw.registry.models import Membership as Stay
    from openocmw.rights import hinges, partitions, services
    from openocmw.rights.models import EntryKind, ScreeningRun, WorklistEntry

    call_command("migrate", verbosity=0)
    call_command(
        "demo", "--inline", "--persons", "400", "--requests-per-100-persons", "0", verbosity=0
    )
    leuven = Ocmw.objects.get(nis_code="24062")
    services.start_screening(None, ON, purpose="reference", ocmw=leuven, inline=True)
    reference = ScreeningRun.objects.get(ocmw=leuven)
    # A household with at least two members, one of them listed by the reference run.
    listed = WorklistEntry.objects.filter(run=reference, kind=EntryKind.MISSING).values("person")
    stay = (
        Stay.objects.filter(person__in=listed, cancelled_at__isnull=True, valid_from__lte=ON)
        .exclude(valid_until__lt=ON)
        .filter(household__memberships__relation="partner")
        .select_related("household", "person")
        .order_by("pk")
        .first()
    )
    moment = hinges.hinge_moment(stay.household, "job_loss", ON, "federal:test", person=stay.person)
    # The worker is killed while the hinge job waits between its screening and its writing.
    Job.objects.filter(pk=moment.job_id).update(arguments={"hinge": moment.pk, "pause": 60})
    screening = services.start_screening(None, ON, purpose="killed", ocmw=leuven, pause=1.0)
    lead = Membership.objects.get(
        ocmw=leuven, role=Role.TEAM_LEAD, user__username="leuven.teamleider"
    )
    run, parent = partitions.start_partitioned_run(
        Actor(user=lead.user, membership=lead), ON, purpose="killed", parts=2, pause=1.0
    )
    print(
        json.dumps(
            {
                "reference": reference.pk,
                "hinge": moment.pk,
                "hinge_job": moment.job_id,
                "screening_job": screening.pk,
                "partitioned": run.pk,
                "parent_job": parent.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
