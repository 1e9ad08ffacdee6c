"""What a worker sees: runs, worklists per right and per worker, one entry; assignment.

Screening results are shown only to roles that may see the person (`person.view`), only in
the person's OCMW, and every entry shown is in the audit log with its purpose.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation

from openocmw.accounts import audit
from openocmw.accounts.models import Membership, Role
from openocmw.accounts.tenancy import Actor, require, scope

from ..models import EntryKind, RunState, ScreeningRun, WorklistEntry
from .campaigns import in_control_group

WORKLIST_PURPOSE = "rights worklist"
# What a worker is advised to do, by the right's automation status (seed 003's ladder).
SUGGESTED = {
    "automatic": "check_automatic",
    "linked_to_granted_right": "check_linked",
    "proactive_information": "inform",
    "simplified_request": "help_apply",
    "on_request_only": "help_apply",
    "not_automatable": "investigate",
    "under_study": "investigate",
}


def runs(actor: Actor) -> QuerySet[ScreeningRun]:
    """The OCMW's runs (their counts only: no personal data)."""
    require(actor, "case.view")
    return scope(ScreeningRun.objects.all(), actor)


def get_run(actor: Actor, pk) -> ScreeningRun:
    return runs(actor).get(pk=int(pk))


def latest_run(actor: Actor) -> ScreeningRun | None:
    return runs(actor).filter(state=RunState.DONE).first()


def entries(
    actor: Actor,
    run: ScreeningRun,
    *,
    right: str | None = None,
    kind: str = EntryKind.MISSING,
    worker=None,
    unassigned: bool = False,
) -> QuerySet[WorklistEntry]:
    """Entries of a run (not yet audited: `shown` records the ones displayed)."""
    require(actor, "person.view")
    qs = scope(WorklistEntry.objects.select_related("person", "assigned_to"), actor).filter(
        run=run, kind=kind
    )
    if right:
        qs = qs.filter(right=right)
    # The control group of a campaign is not contacted: never on a list.
    qs = qs.exclude(in_control_group(actor.ocmw_id or 0))
    if worker is not None:
        qs = qs.filter(assigned_to=worker)
    elif unassigned:
        qs = qs.filter(assigned_to__isnull=True)
    return qs.order_by("right", "person__last_name", "person__first_name", "pk")


def shown(actor: Actor, entries_shown, *, purpose: str = WORKLIST_PURPOSE) -> None:
    """Record in the audit log every entry (a person's possible missed right) displayed."""
    for entry in entries_shown:
        audit.record(
            actor,
            "view",
            object_type="worklist_entry",
            object_id=entry.pk,
            subject_person_id=entry.person_id,
            purpose=purpose,
            detail={"run": entry.run_id, "right": entry.right, "kind": entry.kind},
        )


def worklist(actor: Actor, run: ScreeningRun, right: str, kind: str = EntryKind.MISSING):
    """The entries of one right in a run, for a worker: scoped to the actor's OCMW, and every
    entry shown is in the audit log with its purpose."""
    found = list(entries(actor, run, right=right, kind=kind))
    shown(actor, found)
    return found


def get_entry(actor: Actor, pk) -> WorklistEntry:
    """One entry of the actor's OCMW (audited view; a miss is audited as a denial)."""
    require(actor, "person.view")
    return audit.fetch(
        actor,
        WorklistEntry.objects.select_related("person", "run", "assigned_to"),
        pk,
        object_type="worklist_entry",
        purpose=WORKLIST_PURPOSE,
        subject=lambda e: e.person_id,
    )


def workers(actor: Actor):
    """The social workers and team leads of the actor's OCMW (to assign entries to)."""
    user_ids = Membership.objects.filter(
        ocmw_id=actor.ocmw_id, active=True, role__in=(Role.SOCIAL_WORKER, Role.TEAM_LEAD)
    ).values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=user_ids).order_by("last_name", "username")


@transaction.atomic
def assign(actor: Actor, entry: WorklistEntry, worker) -> WorklistEntry:
    """The team lead puts an entry on a worker's list (or takes it off: `worker` None)."""
    require(actor, "case.review")
    entry = scope(WorklistEntry.objects.select_for_update(), actor).get(pk=entry.pk)
    if worker is not None and not workers(actor).filter(pk=worker.pk).exists():
        raise ValidationError(
            {"worker": translation.gettext("Choose a social worker of this OCMW.")}
        )
    entry.assigned_to = worker
    entry.save(update_fields=["assigned_to"])
    audit.record(
        actor,
        "update",
        object_type="worklist_entry",
        object_id=entry.pk,
        subject_person_id=entry.person_id,
        purpose=WORKLIST_PURPOSE,
        detail={"assigned_to": worker.pk if worker else None},
    )
    return entry


def suggested_action(entry: WorklistEntry) -> str:
    """The suggested action's code for an entry (labels in `rights.labels`)."""
    from ..labels import right_entry

    if entry.kind == EntryKind.REVIEW:
        return "review"
    right = right_entry(entry.right, entry.ocmw_id)
    status = right.automation["status"] if right else "under_study"
    if entry.right in OCMW_GRANTS:
        return "open_request"
    return SUGGESTED.get(status, "investigate")


# The rights the OCMW grants itself: "apply" opens an aid request of this kind in the register.
OCMW_GRANTS = {
    "leefloon": ("leefloon", ""),
    "equivalent_leefloon": ("equivalent_leefloon", ""),
    "urgent_medical_aid": ("urgent_medical_aid", ""),
    "heating_allowance": ("other_social_aid", "energy"),
    "local_living_allowance": ("other_social_aid", "other"),
}
