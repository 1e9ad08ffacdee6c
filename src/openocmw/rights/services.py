"""The only place that changes the rights app: catalogue versions and screening runs.

`save_right_version` validates a catalogue entry with `rules.rights.catalogue` and stores it as
a new version from a date (a bad entry raises a ValidationError naming the field, nothing is
saved). `run_screening` reads one OCMW's persons, households, residence statuses and decisions
into columns, screens them with `rules.rights.screening`, and writes the worklist entries; the
run is audited with its purpose, every entry shown through `worklist` is audited too.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.casework.models import Decision, DecisionKind
from openocmw.registry.models import Membership, Person, Relation, ResidenceStatus
from openocmw.rules import RULES_VERSION
from openocmw.rules.rights.catalogue import CatalogueError, validate_right
from openocmw.rules.rights.conditions import CHILD, HEAD, OTHER, PARTNER, RIGHTS, S
from openocmw.rules.rights.explain import review_list
from openocmw.rules.rights.explain import worklist as explain_worklist
from openocmw.rules.rights.screening import Population, screen

from .models import (
    EntryKind,
    Outcome,
    OutcomeKind,
    RightVersion,
    RunState,
    ScreeningRun,
    WorklistEntry,
)

# The decisions that mean a person receives a right today (casework's aid kinds).
DECIDED_RIGHTS = ("leefloon", "equivalent_leefloon", "urgent_medical_aid")
ROLE_OF_RELATION = {
    Relation.REFERENCE: HEAD,
    Relation.PARTNER: PARTNER,
    Relation.CHILD: CHILD,
    Relation.GRANDCHILD: CHILD,
}


def _catalogue_error(error: CatalogueError) -> ValidationError:
    language = translation.get_language() or "nl"
    return ValidationError(
        {error.field: error.message("fr" if language.startswith("fr") else "nl")}
    )


def save_right_version(
    actor: Actor, data: dict, valid_from: date, *, local: bool = False
) -> RightVersion:
    """Store a new version of a right (the national catalogue, or the actor's OCMW's local
    right), applying from `valid_from`. Earlier versions are kept."""
    require(actor, "ocmw.manage")
    if not isinstance(valid_from, date):
        raise ValidationError({"valid_from": translation.gettext("Enter a valid date.")})
    try:
        right = validate_right(data)
    except CatalogueError as error:
        raise _catalogue_error(error) from None
    if local and right.level != "local":
        raise ValidationError(
            {"level": translation.gettext("A right of the OCMW must have the level 'local'.")}
        )
    ocmw = actor.ocmw if local else None
    with transaction.atomic():
        last = (
            RightVersion.objects.select_for_update()
            .filter(ocmw=ocmw, code=right.code)
            .aggregate(last=Max("version"))["last"]
        )
        version = RightVersion.objects.create(
            ocmw=ocmw,
            code=right.code,
            version=(last or 0) + 1,
            valid_from=valid_from,
            data=right.to_dict(),
            created_by=actor.user,
        )
        audit.record(
            actor,
            "create",
            object_type="right_version",
            object_id=version.pk,
            purpose="rights catalogue",
            detail={"code": right.code, "version": version.version, "valid_from": str(valid_from)},
        )
    return version


def right_on(code: str, on: date, ocmw=None) -> RightVersion | None:
    """The version of a right that applies on a date (the OCMW's own first, then national)."""
    versions = RightVersion.objects.filter(code=code, valid_from__lte=on)
    for owner in ([ocmw] if ocmw is not None else []) + [None]:
        found = versions.filter(ocmw=owner).order_by("-valid_from", "-version").first()
        if found is not None:
            return found
    return None


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def load_population(actor: Actor, on: date) -> Population:
    """The actor's OCMW's persons on date `on` as columns, from the database.

    Households: the active memberships on `on` (a person without one is a household alone).
    Income, disability allowance and debt mediation are not recorded in the registry yet: they
    are unknown (NaN, -1), so matches that need them are incomplete and say so.
    """
    persons = list(
        scope(Person.objects.all(), actor).order_by("pk").values_list("pk", "birth_date")
    )
    ids = np.array([pk for pk, _ in persons], np.int64)
    position = {pk: i for i, pk in enumerate(ids.tolist())}
    n = len(ids)
    household_of = np.full(n, -1, np.int64)
    role = np.full(n, HEAD, np.int8)
    memberships = (
        Membership.objects.filter(
            person__ocmw_id=actor.ocmw_id, valid_from__lte=on, cancelled_at__isnull=True
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
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
            person__ocmw_id=actor.ocmw_id, valid_from__lte=on, cancelled_at__isnull=True
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("valid_from")
        .values_list("person_id", "status")
    )
    for person_id, code in statuses:
        if person_id in position and code in S:
            status[position[person_id]] = S[code]
    receives = {code: np.zeros(n, bool) for code in DECIDED_RIGHTS}
    decisions = (
        scope(Decision.objects.all(), actor)
        .filter(
            kind__in=(DecisionKind.GRANT, DecisionKind.MODIFY),
            aid_kind__in=DECIDED_RIGHTS,
            effective_from__lte=on,
            replaced_by__isnull=True,
        )
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .values_list("person_id", "aid_kind")
    )
    for person_id, aid_kind in decisions:
        if person_id in position:
            receives[aid_kind][position[person_id]] = True
    columns = {
        "household": household_of,
        "age": np.array([_age(birth, on) for _, birth in persons], np.int16),
        "role": role,
        "status": status,
        "income_net_monthly": np.full(n, np.nan),
        "income_gross_yearly": np.full(n, np.nan),
        "disability_allowance": np.full(n, -1, np.int8),
        "debt_mediation": np.full(n, -1, np.int8),
    }
    return Population.from_columns(columns, receives, person_id=ids)


def run_screening(
    actor: Actor, on: date, *, purpose: str, rights: list[str] | None = None
) -> ScreeningRun:
    """Screen the actor's OCMW for every encoded right (or the given ones) and store the
    worklists. Nothing is granted or withdrawn."""
    require(actor, "case.review")
    if not purpose or not purpose.strip():
        raise ValidationError({"purpose": translation.gettext("This field is required.")})
    codes = list(RIGHTS) if not rights else list(rights)
    unknown = [code for code in codes if code not in RIGHTS]
    if unknown:
        raise ValidationError(
            {"right": translation.gettext("Unknown right: %(code)s") % {"code": unknown[0]}}
        )
    population = load_population(actor, on)
    try:
        result = screen(population, on, codes)
    except ValueError as error:
        raise ValidationError({"on": str(error)}) from None
    run = ScreeningRun.objects.create(
        ocmw=actor.ocmw,
        on=on,
        purpose=purpose.strip(),
        rights=codes,
        persons=len(population),
        households=population.households,
        rules_version=RULES_VERSION,
        started_by=actor.user,
    )
    audit.record(
        actor,
        "create",
        object_type="screening_run",
        object_id=run.pk,
        purpose="rights screening",
        detail={"on": str(on), "rights": codes, "purpose": run.purpose},
    )
    write_entries(run, population, result)
    return run


def _insert_entries(run: ScreeningRun, right: str, rows: list[tuple]) -> None:
    """Insert the entries of one right in batches, skipping those already there (the unique
    constraint on run, right, kind and person): a restarted run adds no duplicate.

    Plain parameterised SQL (INSERT ... ON CONFLICT DO NOTHING, SQLite and PostgreSQL): the ORM's
    per-object bulk_create cost about 0.3 ms per entry, more than the screening itself."""
    table = connection.ops.quote_name(WorklistEntry._meta.db_table)
    columns = (
        "run_id", "ocmw_id", "right", "person_id", "kind", "reason_nl", "reason_fr",
        "complete", "missing", "parameters_verified",
    )  # fmt: skip
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Identifiers from the model, quoted; every value is a parameter.
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
    values = [
        (run.pk, run.ocmw_id, right, person, kind, nl, fr, complete, json.dumps(missing), verified)
        for person, kind, nl, fr, complete, missing, verified in rows
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            cursor.executemany(sql, values[start : start + 5000])


def write_entries(run: ScreeningRun, population: Population, result) -> None:
    """Write the run's entries (idempotent: a restarted run adds no duplicate) and close it."""
    counts = {}
    for code, right in result.rights.items():
        # A worker needs something known that points to the right: an entry none of whose
        # conditions is known to hold (every fact missing) is counted but not listed.
        shown = right.enr_reasons != 0
        nl = explain_worklist(right, population, run.on, language="nl", select=shown)
        fr = explain_worklist(right, population, run.on, language="fr", select=shown)
        rows = [
            (
                a["person_id"],
                EntryKind.MISSING,
                a["reason"],
                b["reason"],
                a["complete"],
                a["missing"],
                a["parameters_verified"],
            )
            for a, b in zip(nl, fr, strict=True)
        ]
        review_nl = review_list(right, population, run.on, language="nl")
        review_fr = review_list(right, population, run.on, language="fr")
        rows += [
            (
                a["person_id"],
                EntryKind.REVIEW,
                a["reason"],
                b["reason"],
                True,
                [],
                right.parameters_verified,
            )
            for a, b in zip(review_nl, review_fr, strict=True)
        ]
        _insert_entries(run, code, rows)
        counts[code] = {
            "eligible": right.eligible,
            "eligible_complete": right.eligible_complete,
            "receiving": right.receiving,
            "eligible_not_receiving": right.eligible_not_receiving,
            "review": len(right.review_ids),
            "listed": int(shown.sum()),
            "non_take_up": right.non_take_up,
        }
    ScreeningRun.objects.filter(pk=run.pk).update(
        counts=counts, state=RunState.DONE, finished_at=timezone.now()
    )
    run.refresh_from_db()


def worklist(actor: Actor, run: ScreeningRun, right: str, kind: str = EntryKind.MISSING):
    """The entries of one right in a run, for a worker: scoped to the actor's OCMW, and every
    entry shown is in the audit log with its purpose."""
    require(actor, "person.view")
    entries = list(
        scope(WorklistEntry.objects.select_related("person"), actor).filter(
            run=run, right=right, kind=kind
        )
    )
    for entry in entries:
        audit.record(
            actor,
            "view",
            object_type="worklist_entry",
            object_id=entry.pk,
            subject_person_id=entry.person_id,
            purpose="rights worklist",
            detail={"run": run.pk, "right": right, "kind": kind},
        )
    return entries


def record_outcome(
    actor: Actor, entry: WorklistEntry, outcome: str, on: date | None, note: str = ""
) -> Outcome:
    """A worker records what came of an entry. Nothing is granted here: "granted" records a
    decision taken elsewhere (the council's, or another institution's)."""
    require(actor, "case.prepare")
    entry = scope(WorklistEntry.objects.all(), actor).get(pk=entry.pk)
    errors = {}
    if outcome not in OutcomeKind.values:
        errors["outcome"] = translation.gettext("Select a valid choice.")
    if not isinstance(on, date):
        errors["on"] = translation.gettext("Enter a valid date.")
    elif on < entry.run.on or on > timezone.localdate():
        errors["on"] = translation.gettext("The date must lie between the screening and today.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = Outcome.objects.create(
            entry=entry,
            ocmw_id=entry.ocmw_id,
            outcome=outcome,
            on=on,
            note=note.strip(),
            recorded_by=actor.user,
        )
        audit.record(
            actor,
            "create",
            object_type="rights_outcome",
            object_id=row.pk,
            subject_person_id=entry.person_id,
            purpose="rights worklist",
            detail={"entry": entry.pk, "right": entry.right, "outcome": outcome, "on": str(on)},
        )
    return row
