"""Notices when a right granted automatically ends (issue 11 §3: "When a right that was granted
automatically ends, a notice is produced").

A right the catalogue grants automatically, or linked to a granted right (seed 003's ladder:
`automatic`, `linked_to_granted_right`), follows from a council decision: the social energy
tariff and the increased reimbursement from the leefloon or the equivalent, the GPMI obligation
from the leefloon. When that decision ends (its `effective_until` has passed) and no decision of
the same aid continues it, the daily job `rights.ended_grant_notices` produces a notice per
linked right for the worker: the person may lose those rights too and must be told. Nothing is
withdrawn here. The job is audited once per run with its counts; each notice shown to a worker
is audited when it is shown (`notices_for`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from openocmw.accounts import audit
from openocmw.casework.models import AidRequest, Decision, DecisionKind
from openocmw.jobs.kinds import kind as job_kind
from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import RIGHTS

from .intake import DECIDED_RIGHTS
from .models import Notice

NOTIFIED_AUTOMATION = ("automatic", "linked_to_granted_right")
PURPOSE = "rights screening"
# How many past days a run looks at (a job missed for a few days still produces its notices).
LOOK_BACK_DAYS = 7


def linked_rights(aid_kind: str) -> list[str]:
    """The rights granted automatically (or linked) that a grant of `aid_kind` brings: their
    encoded conditions read `receives.<aid_kind>`."""
    catalogue = load_catalogue()
    return [
        code
        for code, rule in RIGHTS.items()
        if catalogue[code].automation["status"] in NOTIFIED_AUTOMATION
        and any(f"receives.{aid_kind}" in c.inputs for c in rule.conditions)
    ]


def produce_ended_grant_notices(on: date, days: int = LOOK_BACK_DAYS) -> int:
    """Notices for the decisions that ended in the `days` days before `on` and that no decision
    of the same aid continues on `on`; the number of notices produced."""
    ended = Decision.objects.filter(
        kind__in=(DecisionKind.GRANT, DecisionKind.MODIFY), aid_kind__in=DECIDED_RIGHTS,
        replaced_by__isnull=True, effective_until__lt=on,
        effective_until__gte=on - timedelta(days=days),
    ).select_related("ocmw")  # fmt: skip
    produced: dict[int, int] = {}
    for decision in ended:
        continues = Decision.objects.filter(
            person_id=decision.person_id, aid_kind=decision.aid_kind,
            kind__in=(DecisionKind.GRANT, DecisionKind.MODIFY), replaced_by__isnull=True,
            effective_from__lte=on,
        ).filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))  # fmt: skip
        if continues.exists():
            continue
        catalogue = load_catalogue()
        rows = [
            Notice(
                ocmw_id=decision.ocmw_id,
                right=code,
                person_id=decision.person_id,
                decision=decision,
                ends_on=decision.effective_until + timedelta(days=1),
                automation=catalogue[code].automation["status"],
            )  # fmt: skip
            for code in linked_rights(decision.aid_kind)
        ]
        before = Notice.objects.filter(decision=decision).count()
        Notice.objects.bulk_create(rows, ignore_conflicts=True)
        added = Notice.objects.filter(decision=decision).count() - before
        if added:
            produced[decision.ocmw_id] = produced.get(decision.ocmw_id, 0) + added
    for ocmw_id, count in produced.items():  # one audit entry per OCMW and run, with counts
        audit.record(
            None, "create", ocmw_id=ocmw_id, object_type="rights_notice", purpose=PURPOSE,
            username="system", detail={"on": on.isoformat(), "notices": count},
        )  # fmt: skip
    return sum(produced.values())


def notices_for(actor, *, everyone: bool = False) -> list[Notice]:
    """The notices of ended grants on the actor's list: the person's latest aid request is
    theirs (or not assigned); a team lead with `everyone` sees the team's. Each shown is
    audited."""
    from openocmw.accounts.tenancy import require

    require(actor, "person.view")
    notices = (
        Notice.objects.filter(ocmw_id=actor.ocmw_id, decision__isnull=False)
        .select_related("person", "decision")
        .order_by("-ends_on", "pk")
    )
    shown = []
    for notice in notices[:500]:
        if not everyone:
            worker = (
                AidRequest.objects.filter(ocmw_id=actor.ocmw_id, person_id=notice.person_id)
                .order_by("-received_on", "-pk")
                .values_list("assigned_to_id", flat=True)
                .first()
            )
            if worker not in (None, actor.user.pk):
                continue
        shown.append(notice)
        if len(shown) >= 200:
            break
    for notice in shown:
        audit.record(
            actor, "view", object_type="rights_notice", object_id=notice.pk,
            subject_person_id=notice.person_id, purpose="rights worklist",
            detail={"right": notice.right, "decision": notice.decision_id},
        )  # fmt: skip
    return shown


@job_kind(
    "rights.ended_grant_notices",
    label=gettext_lazy("Notices: automatic rights whose grant ended"),
    every=timedelta(days=1),
)
def ended_grant_notices(ctx) -> dict:
    return {"notices": produce_ended_grant_notices(timezone.localdate())}
