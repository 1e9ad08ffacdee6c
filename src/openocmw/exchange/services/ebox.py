"""The e-box: the OCMW's cross-check warnings, their handling, and the inspection register.

Resolving a warning as *corrected* opens the revision of the decision (a review request with
a draft proposal that counts the reported value: the council decides the new version, as the
law wants) and a recovery proposal of the amount overpaid in the warning's month, handed to
the finance app. *Justified* and *false positive* need a reason.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.models import Membership, Ocmw
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.casework import services as casework
from openocmw.casework.calculation import calculate_for_proposal
from openocmw.casework.models import Channel, DecisionKind
from openocmw.inputs import validation as v

from ..models import (
    CLOSED_WARNING,
    Check,
    FlowRecord,
    FlowWarning,
    RecoveryProposal,
    WarningStatus,
    shown_amount,
)
from . import handoff
from .crosschecks import month_end

RESOLUTIONS = (WarningStatus.CORRECTED, WarningStatus.JUSTIFIED, WarningStatus.FALSE_POSITIVE)


def warnings_for(actor: Actor):
    require(actor, "exchange.ebox")
    return scope(FlowWarning.objects.all(), actor).select_related(
        "person", "assigned_to", "decision"
    )


def get_warning(actor: Actor, pk) -> FlowWarning:
    return audit.fetch(
        actor, warnings_for(actor), pk, object_type="flow_warning", purpose="e-box",
        subject=lambda w: w.person_id,
    )  # fmt: skip


def _locked(actor: Actor, warning: FlowWarning) -> FlowWarning:
    w = scope(FlowWarning.objects.select_for_update(), actor).get(pk=warning.pk)
    if w.status in CLOSED_WARNING:
        raise ValidationError(_("This warning is already resolved."), code="resolved")
    return w


@transaction.atomic
def assign(actor: Actor, warning: FlowWarning, user_id: int | None) -> FlowWarning:
    require(actor, "exchange.ebox")
    w = _locked(actor, warning)
    if user_id is not None and not Membership.objects.filter(
        user_id=user_id, ocmw_id=actor.ocmw_id, active=True,
        role__in=["social_worker", "team_lead"],
    ).exists():  # fmt: skip
        raise ValidationError({"assigned_to": _("Choose a social worker of your OCMW.")})
    w.assigned_to_id = user_id
    if w.status == WarningStatus.OPEN and user_id is not None:
        w.status = WarningStatus.IN_PROGRESS
    w.save(update_fields=["assigned_to", "status"])
    audit.record(
        actor, "update", object_type="flow_warning", object_id=w.pk, subject_person_id=w.person_id,
        purpose="e-box", detail={"assigned_to": user_id},
    )  # fmt: skip
    return w


def corrected_situation(warning: FlowWarning) -> dict | None:
    """The decision's situation with the reported value counted (income checks), or None."""
    situation = warning.decision.proposal.situation
    if not situation or warning.mismatch not in (Check.INCOME, Check.EMPLOYMENT):
        return None
    situation = copy.deepcopy(situation)
    applicant = situation.setdefault("applicant", {})
    kept = [r for r in applicant.get("resources", []) if r.get("kind") != warning.field]
    kept.append(
        {"kind": warning.field, "amount": float(warning.reported_amount), "period": "month"}
    )
    applicant["resources"] = kept
    situation["reference_date"] = warning.month.isoformat()
    situation.pop("right_period", None)
    return situation


def last_day_due(warning: FlowWarning) -> date | None:
    """For a death or a move: the last day of the warning's month the person still had the
    right (the day of death; the day before the move), or None when the flow gives no day."""
    if warning.mismatch == Check.DEATH:
        try:
            return date.fromisoformat(warning.reported)
        except ValueError:
            return None
    if warning.mismatch == Check.MOVED:
        since = (
            FlowRecord.objects.filter(
                source=warning.source, insz=warning.person.insz, month=warning.month,
                field=warning.field,
            ).values_list("since", flat=True).first()
        )  # fmt: skip
        return since - timedelta(days=1) if since else None
    return None


def _due_for_days(warning: FlowWarning, last: date) -> Decimal:
    """What the decision pays for the days of ``warning.month`` up to ``last``: the rules'
    partial month (monthly amount x days with right / days of the month; a practice of the
    OCMWs and the POD MI, no legal text, see rules.explanation "partial_month")."""
    start, end = warning.month, month_end(warning.month)
    if last < start:
        return Decimal(0)
    situation = copy.deepcopy(warning.decision.proposal.situation or {})
    if not situation:  # no calculation kept with the decision: the same pro rata by hand
        days, month_days = (last - start).days + 1, (end - start).days + 1
        paid = warning.decision.monthly_amount or Decimal(0)
        return (paid * days / month_days).quantize(Decimal("0.01"))
    situation["reference_date"] = start.isoformat()
    situation["right_period"] = {"start": start.isoformat(), "end": last.isoformat()}
    return Decimal(calculate_for_proposal(situation, start)["amount_for_period"])


