"""Hinge moments (issue 11, §5; seed 003): a life event makes the household screened.

`hinge_moment(household, kind, on, source)` is the one entry point: the registry and casework
hooks below call it (a birth, a partner's death, a separation, a move into the municipality,
the end of a benefit), the daily job calls it for those who reach pension age, and a future
federal data flow (a job loss, an end of benefit elsewhere) will call it with its own source.
It records the moment once, assigns it to the worker who follows the household (the worker of
its most recent aid request; else the team's list) and queues a job that screens that household
with the same engine as the intake panel; what the household appears to miss lands on that
worker's list (`HingeMatch`), and on the screening worklist the workers use: each match becomes
an entry of the OCMW's latest finished run that screened its right, on the moment's worker's
list, its reason preceded by the moment, unless the run already lists that person for that right (then the run's
entry stays, and goes on the moment's worker's list if it was on nobody's). The job is
idempotent: a retry after kill -9 adds no duplicate.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.accounts import audit
from openocmw.accounts.models import Ocmw
from openocmw.casework.models import AidRequest
from openocmw.inputs.validation import EVENT, check_date
from openocmw.jobs.kinds import kind as job_kind
from openocmw.registry.models import ChangeReason, Household, Membership, Person, Relation

from .catalogue_models import HingeKind, HingeMatch, HingeMoment, HingeState
from .intake import screen_household
from .models import EntryKind, RunState, ScreeningRun, WorklistEntry

PURPOSE = "rights hinge moment"
log = logging.getLogger("openocmw.rights")
# A person who dies on day D is a member until D (registry): the household after it, from D + 1.
DAY_AFTER = {HingeKind.PARTNER_DEATH}
# What precedes the reason of a hinge moment's entry on the screening worklist.
ON_WORKLIST = {
    "nl": "Scharniermoment: {kind} op {on}. ",
    "fr": "Moment charnière : {kind} le {on}. ",
    "de": "Wendepunkt: {kind} am {on}. ",
}


def assigned_worker(ocmw_id: int, person_ids):
    """The worker assigned to the most recent aid request of a member, or None."""
    request = (
        AidRequest.objects.filter(
            ocmw_id=ocmw_id, person_id__in=list(person_ids), assigned_to__isnull=False
        )
        .order_by("-received_on", "-pk")
        .first()
    )
    return request.assigned_to if request else None


def hinge_moment(
    household: Household | None,
    kind: str,
    on: date,
    source: str,
    *,
    person: Person | None = None,
) -> HingeMoment:
    """Record a hinge moment of a household (or of a person without a household) and queue the
    screening of that household. The same moment reported again returns the first one."""
    errors = {}
    if kind not in HingeKind.values:
        errors["kind"] = _("Unknown kind of event.")
    if not isinstance(on, date):
        errors["on"] = _("Enter a valid date.")
    else:
        try:
            check_date(on, kind=EVENT, field="on", label=_("date of the event"))
        except ValidationError as error:
            errors.update(error.message_dict)
    if not isinstance(source, str) or not source.strip():
        errors["source"] = _("This field is required.")
    if person is None and household is None:
        errors["household"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    person = person or household.reference_person
    ocmw_id = household.ocmw_id if household is not None else person.ocmw_id
    if person.ocmw_id != ocmw_id:
        raise ValidationError({"person": _("This person belongs to another OCMW.")})
    members = [person.pk]
    if household is not None:
        members += list(household.memberships.values_list("person_id", flat=True))
    with transaction.atomic():
        try:
            with transaction.atomic():
                hinge = HingeMoment.objects.create(
                    ocmw_id=ocmw_id, household=household, person=person, kind=kind, on=on,
                    source=source.strip()[:100],
                    assigned_to=assigned_worker(ocmw_id, members),
                )  # fmt: skip
        except IntegrityError:
            return HingeMoment.objects.get(ocmw_id=ocmw_id, person=person, kind=kind, on=on)
        audit.record(
            None, "create", object_type="hinge_moment", object_id=hinge.pk,
            subject_person_id=person.pk, purpose=PURPOSE, ocmw_id=ocmw_id,
            detail={"kind": kind, "on": on.isoformat(), "source": hinge.source},
        )  # fmt: skip
        from openocmw.jobs.services import enqueue

        job = enqueue(
            "rights.hinge_screening", ocmw=Ocmw.objects.get(pk=ocmw_id), key=f"hinge:{hinge.pk}",
            hinge=hinge.pk,
        )  # fmt: skip
        HingeMoment.objects.filter(pk=hinge.pk).update(job=job)
    hinge.refresh_from_db()
    return hinge


@job_kind(
    "rights.hinge_screening",
    label=gettext_lazy("Screening of a household at a hinge moment"),
    personal_data=True,
    permission="person.view",
)
def hinge_screening(ctx, *, hinge: int, pause: float = 0.0) -> dict:
    """Screen the household of a hinge moment and put what it appears to miss on the assigned
    worker's list. Idempotent (unique matches): a retried job adds nothing twice. `pause`:
    seconds to wait between the screening and the writing (lets a test kill the worker
    mid-job; the writing is one transaction)."""
    moment = HingeMoment.objects.select_related("ocmw").get(pk=hinge)
    on = moment.on + timedelta(days=1) if moment.kind in DAY_AFTER else moment.on
    screened = screen_household(moment.ocmw, moment.person_id, on)
    if pause > 0:
        time.sleep(pause)
    rows = [
        HingeMatch(
            hinge=moment,
            ocmw_id=moment.ocmw_id,
            person_id=nl["person_id"],
            right=code,
            reason_nl=nl["reason"],
            reason_fr=fr["reason"],
            reason_de=de["reason"],
            complete=nl["complete"],
            missing=nl["missing"],
        )  # fmt: skip
        for code, item in screened["rights"].items()
        for nl, fr, de in item["matches"]
    ]
    with transaction.atomic():
        HingeMatch.objects.bulk_create(rows, ignore_conflicts=True)
        count = HingeMatch.objects.filter(hinge=moment).count()
        listed = put_on_worklist(moment, rows)
        HingeMoment.objects.filter(pk=moment.pk).update(
            state=HingeState.SCREENED, screened_at=timezone.now(), missing=count
        )
        audit.record(
            None, "create", object_type="hinge_moment", object_id=moment.pk,
            subject_person_id=moment.person_id, purpose=PURPOSE, ocmw_id=moment.ocmw_id,
            detail={"screened_on": on.isoformat(), "matches": count, "worklist": listed},
        )  # fmt: skip
    ctx.progress(1, 1, _("Household screened"))
    return {
        "hinge": moment.pk, "persons": screened["persons"], "matches": count, "worklist": listed,
    }  # fmt: skip


def put_on_worklist(moment: HingeMoment, matches: list[HingeMatch]) -> int:
    """Put a hinge moment's matches on the screening worklist: for each right, an entry of the
    OCMW's latest finished run that screened it, on the moment's worker's list, the reason
    preceded by the moment. A person the run already lists for the right keeps the run's entry
    (no second one; it goes on the moment's worker's list if it was on nobody's). A right no
    finished run screened has no worklist yet: its matches stay on the hinge moments' list
    only. Idempotent (the run's unique entry per right, kind and person). The number of the
    moment's entries on the worklist."""
    runs = list(
        ScreeningRun.objects.filter(ocmw_id=moment.ocmw_id, state=RunState.DONE)
        .order_by("-started_at", "-pk")
        .only("pk", "rights")[:50]
    )
    run_of = {}
    for m in matches:
        run_of.setdefault(m.right, next((r for r in runs if m.right in r.rights), None))
    placed = [(run_of[m.right], m) for m in matches if run_of[m.right] is not None]
    if not placed:
        return 0
    prefix = {}
    for language, words in ON_WORKLIST.items():
        with translation.override(language):
            kind = str(HingeKind(moment.kind).label)
        prefix[language] = words.format(kind=kind, on=moment.on.strftime("%d/%m/%Y"))
    WorklistEntry.objects.bulk_create(
        [
            WorklistEntry(
                run=run,
                ocmw_id=moment.ocmw_id,
                person_id=m.person_id,
                right=m.right,
                kind=EntryKind.MISSING,
                reason_nl=prefix["nl"] + m.reason_nl,
                reason_fr=prefix["fr"] + m.reason_fr,
                reason_de=prefix["de"] + m.reason_de,
                complete=m.complete,
                missing=m.missing,
                assigned_to_id=moment.assigned_to_id,
                hinge=moment,
            )  # fmt: skip
            for run, m in placed
        ],
        ignore_conflicts=True,
    )
    if moment.assigned_to_id:
        pairs = Q()
        for run, m in placed:
            pairs |= Q(run=run, person_id=m.person_id, right=m.right)
        WorklistEntry.objects.filter(
            pairs, kind=EntryKind.MISSING, assigned_to__isnull=True
        ).update(assigned_to_id=moment.assigned_to_id)
    return WorklistEntry.objects.filter(hinge=moment).count()


def worker_list(actor, *, everyone: bool = False):
    """The hinge moments on the actor's list (or the team's, for a team lead with `everyone`),
    with their matches. Every match shown is audited."""
    from openocmw.accounts.tenancy import require, scope

    require(actor, "person.view")
    moments = scope(HingeMoment.objects.select_related("person", "assigned_to"), actor)
    if not everyone:
        moments = moments.filter(Q(assigned_to=actor.user) | Q(assigned_to__isnull=True))
    moments = list(moments.prefetch_related("matches__person")[:200])
    for moment in moments:
        for match in moment.matches.all():
            audit.record(
                actor, "view", object_type="rights_match", object_id=match.right,
                subject_person_id=match.person_id, purpose=PURPOSE,
                detail={"hinge": moment.pk, "right": match.right},
            )  # fmt: skip
    return moments


# --- detection -------------------------------------------------------------------------------


def _safely(handler):
    """A hinge moment that cannot be recorded never blocks the registry or casework change
    that revealed it (its own savepoint; the failure is logged)."""

    def run(*args, **kwargs):
        try:
            with transaction.atomic():
                handler(*args, **kwargs)
        except Exception:  # noqa: BLE001 - logged, the user's change goes on
            log.exception("hinge moment not recorded")

    run.__name__ = handler.__name__
    return run


@_safely
def on_household_changed(sender, *, actor, household, person, membership, reason, on, **kw):
    """Registry hook: a birth, a move in, a partner's death or a separation."""
    source = "registry"
    if reason == ChangeReason.BIRTH:
        hinge_moment(household, HingeKind.BIRTH, on, source, person=household.reference_person)
        return
    if reason == ChangeReason.MOVED_IN:
        earlier = Membership.objects.filter(
            person=person, household__ocmw_id=household.ocmw_id, cancelled_at__isnull=True
        ).exclude(pk=membership.pk)
        if not earlier.exists():
            hinge_moment(household, HingeKind.MOVE_IN, on, source, person=person)
        return
    couple = (Relation.REFERENCE, Relation.PARTNER)
    if reason not in (ChangeReason.DEATH, ChangeReason.MOVED_OUT):
        return
    if membership.relation not in couple:
        return
    day = on if reason == ChangeReason.MOVED_OUT else on + timedelta(days=1)
    remaining = (
        Membership.objects.filter(
            household=household, relation__in=couple, valid_from__lte=day, cancelled_at__isnull=True
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .exclude(person=person)
        .select_related("person")
        .first()
    )
    if remaining is None:
        return  # no partner left behind: not a partner's death nor a separation
    kind = HingeKind.PARTNER_DEATH if reason == ChangeReason.DEATH else HingeKind.SEPARATION
    hinge_moment(household, kind, on, source, person=remaining.person)
    if kind == HingeKind.SEPARATION:
        hinge_moment(None, kind, on, source, person=person)  # the one who left, too


def _in_municipality(ocmw: Ocmw, data: dict) -> bool:
    names = {n.casefold() for n in (ocmw.municipality_nl, ocmw.municipality_fr) if n}
    place = (data.get("municipality") or "").strip().casefold()
    return bool(place and place in names) or bool(
        ocmw.postal_code and data.get("postal_code") == ocmw.postal_code
    )


@_safely
def on_person_version_saved(sender, instance, created, **kwargs):
    """Registry hook: an address that changes from elsewhere to the OCMW's municipality is a
    move into the municipality (dated the day it is recorded; a data flow gives its own date).
    The first registration of a person is not: it says nothing about when they moved."""
    if not created or instance.reason != "updated":
        return
    previous = (
        type(instance)
        .objects.filter(person_id=instance.person_id, version__lt=instance.version)
        .order_by("-version")
        .first()
    )
    if previous is None:
        return
    person = instance.person
    ocmw = person.ocmw
    if _in_municipality(ocmw, instance.data) and not _in_municipality(ocmw, previous.data):
        membership = (
            Membership.objects.filter(person=person, cancelled_at__isnull=True)
            .order_by("-valid_from")
            .select_related("household")
            .first()
        )
        hinge_moment(
            membership.household if membership else None, HingeKind.MOVE_IN,
            timezone.localdate(), "registry:address", person=person,
        )  # fmt: skip


@_safely
def on_decision_recorded(sender, *, actor, decision, **kwargs):
    """Casework hook: the council stops or suspends a benefit."""
    from openocmw.casework.models import DecisionKind

    if decision.kind not in (DecisionKind.STOP, DecisionKind.SUSPEND):
        return
    membership = (
        Membership.objects.filter(person_id=decision.person_id, cancelled_at__isnull=True)
        .order_by("-valid_from")
        .select_related("household")
        .first()
    )
    hinge_moment(
        membership.household if membership else None, HingeKind.BENEFIT_END,
        decision.effective_from, f"casework:{decision.aid_kind}", person=decision.person,
    )  # fmt: skip


def detect_pension_age(on: date, *, days: int = 7) -> int:
    """Record a hinge moment for everyone who reached the IGO's age (the legal pension age
    parameter `rights.igo.minimum_age`) in the `days` up to `on` (a missed day is caught up; a
    moment already recorded is not recorded again)."""
    from openocmw.rules.rights import params

    age = int(params.value("igo.minimum_age", on))
    found = 0
    for back in range(days):
        day = on - timedelta(days=back)
        try:
            birthday = day.replace(year=day.year - age)
        except ValueError:  # 29 February
            continue
        for person in Person.objects.filter(birth_date=birthday):
            membership = (
                Membership.objects.filter(person=person, cancelled_at__isnull=True)
                .order_by("-valid_from")
                .select_related("household")
                .first()
            )
            hinge_moment(
                membership.household if membership else None, HingeKind.PENSION_AGE, day,
                "registry:age", person=person,
            )  # fmt: skip
            found += 1
    return found


@job_kind(
    "rights.pension_age_hinges",
    label=gettext_lazy("Hinge moments: reaching pension age"),
    every=timedelta(days=1),
)
def pension_age_hinges(ctx) -> dict:
    return {"found": detect_pension_age(timezone.localdate())}
