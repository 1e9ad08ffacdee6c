"""A screening run of one OCMW split into partitions that run as jobs on any number of workers
(issue 11, "Beyond one machine").

`start_partitioned_run(actor, on, purpose, parts)` records the run (audited with its purpose)
and enqueues a parent job, `rights.screen_partitioned`, which enqueues one
`rights.screen_partition` job per partition. A partition is a set of whole households, by the
household's database id modulo `parts` (a person without a household: by their own id): each
partition job reads only its households from the database, screens them with the same engine
(national and the OCMW's local rights), writes its worklist entries (INSERT ... ON CONFLICT DO
NOTHING on the run's unique constraint: a partition retried after kill -9 adds no duplicate) and
adds its counts to the run under a row lock; the last one closes the run with the totals.

The jobs go through the production queue (django-q2 on the database, or Redis with
OPENOCMW_QUEUE_URL): start `openocmw worker` on as many machines as wanted, each with
OPENOCMW_WORKERS processes, all on the same database (docs/rights.md, "Workers on several
machines").
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require
from openocmw.casework.models import Decision, DecisionKind
from openocmw.jobs.kinds import kind as job_kind
from openocmw.registry.models import Membership, Person, ResidenceStatus
from openocmw.rules import RULES_VERSION
from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import HEAD, OTHER, RIGHTS, S
from openocmw.rules.rights.screening import Population, screen

from .catalogue_services import local_rules
from .facts import fact_columns
from .intake import DECIDED_RIGHTS, ROLE_OF_RELATION
from .models import RunState, ScreeningRun
from .services.writing import entry_rows, insert_entries


def _active(on: date) -> Q:
    return Q(valid_from__lte=on, cancelled_at__isnull=True) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def load_part(ocmw_id: int, on: date, part: int, parts: int) -> Population:
    """The persons of partition `part` of `parts` of an OCMW on a date, as columns (whole
    households; the same facts as `rights.services.load_population`)."""
    memberships = (
        Membership.objects.filter(_active(on), household__ocmw_id=ocmw_id)
        .annotate(bucket=F("household_id") % parts)
        .filter(bucket=part)
    )
    members = list(memberships.values_list("person_id", "household_id", "relation"))
    housed = Membership.objects.filter(_active(on), person_id=OuterRef("pk"))
    alone = (
        Person.objects.filter(ocmw_id=ocmw_id)
        .annotate(bucket=F("pk") % parts, housed=Exists(housed))
        .filter(bucket=part, housed=False)
        .values_list("pk", "birth_date")
    )
    births = dict(
        Person.objects.filter(
            ocmw_id=ocmw_id, pk__in=Subquery(memberships.values("person_id"))
        ).values_list("pk", "birth_date")
    )
    births.update(dict(alone))
    ids = np.array(sorted(births), np.int64)
    n = len(ids)
    position = {pk: i for i, pk in enumerate(ids.tolist())}
    household_of = np.full(n, -1, np.int64)
    role = np.full(n, HEAD, np.int8)
    dense: dict[int, int] = {}
    for person_id, household_id, relation in members:
        i = position.get(person_id)
        if i is not None:
            household_of[i] = dense.setdefault(household_id, len(dense))
            role[i] = ROLE_OF_RELATION.get(relation, OTHER)
    lonely = np.flatnonzero(household_of < 0)
    household_of[lonely] = len(dense) + np.arange(len(lonely))
    status = np.zeros(n, np.int8)
    statuses = (
        ResidenceStatus.objects.filter(_active(on), person__ocmw_id=ocmw_id)
        .order_by("valid_from")
        .values_list("person_id", "status")
    )
    for person_id, code in statuses.iterator(chunk_size=20000):
        i = position.get(person_id)
        if i is not None and code in S:
            status[i] = S[code]
    receives = {code: np.zeros(n, bool) for code in DECIDED_RIGHTS}
    decisions = (
        Decision.objects.filter(
            ocmw_id=ocmw_id, kind__in=(DecisionKind.GRANT, DecisionKind.MODIFY),
            aid_kind__in=DECIDED_RIGHTS, effective_from__lte=on, replaced_by__isnull=True,
        )
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .values_list("person_id", "aid_kind")
    )  # fmt: skip
    for person_id, aid_kind in decisions.iterator(chunk_size=20000):
        i = position.get(person_id)
        if i is not None:
            receives[aid_kind][i] = True
    ages = np.array(
        [on.year - b.year - ((on.month, on.day) < (b.month, b.day)) for b in
         (births[pk] for pk in ids.tolist())],
        np.int16,
    )  # fmt: skip
    hh_ids = np.full(len(dense) + len(lonely), -1, np.int64)
    for household_id, k in dense.items():
        hh_ids[k] = household_id
    hh_ids[len(dense) :] = -ids[lonely]  # a person alone: minus their id (never a household id)
    columns = {
        "household": household_of,
        "age": ages,
        "role": role,
        "status": status,
        **fact_columns(ocmw_id, on, ids.tolist()),
    }
    return Population.from_columns(columns, receives, person_id=ids, household_id=hh_ids)


def screen_part(run: ScreeningRun, part: int, parts: int, pause: float = 0.0) -> dict:
    """Read, screen and write one partition of a run; its counts per right. `pause`: seconds
    to wait after each right is written (leaves the database to other users; lets a test kill
    the worker with some rights written)."""
    population = load_part(run.ocmw_id, run.on, part, parts)
    extra = {c: v for c, v in local_rules(run.ocmw, run.on).items() if c in run.rights}
    national = [c for c in run.rights if c in RIGHTS]
    codes = national + list(extra)
    rules = {code: rule for code, (rule, _) in extra.items()}
    result = screen(population, run.on, codes, extra_rules=rules)
    catalogue = load_catalogue()
    counts = {}
    for code, right in result.rights.items():
        rule, entry = extra.get(code, (None, catalogue.get(code)))
        shown = right.enr_reasons != 0
        rows = entry_rows(right, population, run.on, rule=rule, entry=entry)
        insert_entries(run, code, rows)
        if pause > 0:
            time.sleep(pause)
        counts[code] = {
            "eligible": right.eligible,
            "eligible_complete": right.eligible_complete,
            "receiving": right.receiving,
            "eligible_not_receiving": right.eligible_not_receiving,
            "review": len(right.review_ids),
            "listed": int(shown.sum()),
        }
    return {"persons": len(population), "households": population.households, "counts": counts}


def _close(run_id: int, part: int, parts: int, done: dict) -> None:
    """Add a partition's counts to the run (under a row lock); the last one closes the run."""
    with transaction.atomic():
        run = ScreeningRun.objects.select_for_update().get(pk=run_id)
        partial = dict(run.counts.get("_partitions", {}))
        partial[str(part)] = done
        if len(partial) < parts:
            ScreeningRun.objects.filter(pk=run_id).update(counts={"_partitions": partial})
            return
        totals: dict = {}
        for item in partial.values():
            for code, numbers in item["counts"].items():
                into = totals.setdefault(code, dict.fromkeys(numbers, 0))
                for key, value in numbers.items():
                    into[key] += value
        for numbers in totals.values():
            eligible = numbers["eligible"]
            numbers["non_take_up"] = (
                None if eligible == 0 else numbers["eligible_not_receiving"] / eligible
            )
        ScreeningRun.objects.filter(pk=run_id).update(
            counts=totals,
            persons=sum(i["persons"] for i in partial.values()),
            households=sum(i["households"] for i in partial.values()),
            state=RunState.DONE,
            finished_at=timezone.now(),
        )