def overpaid(warning: FlowWarning, situation: dict | None) -> tuple[Decimal, str, date]:
    """The amount overpaid in the warning's month, how it was found, and the first day
    overpaid (the day after a death, the day of a move; else the first of the month)."""
    paid = warning.decision.monthly_amount or Decimal(0)
    if situation is None:
        last = last_day_due(warning)
        end = month_end(warning.month)
        if last is None or last < warning.month:
            # Another OCMW paying, or a death/move before the month: no right that month.
            return paid, _("the whole monthly amount paid (%(paid)s)") % {
                "paid": shown_amount(paid)
            }, warning.month  # fmt: skip
        if last >= end:  # the right ran the whole month
            return Decimal(0), _("no day of the month after the change"), end
        due = _due_for_days(warning, last)
        first = last + timedelta(days=1)
        return max(Decimal(0), paid - due), _(
            "paid %(paid)s, due %(due)s for the days until %(last)s (pro rata by day)"
        ) % {
            "paid": shown_amount(paid), "due": shown_amount(due),
            "last": last.strftime("%d/%m/%Y"),
        }, first  # fmt: skip
    due = Decimal(calculate_for_proposal(situation, warning.month)["monthly_amount"])
    amount = max(Decimal(0), paid - due)
    return amount, _("paid %(paid)s, due %(due)s after counting the reported value") % {
        "paid": shown_amount(paid), "due": shown_amount(due),
    }, warning.month  # fmt: skip


@transaction.atomic
def resolve(actor: Actor, warning: FlowWarning, *, outcome: str, reason: str = "") -> FlowWarning:
    require(actor, "exchange.resolve")
    w = _locked(actor, warning)
    errors: dict[str, list[str]] = {}
    if outcome not in RESOLUTIONS:
        errors["outcome"] = [_("Choose how the warning is resolved.")]
    reason = v.gather(errors, v.clean_text, reason, field="reason", label=_("reason"),
                      max_length=2000) or ""  # fmt: skip
    if outcome in (WarningStatus.JUSTIFIED, WarningStatus.FALSE_POSITIVE) and not reason.strip():
        errors["reason"] = [_("Say why the warning is justified or a false positive.")]
    if errors:
        raise ValidationError(errors)
    recovery = None
    if outcome == WarningStatus.CORRECTED:
        recovery = _correct(actor, w, reason)
    w.status, w.reason = outcome, reason.strip()
    w.resolved_by, w.resolved_at = actor.user, timezone.now()
    w.save(update_fields=["status", "reason", "resolved_by", "resolved_at", "review_request"])
    audit.record(
        actor, "update", object_type="flow_warning", object_id=w.pk, subject_person_id=w.person_id,
        purpose="e-box",
        detail={"outcome": outcome, "review_request": w.review_request_id,
                "recovery": str(recovery.amount) if recovery else None},
    )  # fmt: skip
    return w


def _correct(actor: Actor, w: FlowWarning, reason: str) -> RecoveryProposal:
    decision = w.decision
    situation = corrected_situation(w)
    amount, basis, first = overpaid(w, situation)
    today = timezone.localdate()
    label = w.get_mismatch_display()
    review = casework.register_request(
        actor, decision.person, received_on=today, kind=decision.aid_kind,
        channel=Channel.OWN_INITIATIVE, replaces_decision=decision,
        description=_("Revision after a cross-check warning: %(check)s, %(month)s.")
        % {"check": label, "month": w.month.strftime("%m/%Y")},
    )  # fmt: skip
    if situation is not None:
        casework.save_proposal(actor, review, casework.ProposalInput(
            kind=DecisionKind.MODIFY, effective_from=w.month, situation=situation,
            motivation=_("The %(source)s flow reports %(value)s for %(month)s (held: %(held)s).")
            % {"source": w.get_source_display(), "value": w.reported_shown, "held": w.held_shown,
               "month": w.month.strftime("%m/%Y")},
        ))  # fmt: skip
    w.review_request = review
    recovery = RecoveryProposal.objects.create(
        ocmw_id=w.ocmw_id, person_id=w.person_id, warning=w, decision=decision,
        period_start=first, period_end=month_end(w.month), amount=amount, basis=basis[:300],
        created_by=actor.user,
    )  # fmt: skip
    audit.record(
        actor, "create", object_type="recovery_proposal", object_id=recovery.pk,
        subject_person_id=w.person_id, purpose="e-box",
        detail={"amount": str(amount), "decision": decision.pk, "month": w.month.isoformat()},
    )  # fmt: skip
    handoff.hand_off(recovery, actor)
    return recovery


# --- the inspection register -------------------------------------------------------------


def register(ocmw_ids=None) -> list[dict]:
    """Per year: warnings, corrected, justified, false positives, recoveries and amounts."""
    warnings = FlowWarning.objects.all()
    recoveries = RecoveryProposal.objects.all()
    if ocmw_ids is not None:
        warnings = warnings.filter(ocmw_id__in=ocmw_ids)
        recoveries = recoveries.filter(ocmw_id__in=ocmw_ids)
    rows: dict[int, dict] = defaultdict(lambda: {
        "warnings": 0, "corrected": 0, "justified": 0, "false_positive": 0, "open": 0,
        "recoveries": 0, "amount": Decimal(0),
    })  # fmt: skip
    by_status = (
        warnings.annotate(year=ExtractYear("month")).values("year", "status")
        .annotate(n=Count("pk"))
    )  # fmt: skip
    for r in by_status:
        row = rows[r["year"]]
        row["warnings"] += r["n"]
        key = r["status"] if r["status"] in RESOLUTIONS else "open"
        row[key] += r["n"]
    for r in (
        recoveries.annotate(year=ExtractYear("period_start")).values("year")
        .annotate(n=Count("pk"), total=Sum("amount"))
    ):  # fmt: skip
        rows[r["year"]]["recoveries"] = r["n"]
        rows[r["year"]]["amount"] = r["total"] or Decimal(0)
    return [{"year": y, **rows[y]} for y in sorted(rows, reverse=True)]


def register_for(actor: Actor) -> list[dict]:
    require(actor, "exchange.inspection")
    if actor.ocmw_id is None:  # the federal inspector: every OCMW, protected (see view)
        return register(list(Ocmw.objects.values_list("pk", flat=True)))
    return register([actor.ocmw_id])


def today() -> date:
    return timezone.localdate()
