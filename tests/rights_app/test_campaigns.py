"""Campaigns with a random control group and the measured uplift (issue 11 §4), and the
aggregates that leave the OCMW with small-cell suppression (§6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openocmw.accounts.models import AuditEntry, Role
from openocmw.rights import services
from openocmw.rights.models import Campaign, CampaignMember, Outcome, OutcomeKind, WorklistEntry
from openocmw.rights.services.campaigns import difference, wilson
from tests.conftest import actor_of

from .conftest import many_persons

RIGHT = "urgent_medical_aid"


# --- the interval, against worked examples --------------------------------------------------


def test_newcombe_s_worked_example():
    """R. G. Newcombe, Statistics in Medicine 17 (1998) 873-890, Table II, example (a):
    56/70 - 48/80 = 0.2000; method 10 (hybrid score) 0.0524 to 0.3339; method 1 (Wald)
    0.0575 to 0.3425."""
    d = difference(56, 70, 48, 80)
    assert round(d.value, 4) == 0.2
    assert tuple(round(x, 4) for x in d.newcombe) == (0.0524, 0.3339)
    assert tuple(round(x, 4) for x in d.wald) == (0.0575, 0.3425)


def test_newcombe_s_other_examples():
    """Same table: (b) 9/10 - 3/10 = 0.6, method 10: 0.1705 to 0.8090; (e) 0/10 - 0/20: -0.1611
    to 0.2775 (Newcombe 1998, Table II)."""
    d = difference(9, 10, 3, 10)
    assert tuple(round(x, 4) for x in d.newcombe) == (0.1705, 0.809)
    d = difference(0, 10, 0, 20)
    assert tuple(round(x, 4) for x in d.newcombe) == (-0.1611, 0.2775)


def test_wilson_s_interval():
    """Newcombe 1998 (Stat Med 17:857, Table I): 81/263, score method 0.2553 to 0.3662."""
    assert tuple(round(x, 4) for x in wilson(81, 263)) == (0.2553, 0.3662)


# --- campaigns ----------------------------------------------------------------------------


@pytest.fixture
def run(ocmw_a, lead_a):
    many_persons(ocmw_a, ["no_legal_residence"] * 50)
    return services.run_screening(lead_a, date(2025, 3, 1), purpose="t", rights=[RIGHT])


def test_a_campaign_keeps_a_random_control_group_with_its_seed(lead_a, actor_a, run):
    campaign = services.create_campaign(lead_a, run, RIGHT, name="Maart", seed=42)
    assert campaign.control_share == 20 and campaign.seed == 42
    control = set(campaign.members.filter(control=True).values_list("person_id", flat=True))
    assert len(control) == 10 and campaign.members.count() == 50
    # The seed gives the same split again.
    again = services.create_campaign(lead_a, run, RIGHT, name="Opnieuw", seed=42)
    assert set(again.members.filter(control=True).values_list("person_id", flat=True)) == control
    # The control group is never on a worker's list.
    listed = {e.person_id for e in services.entries(actor_a, run, right=RIGHT)}
    assert len(listed) == 40 and not listed & control
    assert AuditEntry.objects.filter(object_type="rights_campaign").count() == 2


def test_the_control_group_stays_off_later_lists_until_the_campaign_ends(lead_a, actor_a, run):
    campaign = services.create_campaign(lead_a, run, RIGHT, name="Maart", seed=3)
    control = set(campaign.members.filter(control=True).values_list("person_id", flat=True))
    later = services.run_screening(lead_a, date(2025, 4, 1), purpose="t", rights=[RIGHT])
    listed = {e.person_id for e in services.entries(actor_a, later, right=RIGHT)}
    assert len(listed) == 40 and not listed & control
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=date(2025, 5, 1))  # it has ended
    listed = {e.person_id for e in services.entries(actor_a, later, right=RIGHT)}
    assert len(listed) == 50


def test_a_seed_is_chosen_and_recorded_when_none_is_given(lead_a, run):
    campaign = services.create_campaign(lead_a, run, RIGHT, name="x", control_share="0")
    assert campaign.seed >= 0 and not campaign.members.filter(control=True).exists()
    half = services.create_campaign(lead_a, run, RIGHT, name="y", control_share="50")
    assert half.members.filter(control=True).count() == 25


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"control_share": "50.1"}, "control_share"),
        ({"control_share": "-1"}, "control_share"),
        ({"control_share": "veel"}, "control_share"),
        ({"control_share": "NaN"}, "control_share"),
        ({"name": " "}, "name"),
        ({"seed": -5}, "seed"),
        ({"ends_on": date(2020, 1, 1)}, "ends_on"),
        ({"ends_on": date(2099, 1, 1)}, "ends_on"),
        ({"ends_on": "2026-13-01"}, "ends_on"),
    ],
)
def test_a_bad_campaign_names_the_field_and_saves_nothing(lead_a, run, kwargs, field):
    arguments = {"name": "Maart", **kwargs}
    with pytest.raises(ValidationError) as error:
        services.create_campaign(lead_a, run, RIGHT, **arguments)
    assert field in error.value.message_dict
    assert not Campaign.objects.exists() and not CampaignMember.objects.exists()


def test_the_control_share_error_is_in_the_user_s_language(lead_a, run):
    with pytest.raises(ValidationError) as error:
        services.create_campaign(lead_a, run, RIGHT, name="x", control_share="60")
    assert "50" in error.value.message_dict["control_share"][0]
    assert "controlegroep" in error.value.message_dict["control_share"][0].lower()


def test_only_the_team_lead_starts_a_campaign(actor_a, run):
    with pytest.raises(PermissionDenied):
        services.create_campaign(actor_a, run, RIGHT, name="x")


def test_take_up_is_measured_from_a_later_run_in_both_groups(lead_a, run):
    campaign = services.create_campaign(lead_a, run, RIGHT, name="Maart", seed=7)
    contacted = list(campaign.members.filter(control=False).select_related("entry"))
    control = list(campaign.members.filter(control=True).select_related("entry"))
    # 20 of 40 contacted and 2 of 10 in the control group obtain it (decisions recorded).
    granted = [m.entry for m in contacted[:20]] + [m.entry for m in control[:2]]
    Outcome.objects.bulk_create(
        Outcome(entry=e, ocmw_id=e.ocmw_id, outcome=OutcomeKind.GRANTED, on=date(2025, 3, 20),
                recorded_by=lead_a.user)
        for e in granted
    )  # fmt: skip
    figures = services.figures(campaign)
    assert (figures.contacted_taken_up, figures.control_taken_up) == (0, 0)  # no rerun yet
    services.run_screening(lead_a, date(2025, 4, 1), purpose="opvolging", rights=[RIGHT])
    figures = services.figures(campaign)
    assert (figures.contacted, figures.contacted_taken_up) == (40, 20)
    assert (figures.control, figures.control_taken_up) == (10, 2)
    assert figures.rate("contacted") == 0.5 and figures.rate("control") == 0.2
    d = figures.difference
    assert round(d.value, 2) == 0.3
    low, high = d.newcombe
    assert -0.05 < low < 0.3 < high < 0.6  # 10 controls: a wide interval, honestly shown


def test_take_up_counts_only_facts_dated_after_the_campaign_s_screening(lead_a, run, client):
    campaign = services.create_campaign(lead_a, run, RIGHT, name="Maart", seed=7)
    contacted = list(campaign.members.filter(control=False).select_related("entry"))
    # A grant recorded with the screening's own date (before any contact) is no take-up.
    Outcome.objects.bulk_create(
        Outcome(entry=m.entry, ocmw_id=m.entry.ocmw_id, outcome=OutcomeKind.GRANTED, on=on,
                recorded_by=lead_a.user)
        for m, on in zip(contacted[:2], (date(2025, 3, 1), date(2025, 3, 2)), strict=True)
    )  # fmt: skip
    services.run_screening(lead_a, date(2025, 4, 1), purpose="opvolging", rights=[RIGHT])
    assert services.figures(campaign).contacted_taken_up == 1
    # Urgent medical aid is granted by the council: its take-up is verified in the register.
    client.force_login(lead_a.user)
    url = f"/rights/campaigns/{campaign.pk}/"
    assert 'id="unverifiable"' not in client.get(url).content.decode()
    # A right granted elsewhere is known only from the grants workers record: said so.
    Campaign.objects.filter(pk=campaign.pk).update(right="increased_reimbursement")
    assert not services.take_up_verifiable("increased_reimbursement")
    assert 'id="unverifiable"' in client.get(url).content.decode()


# --- aggregates for the federal inspector ---------------------------------------------------


def test_the_inspector_sees_aggregates_with_small_cells_suppressed(users, lead_a, run):
    inspector = actor_of(users[("a", Role.FEDERAL_INSPECTOR)])
    [table] = services.aggregates(inspector)
    [row] = table.rows
    # 50 eligible, none receiving: 0 is shown (a true zero), 50 is shown.
    assert (row["receiving"], row["not_receiving"], row["rate"]) == (0, 50, 1.0)
    # 3 receiving now: a small cell, suppressed, and so is what gives it away.
    entries = WorklistEntry.objects.filter(run=run)[:3]
    Outcome.objects.bulk_create(
        Outcome(entry=e, ocmw_id=e.ocmw_id, outcome=OutcomeKind.GRANTED, on=date(2025, 3, 20),
                recorded_by=lead_a.user)
        for e in entries
    )  # fmt: skip
    services.run_screening(lead_a, date(2025, 4, 1), purpose="t", rights=[RIGHT])
    [table] = services.aggregates(inspector)
    [row] = table.rows
    assert row["receiving"] is None and row["not_receiving"] is None and row["rate"] is None


def test_a_social_worker_sees_no_aggregates_across_ocmws(actor_a):
    with pytest.raises(PermissionDenied):
        services.aggregates(actor_a)
