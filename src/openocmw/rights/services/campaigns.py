"""Outreach campaigns with a random control group, and the measured uplift (issue 11 §4).

A campaign takes the listed entries of one right in a run and puts a random share of them
(0-50 %, default 20 %) in a control group that is not contacted; the seed is recorded, so the
split can be redone and checked. Take-up is measured from the data the same way in both
groups: a member has taken the right up when a later run of the OCMW shows them receiving it
(`screening._observe_take_up`). The page shows the take-up of both groups and the 95 %
confidence interval of the difference (Newcombe's hybrid score interval, and Wald's).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.inputs import validation as v

from ..models import Campaign, CampaignMember, EntryKind, RunState, ScreeningRun, WorklistEntry

DEFAULT_CONTROL_SHARE = Decimal(20)
MAX_CONTROL_SHARE = Decimal(50)
DEFAULT_DAYS = 180  # a campaign's default length: long enough for a later run to measure
MAX_DAYS = 730
Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal distribution
CAMPAIGN_PURPOSE = "rights outreach"


# --- statistics --------------------------------------------------------------------------


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion x/n (Newcombe 1998, method 3)."""
    if n <= 0:
        raise ValueError("n must be positive")
    p = x / n
    centre = 2 * n * p + z * z
    spread = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    denominator = 2 * (n + z * z)
    return (centre - spread) / denominator, (centre + spread) / denominator


@dataclass(frozen=True)
class Difference:
    """p1 - p2 with its 95 % confidence interval by two methods."""

    p1: float
    p2: float
    newcombe: tuple[float, float]
    wald: tuple[float, float]

    @property
    def value(self) -> float:
        return self.p1 - self.p2


def difference(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> Difference:
    """The difference of two independent proportions x1/n1 - x2/n2 with its confidence
    interval: Newcombe's hybrid score interval (R. G. Newcombe, "Interval estimation for the
    difference between independent proportions: comparison of eleven methods", Statistics in
    Medicine 17 (1998) 873-890, method 10) and the simple Wald interval (method 1)."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    lower = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    wald = (max(-1.0, d - z * se), min(1.0, d + z * se))
    return Difference(p1, p2, (lower, upper), wald)


# --- campaigns ---------------------------------------------------------------------------


def campaigns(actor: Actor) -> QuerySet[Campaign]:
    require(actor, "case.view")
    return scope(Campaign.objects.select_related("run"), actor)


def get_campaign(actor: Actor, pk) -> Campaign:
    return campaigns(actor).get(pk=int(pk))


def _share(value) -> Decimal | None:
    if value is None or value == "":
        return DEFAULT_CONTROL_SHARE
    try:
        share = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        return None
    return share if share.is_finite() else None


def create_campaign(
    actor: Actor,
    run: ScreeningRun,
    right: str,
    *,
    name: str,
    control_share=DEFAULT_CONTROL_SHARE,
    seed: int | None = None,
    ends_on: date | None = None,
) -> Campaign:
    """The team lead starts a campaign on the listed entries of `right` in `run`; a random
    `control_share` % of them (0-50) are not contacted. Bad input names the field, nothing is
    saved."""
    require(actor, "case.review")
    errors: dict = {}
    name = v.gather(errors, v.clean_name, name or "", field="name",
                    label=translation.gettext("name")) or ""  # fmt: skip
    if not str(name).strip() and "name" not in errors:
        errors["name"] = translation.gettext("This field is required.")
    share = _share(control_share)
    if share is None or share < 0 or share > MAX_CONTROL_SHARE:
        errors["control_share"] = translation.gettext(
            "The control group share must lie between 0 and 50 %."
        )
    if seed is not None and (not isinstance(seed, int) or seed < 0 or seed >= 2**63):
        errors["seed"] = translation.gettext("Enter a whole number of at least 0.")
    run = scope(ScreeningRun.objects.all(), actor).filter(pk=getattr(run, "pk", None)).first()
    if run is None or run.state != RunState.DONE:
        errors["run"] = translation.gettext("Choose a finished screening of this OCMW.")
    elif right not in run.rights:
        errors["right"] = translation.gettext("This right was not screened in that run.")
    today = timezone.localdate()
    if ends_on is None:
        ends_on = today + timedelta(days=DEFAULT_DAYS)
    elif not isinstance(ends_on, date):
        errors["ends_on"] = translation.gettext("Enter a valid date.")
    elif ends_on <= today or ends_on > today + timedelta(days=MAX_DAYS):
        errors["ends_on"] = translation.gettext(
            "The campaign must end after today and within two years."
        )
    if errors:
        raise ValidationError(errors)
    seed = secrets.randbits(62) if seed is None else seed
    entries = list(
        WorklistEntry.objects.filter(run=run, right=right, kind=EntryKind.MISSING)
        .order_by("pk")
        .values_list("pk", "person_id")
    )
    if not entries:
        raise ValidationError(
            {"right": translation.gettext("Nobody is listed for this right in that run.")}
        )
    order = np.random.default_rng(seed).permutation(len(entries))
    in_control = int(round(len(entries) * float(share) / 100))
    control = set(order[:in_control].tolist())
    with transaction.atomic():
        campaign = Campaign.objects.create(
            ocmw_id=actor.ocmw_id, run=run, right=right, name=str(name).strip(),
            control_share=share.quantize(Decimal("0.1")), seed=seed, ends_on=ends_on,
            created_by=actor.user,
        )  # fmt: skip
        CampaignMember.objects.bulk_create(
            CampaignMember(campaign=campaign, entry_id=pk, person_id=person, control=i in control)
            for i, (pk, person) in enumerate(entries)
        )
        audit.record(
            actor, "create", object_type="rights_campaign", object_id=campaign.pk,
            purpose=CAMPAIGN_PURPOSE,
            detail={"run": run.pk, "right": right, "control_share": str(share), "seed": seed,
                    "members": len(entries), "control": in_control},
        )  # fmt: skip
    return campaign


@dataclass(frozen=True)
class Figures:
    contacted: int
    contacted_taken_up: int
    control: int
    control_taken_up: int
    difference: Difference | None

    def rate(self, group: str) -> float | None:
        n = getattr(self, group)
        return None if not n else getattr(self, f"{group}_taken_up") / n


def figures(campaign: Campaign) -> Figures:
    """Take-up among the contacted and the control group, and the difference's interval."""
    members = campaign.members.all()
    counts = {
        (control, taken): members.filter(control=control, taken_up_on__isnull=not taken).count()
        for control in (False, True)
        for taken in (False, True)
    }
    n1 = counts[(False, False)] + counts[(False, True)]
    n2 = counts[(True, False)] + counts[(True, True)]
    x1, x2 = counts[(False, True)], counts[(True, True)]
    diff = difference(x1, n1, x2, n2) if n1 and n2 else None
    return Figures(n1, x1, n2, x2, diff)


def in_control_group(ocmw_id: int):
    """A filter for worklist entries: the person is in the control group of a running
    campaign on the same right (then the entry is on no worker's list, in this run or a later
    one, until the campaign ends)."""
    return Exists(
        CampaignMember.objects.filter(
            campaign__ocmw_id=ocmw_id,
            campaign__ends_on__gte=timezone.localdate(),
            control=True,
            campaign__right=OuterRef("right"),
            person_id=OuterRef("person_id"),
        )
    )