def start_partitioned_run(
    actor: Actor,
    on: date,
    *,
    purpose: str,
    parts: int,
    rights: list[str] | None = None,
    pause: float = 0.0,
):
    """Record a run of the actor's OCMW and queue its partitions as jobs; the parent job."""
    require(actor, "case.review")
    from openocmw.jobs.services import enqueue

    from .services.screening import check_request

    # The same checks as a single run: known codes (national and local), the sources'
    # authorisations (national and local rights), a refusal audited.
    codes = check_request(actor, actor.ocmw, on, purpose, rights)
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            ocmw=actor.ocmw, on=on, purpose=purpose.strip(), rights=codes,
            rules_version=RULES_VERSION, started_by=actor.user,
        )  # fmt: skip
        audit.record(
            actor, "create", object_type="screening_run", object_id=run.pk,
            purpose="rights screening",
            detail={"on": str(on), "rights": codes, "purpose": run.purpose, "partitions": parts},
        )  # fmt: skip
        job = enqueue(
            "rights.screen_partitioned", actor=actor, key=f"run:{run.pk}", run=run.pk,
            parts=int(parts), pause=max(0.0, float(pause)),
        )  # fmt: skip
    return run, job


@job_kind(
    "rights.screen_partitioned",
    label=gettext_lazy("Screening for rights, in partitions"),
    personal_data=True,
    permission="case.review",
)
def screen_partitioned(ctx, *, run: int, parts: int, pause: float = 0.0) -> dict:
    from openocmw.jobs.models import Job
    from openocmw.jobs.services import enqueue

    the_run = ScreeningRun.objects.select_related("ocmw").get(pk=run)
    for part in range(parts):
        key = f"run:{run}:part:{part}"
        if not Job.objects.filter(parent=ctx.job, key=key).exists():
            enqueue(
                "rights.screen_partition", ocmw=the_run.ocmw, parent=ctx.job, key=key, run=run,
                part=part, parts=parts, pause=pause,
            )  # fmt: skip
    ctx.progress(0, parts, _("%(n)s partitions queued") % {"n": parts})
    return {"run": run, "parts": parts}


@job_kind(
    "rights.screen_partition",
    label=gettext_lazy("Screening for rights: one partition"),
    personal_data=True,
    permission="case.review",
)
def screen_partition(ctx, *, run: int, part: int, parts: int, pause: float = 0.0) -> dict:
    the_run = ScreeningRun.objects.select_related("ocmw").get(pk=run)
    done = screen_part(the_run, part, parts, pause)
    _close(run, part, parts, done)
    ctx.progress(1, 1)
    return {"part": part, "persons": done["persons"]}
