"""Art. 60 §7 of the organic law of 8 July 1976: the OCMW provides a job to a person who needs
work experience or to open a right to social security benefits.

- Contracts (employer or user organisation, period, hours, wage). While the person is employed
  the right to the leefloon ends: payment runs pay no days covered by a contract.
- The outcome afterwards and the job coaches' caseload.
- The 2013 allocation of the federal art. 60 §7 budget (seed 000, l. 2472-2501; POD MI
  circular of 15 March 2013): each OCMW's weight is its average refund of 2010, 2011 and 2012;
  the budget is shared by that weight, in cents, with the largest-remainder method so that the
  shares add up exactly to the budget.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.registry.models import Person

from ..models import Art60Contract, SpiUse

CENT = Decimal("0.01")


def allocate_budget(budget: Decimal, history: dict[str, list[Decimal]]) -> dict[str, Decimal]:
    """Share ``budget`` among OCMWs by their average refund over the years in ``history``.

    ``history``: OCMW -> refunds of 2010, 2011, 2012 (missing years count as 0, as in the
    circular's average over three years). Shares are whole cents; the cents left after rounding
    down go one by one to the largest remainders (ties: the larger weight, then the key).
    """
    budget = Decimal(budget).quantize(CENT)
    if budget < 0:
        raise ValueError("budget must not be negative")
    weights = {k: sum((Decimal(v) for v in vals), Decimal(0)) / 3 for k, vals in history.items()}
    total = sum(weights.values(), Decimal(0))
    if total <= 0:
        raise ValueError("no refund history to allocate by")
    cents = int(budget * 100)
    exact = {k: Decimal(cents) * w / total for k, w in weights.items()}
    floor = {k: int(x.to_integral_value(rounding=ROUND_DOWN)) for k, x in exact.items()}
    left = cents - sum(floor.values())
    order = sorted(exact, key=lambda k: (-(exact[k] - floor[k]), -weights[k], k))
    for k in order[:left]:
        floor[k] += 1
    return {k: Decimal(v) / 100 for k, v in floor.items()}


@transaction.atomic
def add_contract(actor: Actor, person, *, employer: str, user_organisation: str = "",
                 start: date, end: date, hours_per_week, gross_monthly_wage,
                 job_coach=None) -> Art60Contract:  # fmt: skip
    require(actor, "finance.run")
    errors = {}
    if person.ocmw_id != actor.ocmw_id:
        errors["person"] = [_("That person is not of your OCMW.")]
    if end < start:
        errors["end"] = [_("The end of the period is before its start.")]
    if not employer.strip():
        errors["employer"] = [_("Enter the employer.")]
    if not (0 < Decimal(str(hours_per_week)) <= 38):
        errors["hours_per_week"] = [_("Enter the hours per week (at most 38).")]
    if Decimal(str(gross_monthly_wage)) <= 0:
        errors["gross_monthly_wage"] = [_("Enter the gross monthly wage.")]
    if errors:
        raise ValidationError(errors)
    contract = Art60Contract.objects.create(
        ocmw_id=actor.ocmw_id, person=person, employer=employer.strip(),
        user_organisation=user_organisation.strip(), start=start, end=end,
        hours_per_week=hours_per_week, gross_monthly_wage=gross_monthly_wage, job_coach=job_coach,
    )  # fmt: skip
    audit.record(actor, "create", object_type="art60_contract", object_id=contract.pk,
                 subject_person_id=person.pk, purpose="finance")  # fmt: skip
    return contract


def record_outcome(actor: Actor, contract: Art60Contract, outcome: str, on: date):
    require(actor, "finance.run")
    contract = scope(Art60Contract.objects.all(), actor).get(pk=contract.pk)
    if on < contract.end:
        raise ValidationError({"outcome_on": [_("The outcome comes after the contract ends.")]})
    contract.outcome, contract.outcome_on = outcome, on
    contract.full_clean(exclude=["job_coach"])
    contract.save(update_fields=["outcome", "outcome_on"])
    audit.record(actor, "update", object_type="art60_contract", object_id=contract.pk,
                 subject_person_id=contract.person_id, purpose="finance")  # fmt: skip
    return contract


def caseload(actor: Actor, on: date) -> dict[str, int]:
    """Contracts running on ``on`` per job coach (username; "" = no coach)."""
    require(actor, "finance.view")
    rows = scope(Art60Contract.objects.filter(start__lte=on, end__gte=on), actor)
    return dict(Counter(rows.values_list("job_coach__username", flat=True)))


@transaction.atomic
def record_spi_use(actor: Actor, person, month: date, days_used: int) -> SpiUse:
    require(actor, "finance.run")
    if person.ocmw_id != actor.ocmw_id:
        raise ValidationError({"person": [_("That person is not of your OCMW.")]})
    if not 0 <= int(days_used) <= 31:
        raise ValidationError({"days_used": [_("Enter the days of use in the month (0 to 31).")]})
    use, _created = SpiUse.objects.update_or_create(
        person=person,
        month=month.replace(day=1),
        defaults={"ocmw_id": actor.ocmw_id, "days_used": int(days_used)},
    )
    audit.record(actor, "update", object_type="spi_use", object_id=use.pk,
                 subject_person_id=person.pk, purpose="finance")  # fmt: skip
    return use


def spi_clock(actor: Actor, person) -> dict:
    """The person's exemption clock over every OCMW (matched by INSZ): the first month of use
    and the days used, nothing else of the other OCMWs' files. The rules take these as
    ``spi_first_day`` and ``spi_days_used_before_month`` (rules/variables/exemptions.py)."""
    require(actor, "finance.view")
    if person.ocmw_id != actor.ocmw_id:
        raise ValidationError({"person": [_("That person is not of your OCMW.")]})
    same = Person.objects.filter(pk=person.pk) if not person.insz else (
        Person.objects.filter(insz=person.insz))  # fmt: skip
    uses = list(SpiUse.objects.filter(person__in=same).values_list("ocmw_id", "month",
                                                                   "days_used"))  # fmt: skip
    others = sorted({o for o, _m, _d in uses if o != actor.ocmw_id})
    for other in others:  # the other OCMW's security adviser sees who read its records
        audit.record(actor, "view", object_type="spi_use", purpose="finance", ocmw_id=other,
                     detail={"read_by_ocmw": actor.ocmw_id})  # fmt: skip
    audit.record(actor, "view", object_type="spi_use", subject_person_id=person.pk,
                 purpose="finance", detail={"other_ocmws": others})  # fmt: skip
    return {
        "first_month": min((m for _o, m, _d in uses), default=None),
        "days_used": sum(d for _o, _m, d in uses),
        "ocmws": len({o for o, _m, _d in uses}),
    }


def spi_history(actor: Actor, person, on: date) -> dict | None:
    """The exemption's history of ``person`` over every OCMW, as the leefloon rules take it
    (``applicant.spi.periods``, situation_schema.json): one period per month of use, from the
    month's first day for its days of use (the days are counted, not dated: the rules use the
    first day and the number of days), adjacent periods joined; nothing after ``on``. None when
    no OCMW recorded a use. The read of other OCMWs' records is audited in their chains too."""
    from datetime import timedelta

    require(actor, "leefloon.calculate")
    if person.ocmw_id != actor.ocmw_id:
        raise ValidationError({"person": [_("That person is not of your OCMW.")]})
    same = Person.objects.filter(insz=person.insz) if person.insz else (
        Person.objects.filter(pk=person.pk))  # fmt: skip
    uses = sorted(
        SpiUse.objects.filter(person__in=same, month__lte=on, days_used__gt=0).values_list(
            "month", "days_used", "ocmw_id"
        )
    )  # fmt: skip
    if not uses:
        return None
    others = sorted({o for _m, _d, o in uses if o != actor.ocmw_id})
    for other in others:
        audit.record(actor, "view", object_type="spi_use", purpose="leefloon calculation",
                     ocmw_id=other, detail={"read_by_ocmw": actor.ocmw_id})  # fmt: skip
    audit.record(actor, "view", object_type="spi_use", subject_person_id=person.pk,
                 purpose="leefloon calculation", detail={"other_ocmws": others})  # fmt: skip
    periods: list[list[date]] = []
    for month, days, _o in uses:
        start = month.replace(day=1)
        end = min(start + timedelta(days=days - 1), on)
        if periods and periods[-1][1] + timedelta(days=1) == start:
            periods[-1][1] = end
        else:
            periods.append([start, end])
    return {"periods": [{"start": a.isoformat(), "end": b.isoformat()} for a, b in periods]}
