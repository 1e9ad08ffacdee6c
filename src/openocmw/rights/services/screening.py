"""A screening run of one OCMW: authorisations, reading the data, writing the worklists.

`run_screening` screens synchronously (tests, small OCMWs); `start_screening` queues the
`rights.screening` job (`rights.jobs`) that does the same in steps, so that a worker killed
mid-run resumes it: the run is created once (its id is in the job's checkpoint), then each
right's entries are written in a step of their own, and entries are unique per run, right,
kind and person (a step repeated after a crash adds no duplicate).

Nothing is granted or withdrawn: a run lists who appears to miss a right and who receives one
they no longer appear to meet, for a worker to review.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import date

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from openocmw.accounts import audit
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import Actor, require
from openocmw.casework.models import AidRequest, Decision, DecisionKind
from openocmw.registry.models import Membership, Person, Relation, ResidenceStatus
from openocmw.rules import RULES_VERSION
from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import CHILD, HEAD, OTHER, PARTNER, RIGHTS, S
from openocmw.rules.rights.screening import RECEIVABLE, Population, screen

from .. import sources as data_sources
from ..facts import fact_columns
from ..local_rules import local_rules
from ..models import (
    CampaignMember,
    EntryKind,
    Notice,
    Outcome,
    OutcomeKind,
    RunState,
    ScreeningRun,
    WorklistEntry,
)
from .writing import entry_rows, insert_entries

PURPOSE = "rights screening"
# The decisions that mean a person receives a right today (casework's aid kinds).
DECIDED_RIGHTS = ("leefloon", "equivalent_leefloon", "urgent_medical_aid")
# Automation statuses whose end is announced by a notice (seed 003's ladder).
NOTIFIED_AUTOMATION = ("automatic", "linked_to_granted_right")
ROLE_OF_RELATION = {
    Relation.REFERENCE: HEAD,
    Relation.PARTNER: PARTNER,
    Relation.CHILD: CHILD,
    Relation.GRANDCHILD: CHILD,
}


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _ocmw_id(who: Actor | Ocmw) -> int | None:
    return who.ocmw_id if isinstance(who, Actor) else who.pk


def load_population(who: Actor | Ocmw, on: date) -> Population:
    """One OCMW's persons on date `on` as columns, from the database (`who`: an actor of the
    OCMW, or the OCMW itself for a run started from the command line).

    Households: the active memberships on `on` (a person without one is a household alone).
    Receiving a right: a current grant of the council (leefloon, equivalent, urgent medical
    aid), or a "granted" outcome a worker recorded after outreach (a right granted elsewhere,
    e.g. by the health insurance fund), dated on or before `on`.
    Incomes and status facts: `rights.facts` (the investigation's recorded incomes, the
    exchange's tax assessments and disability facts); what is not known is NaN or -1, and the
    matches that need it are incomplete and say so.
    """
    ocmw_id = _ocmw_id(who)
    if ocmw_id is None:
        persons = []
    else:
        persons = list(
            Person.objects.filter(ocmw_id=ocmw_id).order_by("pk").values_list("pk", "birth_date")
        )
    ids = np.array([pk for pk, _ in persons], np.int64)
    position = {pk: i for i, pk in enumerate(ids.tolist())}
    n = len(ids)
    household_of = np.full(n, -1, np.int64)
    role = np.full(n, HEAD, np.int8)
    current = Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    memberships = (
        Membership.objects.filter(
            person__ocmw_id=ocmw_id, valid_from__lte=on, cancelled_at__isnull=True
        )
        .filter(current)
        .values_list("person_id", "household_id", "relation")
    )
    household_ids: dict[int, int] = {}
    for person_id, household_id, relation in memberships:
        i = position.get(person_id)
        if i is None:
            continue
        household_of[i] = household_ids.setdefault(household_id, len(household_ids))
        role[i] = ROLE_OF_RELATION.get(relation, OTHER)
    alone = np.flatnonzero(household_of < 0)
    household_of[alone] = len(household_ids) + np.arange(len(alone))
    status = np.zeros(n, np.int8)
    statuses = (
        ResidenceStatus.objects.filter(
            person__ocmw_id=ocmw_id, valid_from__lte=on, cancelled_at__isnull=True
        )
        .filter(current)
        .order_by("valid_from")
        .values_list("person_id", "status")
    )
    for person_id, code in statuses:
        if person_id in position and code in S:
            status[position[person_id]] = S[code]
    receives = {code: np.zeros(n, bool) for code in RECEIVABLE}
    decisions = (
        Decision.objects.filter(
            ocmw_id=ocmw_id,
            kind__in=(DecisionKind.GRANT, DecisionKind.MODIFY),
            aid_kind__in=DECIDED_RIGHTS,
            effective_from__lte=on,
            replaced_by__isnull=True,
        )
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .values_list("person_id", "aid_kind")
    )
    for person_id, aid_kind in decisions:
        if person_id in position and aid_kind in receives:
            receives[aid_kind][position[person_id]] = True
    for person_id, right in _granted_outcomes(ocmw_id, on):
        if person_id in position and right in receives:
            receives[right][position[person_id]] = True
    columns = {
        "household": household_of,
        "age": np.array([_age(birth, on) for _, birth in persons], np.int16),
        "role": role,
        "status": status,
        **fact_columns(ocmw_id, on, ids.tolist()),
    }
    return Population.from_columns(columns, receives, person_id=ids)


def _granted_outcomes(ocmw_id, on: date) -> list[tuple[int, str]]:
    """(person, right) whose latest outcome on or before `on` is "granted"."""
    latest: dict[tuple[int, str], str] = {}
    rows = (
        Outcome.objects.filter(ocmw_id=ocmw_id, on__lte=on)
        .order_by("on", "pk")
        .values_list("entry__person_id", "entry__right", "outcome")
    )
    for person_id, right, outcome in rows:
        latest[(person_id, right)] = outcome
    return [key for key, outcome in latest.items() if outcome == OutcomeKind.GRANTED]


def _local_rules(ocmw: Ocmw, on: date) -> dict:
    """The OCMW's local rights with conditions as of `on`: code -> (rule, catalogue entry)."""
    return local_rules(ocmw, on)


def screenable(ocmw: Ocmw, on: date) -> list[str]:
    """The codes a run of the OCMW on `on` can screen: the national rights with encoded
    conditions, then its local rights with conditions in the version of that date."""
    return list(RIGHTS) + [code for code in _local_rules(ocmw, on) if code not in RIGHTS]


# --- authorisations and input --------------------------------------------------------------


def check_request(actor: Actor | None, ocmw: Ocmw, on, purpose: str, rights) -> list[str]:
    """Validate a screening request; the rights to screen. Bad input raises a ValidationError
    naming the field; a right read from a source not authorised for it is refused and the
    refusal is in the audit log (seed 003: a data match needs its legal basis)."""
    if actor is not None:
        require(actor, "case.review")
    errors = {}
    if not isinstance(purpose, str) or not purpose.strip():
        errors["purpose"] = translation.gettext("This field is required.")
    elif len(purpose.strip()) > 200:
        errors["purpose"] = translation.gettext("At most 200 characters.")
    if not isinstance(on, date):
        errors["on"] = translation.gettext("Enter a valid date.")
    elif on > timezone.localdate():
        errors["on"] = translation.gettext("The date of the situation lies in the future.")
    local = _local_rules(ocmw, on) if isinstance(on, date) else {}
    known = screenable(ocmw, on) if isinstance(on, date) else list(RIGHTS)
    codes = known if not rights else list(dict.fromkeys(rights))
    unknown = [code for code in codes if code not in known]
    if unknown:
        errors["right"] = translation.gettext("Unknown right: %(code)s") % {"code": unknown[0]}
    if errors:
        raise ValidationError(errors)
    refused = data_sources.refusals([c for c in codes if c in RIGHTS], PURPOSE)
    refused += data_sources.local_refusals(
        {c: local[c][1].local_conditions for c in codes if c not in RIGHTS}, PURPOSE
    )
    if refused:
        language = translation.get_language() or "nl"
        right, source = refused[0]
        audit.record(
            actor,
            "denied",
            ocmw=ocmw,
            object_type="screening_run",
            purpose=PURPOSE,
            detail={
                "reason": "source not authorised",
                "refused": [{"right": r, "source": s.code} for r, s in refused],
                "purpose": purpose.strip(),
            },
        )
        raise ValidationError(
            {
                "right": translation.gettext(
                    "The right %(right)s cannot be screened: the source “%(source)s” is not "
                    "authorised for it (purpose: %(purpose)s)."
                )
                % {"right": right, "source": source.name(language), "purpose": PURPOSE}
            }
        )
    return codes


def _create_run(actor: Actor | None, ocmw: Ocmw, on: date, purpose: str, codes, job_id=None):
    run = ScreeningRun.objects.create(
        ocmw=ocmw,
        on=on,
        purpose=purpose.strip(),
        rights=codes,
        rules_version=RULES_VERSION,
        started_by=actor.user if actor else None,
        job_id=job_id,
    )
    audit.record(
        actor,
        "create",
        ocmw=ocmw,
        object_type="screening_run",
        object_id=run.pk,
        purpose=PURPOSE,
        detail={"on": str(on), "rights": codes, "purpose": run.purpose, "job": job_id},
    )
    return run


def execute_run(
    run: ScreeningRun,
    *,
    step: Callable[[], AbstractContextManager] = nullcontext,
    state: dict | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    pause: float = 0.0,
) -> ScreeningRun:
    """Read the run's OCMW, screen it and write each right's entries in a `step` of its own.
    `state` (the job's checkpoint) holds the rights already written and their counts: a
    resumed run skips them."""
    state = {} if state is None else state
    ocmw = run.ocmw
    local: dict = {}
    population = load_population(ocmw, run.on)
    if len(population) == 0:  # nobody known to the OCMW yet: a run with empty counts
        empty = {
            "eligible": 0,
            "eligible_complete": 0,
            "receiving": 0,
            "eligible_not_receiving": 0,
            "review": 0,
            "listed": 0,
            "non_take_up": None,
        }
        state["counts"] = {code: dict(empty) for code in run.rights}
        state["done"] = list(run.rights)
        result = None
    else:
        local = {c: v for c, v in _local_rules(ocmw, run.on).items() if c in run.rights}
        codes = [c for c in run.rights if c in RIGHTS or c in local]
        try:
            result = screen(
                population, run.on, codes, extra_rules={c: r for c, (r, _) in local.items()}
            )
        except ValueError as error:
            raise ValidationError({"on": str(error)}) from None
    workers = _workers_of(run.ocmw_id)
    total = len(run.rights) + 1
    done = list(state.get("done", []))
    if progress:
        progress(1 + len(done), total, translation.gettext("Data read: %(n)s persons") % {
            "n": len(population)})  # fmt: skip
    for code in run.rights:
        if code in done:
            continue
        with step():
            if code not in result.rights:  # a local right withdrawn since the run was queued
                counts = {"eligible": 0, "eligible_complete": 0, "receiving": 0,
                          "eligible_not_receiving": 0, "review": 0, "listed": 0,
                          "non_take_up": None}  # fmt: skip
            else:
                rule, entry = local.get(code, (None, None))
                counts = write_right(
                    run, population, result.rights[code], workers, rule=rule, entry=entry
                )
            state.setdefault("counts", {})[code] = counts
            done.append(code)
            state["done"] = list(done)
            if progress:
                progress(1 + len(done), total, translation.gettext("Written: %(right)s") % {
                    "right": _right_name(code, local)})  # fmt: skip
        if pause > 0:  # leaves the database to other users (and lets a test kill it mid-run)
            time.sleep(pause)
    with step():
        ScreeningRun.objects.filter(pk=run.pk).update(
            counts={code: state["counts"][code] for code in run.rights},
            persons=len(population),
            households=population.households,
            state=RunState.DONE,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


def run_screening(
    actor: Actor, on: date, *, purpose: str, rights: list[str] | None = None
) -> ScreeningRun:
    """Screen the actor's OCMW now, in this process, for every encoded right (or the given
    ones) and store the worklists. Nothing is granted or withdrawn."""
    codes = check_request(actor, actor.ocmw, on, purpose, rights)
    with transaction.atomic():
        run = _create_run(actor, actor.ocmw, on, purpose, codes)
    return execute_run(run, step=transaction.atomic)


def start_screening(
    actor: Actor | None,
    on: date,
    *,
    purpose: str,
    rights: list[str] | None = None,
    ocmw: Ocmw | None = None,
    inline: bool | None = None,
    pause: float = 0.0,
):
    """Queue the screening of the actor's OCMW (or `ocmw`, from the command line) as the
    `rights.screening` job; the job (its page `/jobs/<id>/` shows the progress). While one
    screening of the OCMW is queued or running, that job is returned."""
    from openocmw.jobs.services import enqueue

    ocmw = actor.ocmw if actor is not None else ocmw
    codes = check_request(actor, ocmw, on, purpose, rights)
    return enqueue(
        "rights.screening",
        actor=actor,
        ocmw=None if actor is not None else ocmw,
        key=f"screening:{ocmw.pk}",
        inline=inline,
        on=on.isoformat(),
        purpose=purpose.strip(),
        rights=codes,
        membership=actor.membership.pk if actor is not None else None,
        pause=max(0.0, float(pause)),
    )


# --- writing -----------------------------------------------------------------------------


def _right_name(code: str, local: dict | None = None) -> str:
    language = (translation.get_language() or "nl")[:2]
    right = load_catalogue().get(code) or (local or {}).get(code, (None, None))[1]
    if right is None:
        return code
    return right.names.get(language) or right.names["nl"]


def _workers_of(ocmw_id: int) -> dict[int, int]:
    """Person -> the worker of their latest aid request (whose list the entry goes on)."""
    rows = (
        AidRequest.objects.filter(ocmw_id=ocmw_id, assigned_to__isnull=False)
        .order_by("received_on", "pk")
        .values_list("person_id", "assigned_to_id")
    )
    return dict(rows)


def write_right(
    run: ScreeningRun, population: Population, right, workers=None, *, rule=None, entry=None
) -> dict:
    """Write one right's entries of a run (idempotent), its notices and the campaign take-up
    it observes; the right's counts. A local right gives its engine `rule` and catalogue
    `entry` (`catalogue_services.local_rules`), for its reasons in words."""
    workers = workers if workers is not None else {}
    code = right.code
    # A worker needs something known that points to the right: an entry none of whose
    # conditions is known to hold (every fact missing) is counted but not listed.
    shown = right.enr_reasons != 0
    rows = entry_rows(right, population, run.on, workers, rule=rule, entry=entry)
    insert_entries(run, code, rows)
    _produce_notices(run, code, entry)
    _observe_take_up(run, population, code)
    return {
        "eligible": right.eligible,
        "eligible_complete": right.eligible_complete,
        "receiving": right.receiving,
        "eligible_not_receiving": right.eligible_not_receiving,
        "review": len(right.review_ids),
        "listed": int(shown.sum()),
        "non_take_up": right.non_take_up,
    }


def write_entries(run: ScreeningRun, population: Population, result) -> ScreeningRun:
    """Write all the run's entries (idempotent) and close it."""
    workers = _workers_of(run.ocmw_id)
    counts = {code: write_right(run, population, r, workers) for code, r in result.rights.items()}
    ScreeningRun.objects.filter(pk=run.pk).update(
        counts=counts,
        persons=len(population),
        households=population.households,
        state=RunState.DONE,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _produce_notices(run: ScreeningRun, code: str, local_entry=None) -> None:
    """A right granted automatically (or linked to a granted right) that no longer appears to
    be met gets a notice for the worker: nothing is withdrawn without a person deciding."""
    right = load_catalogue().get(code) or local_entry
    automation = right.automation["status"] if right else ""
    if automation not in NOTIFIED_AUTOMATION:
        return
    entries = WorklistEntry.objects.filter(run=run, right=code, kind=EntryKind.REVIEW).exclude(
        notice__isnull=False
    )
    Notice.objects.bulk_create(
        [Notice(entry=e, ocmw_id=run.ocmw_id, right=code, automation=automation) for e in entries],
        ignore_conflicts=True,
    )


def _observe_take_up(run: ScreeningRun, population: Population, code: str) -> None:
    """Campaign members of this right who took it up, measured the same way for the contacted
    and the control group, and only from a fact with a source and a date after the campaign
    started: a council decision granting the right (the register) that applies from that day,
    or a "granted" outcome dated after it. Receiving the right in a later run is not enough: a
    grant older than the campaign is no take-up."""
    members = CampaignMember.objects.filter(
        campaign__ocmw_id=run.ocmw_id,
        campaign__right=code,
        campaign__created_at__lt=run.started_at,
        campaign__run__on__lte=run.on,
        taken_up_on__isnull=True,
    ).exclude(campaign__run=run)
    if not members.exists():
        return
    for campaign_id, screened_on in (
        members.values_list("campaign_id", "campaign__run__on").distinct().order_by()
    ):
        # Contacts are dated after the campaign's screening: a fact from the day after on.
        since = date.fromordinal(screened_on.toordinal() + 1)
        group = members.filter(campaign_id=campaign_id)
        for person_id, on in _take_up_facts(run.ocmw_id, code, since, run.on).items():
            group.filter(person_id=person_id).update(taken_up_on=on, taken_up_run=run)


def _take_up_facts(ocmw_id: int, code: str, since: date, until: date) -> dict[int, date]:
    """Person -> the first dated fact, between `since` and `until`, that they receive `code`."""
    facts: dict[int, date] = {}
    if code in DECIDED_RIGHTS:
        rows = Decision.objects.filter(
            ocmw_id=ocmw_id, aid_kind=code, kind__in=(DecisionKind.GRANT, DecisionKind.MODIFY),
            effective_from__gte=since, effective_from__lte=until,
        ).values_list("person_id", "effective_from")  # fmt: skip
        for person_id, on in rows:
            facts[person_id] = min(on, facts.get(person_id, on))
    rows = Outcome.objects.filter(
        ocmw_id=ocmw_id, entry__right=code, outcome=OutcomeKind.GRANTED, on__gte=since,
        on__lte=until,
    ).values_list("entry__person_id", "on")  # fmt: skip
    for person_id, on in rows:
        facts[person_id] = min(on, facts.get(person_id, on))
    return facts


def take_up_verifiable(code: str) -> bool:
    """Whether a campaign's take-up of `code` rests on a data source for both groups: the
    council's decisions in the register. A right granted elsewhere (the health insurance fund,
    the energy supplier, the Pensions Service) is known only from the outcomes workers record,
    and they record them for the contacted, hardly for the control group: its uplift may be
    overstated until a data flow tells who receives it."""
    return code in DECIDED_RIGHTS
