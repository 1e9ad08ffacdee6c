"""Evaluations of a running GPMI: planning and recording them, with their progress per goal."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require

from ..dates import add_months
from ..models import (
    Evaluation,
    EvaluationForm,
    Gpmi,
    Progress,
    Status,
)
from . import common
from .common import (
    EVALUATION_INTERVAL_MONTHS,
    Errors,
    _dmy,
    _error,
    _in_period,
    _lock_gpmi,
    open_evaluations,
    validated_version,
)

# --- evaluations ------------------------------------------------------------------------------


@transaction.atomic
def plan_evaluation(actor: Actor, gpmi: Gpmi, due_on: date | None) -> Evaluation:
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    if gpmi.status != Status.ACTIVE:
        raise _error("gpmi", _("Evaluations are planned once the contract is signed."), "status")
    if due_on is None:
        raise _error("due_on", _("This field is required."), "required")
    if not _in_period(gpmi, due_on):
        raise _error(
            "due_on",
            _("The date lies outside the period of the contract (%(start)s to %(end)s).")
            % {"start": _dmy(gpmi.start), "end": _dmy(gpmi.effective_end)},
        )
    row = Evaluation.objects.create(gpmi=gpmi, due_on=due_on, recorded_by=actor.user)
    audit.record(
        actor,
        "create",
        object_type="gpmi_evaluation",
        object_id=row.pk,
        subject_person_id=gpmi.person_id,
        detail={"planned": due_on.isoformat()},
    )
    return row


def _clean_progress(progress, goals: list[str], errors: Errors) -> list[dict]:
    if progress in (None, ""):
        progress = []
    if not isinstance(progress, list):
        errors.add("progress", _("Give the progress per goal."))
        return []
    out = []
    by_goal = {}
    for item in progress:
        if not isinstance(item, dict) or item.get("goal") not in goals:
            errors.add("progress", _("The progress names a goal that is not in the contract."))
            return []
        if item.get("progress") not in Progress.values:
            errors.add("progress", _("Choose the progress of each goal."))
            return []
        by_goal[item["goal"]] = {
            "goal": item["goal"],
            "progress": item["progress"],
            "note": str(item.get("note") or "").strip(),
        }
    missing = [g for g in goals if g not in by_goal]
    if missing:
        errors.add(
            "progress",
            _("Give the progress of every goal (missing: %(goal)s).") % {"goal": missing[0]},
            "required",
        )
    for g in goals:
        if g in by_goal:
            out.append(by_goal[g])
    return out


@transaction.atomic
def record_evaluation(
    actor: Actor,
    gpmi: Gpmi,
    *,
    held_on: date | None,
    form: str,
    progress: list[dict],
    adjustments: str = "",
    evaluation: Evaluation | None = None,
) -> Evaluation:
    """Record an evaluation held with the person: date, form, progress per goal of the
    contract in force, adjustments. It fulfils the given planned evaluation, or else the
    earliest open one due within four months after it was held."""
    require(actor, "gpmi.change")
    gpmi = _lock_gpmi(actor, gpmi)
    errors = Errors()
    if gpmi.status == Status.DRAFT:
        raise _error("gpmi", _("Evaluations are recorded once the contract is signed."), "status")
    if held_on is None:
        errors.add("held_on", _("This field is required."), "required")
    elif held_on > common._today():
        errors.add("held_on", _("The date lies in the future."))
    elif not _in_period(gpmi, held_on):
        errors.add(
            "held_on",
            _("The date lies outside the period of the contract (%(start)s to %(end)s).")
            % {"start": _dmy(gpmi.start), "end": _dmy(gpmi.effective_end)},
            "period",
        )
    if form not in EvaluationForm.values:
        errors.add("form", _("Choose how the evaluation took place."), "required")
    version = validated_version(gpmi)
    cleaned = _clean_progress(progress, version.goals if version else [], errors)
    errors.raise_if_any()
    if evaluation is not None:
        row = open_evaluations(gpmi).select_for_update().filter(pk=evaluation.pk).first()
        if row is None:
            raise _error("evaluation", _("This evaluation is already recorded."))
    else:
        row = (
            open_evaluations(gpmi)
            .select_for_update()
            .filter(due_on__lte=add_months(held_on, EVALUATION_INTERVAL_MONTHS))
            .order_by("due_on")
            .first()
        )
    if row is None:
        row = Evaluation(gpmi=gpmi)
    row.held_on, row.form, row.progress = held_on, form, cleaned
    row.adjustments = (adjustments or "").strip()
    row.contract_version = version
    row.recorded_by = actor.user
    row.save()
    audit.record(
        actor,
        "update",
        object_type="gpmi_evaluation",
        object_id=row.pk,
        subject_person_id=gpmi.person_id,
        detail={"held_on": held_on.isoformat(), "form": form},
    )
    return row
