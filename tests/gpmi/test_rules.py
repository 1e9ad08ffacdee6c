"""Who needs a GPMI and by when; evaluations due; the sanction rule.

Sources: law of 26 May 2002 on the right to social integration, art. 11 (as amended by the
law of 21 July 2016, in force 1 November 2016), art. 20 and art. 30 §2; POD MI guidance on the
2016 reform (GPMI within three months of the decision; at least three evaluations a year, two
of them in person). See docs/gpmi.md.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openocmw.gpmi import services
from openocmw.gpmi.models import Evaluation, SanctionProposal
from tests.gpmi.conftest import contract, sign

# --- who needs a GPMI, and by when (law art. 11, law of 21 July 2016) ----------------------


def test_under_25_needs_a_gpmi_within_three_months_of_the_leefloon(lotte):
    # Law of 26 May 2002, art. 11: compulsory under 25; concluded within three months.
    required, due, reason = services.gpmi_requirement(lotte, date(2025, 2, 10), date(2025, 3, 1))
    assert (required, due, reason) == (True, date(2025, 5, 10), "under_25")


def test_the_deadline_counts_from_the_decision_when_its_date_is_known(lotte):
    req = services.gpmi_requirement(
        lotte, date(2025, 2, 1), date(2025, 3, 1), decision_date=date(2025, 2, 20)
    )
    assert req.due == date(2025, 5, 20)


def test_the_deadline_at_the_end_of_a_month_stays_in_the_month(lotte):
    assert services.gpmi_requirement(lotte, date(2024, 11, 30), date(2025, 1, 1)).due == date(
        2025, 2, 28
    )


def test_age_counts_on_the_day_the_leefloon_starts(lotte):
    # Lotte turns 25 on 12 March 2027: a leefloon from the day before still requires a GPMI.
    assert (
        services.gpmi_requirement(lotte, date(2027, 3, 11), date(2027, 4, 1)).reason == "under_25"
    )
    late = services.gpmi_requirement(
        lotte, date(2027, 3, 12), date(2027, 4, 1), new_beneficiary=False
    )
    assert tuple(late) == (False, None, "not_required")


def test_new_beneficiary_over_25_needs_a_gpmi_since_1_november_2016(marc):
    # Law of 21 July 2016: the GPMI generalised to every new beneficiary from 1 November 2016.
    assert tuple(services.gpmi_requirement(marc, date(2016, 11, 1), date(2016, 12, 1))) == (
        True,
        date(2017, 2, 1),
        "new_beneficiary",
    )
    assert tuple(services.gpmi_requirement(marc, date(2016, 10, 31), date(2016, 12, 1))) == (
        False,
        None,
        "not_required",
    )


def test_a_leefloon_again_after_a_short_break_is_not_a_new_beneficiary(actor_a, marc):
    # New beneficiary: no leefloon in the three months before the grant.
    services.record_leefloon_start(actor_a, marc, date(2024, 1, 1), 2, end=date(2024, 12, 31))
    services.record_leefloon_start(actor_a, marc, date(2025, 2, 1), 2)
    assert services.requirement_for(marc, date(2025, 3, 1)).reason == "not_required"


def test_a_leefloon_again_after_a_long_break_makes_a_new_beneficiary(actor_a, marc):
    services.record_leefloon_start(actor_a, marc, date(2024, 1, 1), 2, end=date(2024, 6, 30))
    services.record_leefloon_start(actor_a, marc, date(2025, 2, 1), 2)
    req = services.requirement_for(marc, date(2025, 3, 1))
    assert (req.required, req.due, req.reason) == (True, date(2025, 5, 1), "new_beneficiary")


def test_an_exemption_for_health_lifts_the_requirement_until_cancelled(actor_a, lotte):
    # Law art. 11: the OCMW may accept reasons of health or equity.
    services.record_leefloon_start(actor_a, lotte, date(2025, 2, 1), 2)
    exemption = services.record_exemption(
        actor_a, lotte, "health", date(2025, 2, 15), "Long hospital stay, see medical certificate."
    )
    assert tuple(services.requirement_for(lotte, date(2025, 3, 1))) == (
        False,
        None,
        "exempt_health",
    )
    services.cancel_exemption(actor_a, exemption, "recovered")
    assert services.requirement_for(lotte, date(2025, 3, 1)).required


def test_an_exemption_needs_a_reason_and_an_explanation(actor_a, lotte):
    with pytest.raises(ValidationError) as exc:
        services.record_exemption(actor_a, lotte, "", date(2025, 2, 15), " ")
    assert set(exc.value.message_dict) == {"reason", "explanation"}


def test_worklist_lists_who_needs_a_gpmi_by_deadline_until_one_is_signed(actor_a, lotte, marc, jan):
    services.record_leefloon_start(actor_a, marc, date(2025, 1, 10), 1)
    services.record_leefloon_start(actor_a, lotte, date(2025, 2, 1), 2)
    services.record_leefloon_start(actor_a, jan, date(2015, 1, 1), 2)  # before the reform, 29
    rows = services.worklist(actor_a, date(2025, 3, 1))
    assert [(r.person, r.requirement.due) for r in rows] == [
        (marc, date(2025, 4, 10)),
        (lotte, date(2025, 5, 1)),
    ]
    assert rows[0].requirement.overdue(date(2025, 4, 11))
    gpmi = services.draft_gpmi(actor_a, lotte, contract(start=date(2025, 2, 1)))
    assert lotte in [r.person for r in services.worklist(actor_a, date(2025, 3, 1))]  # a draft
    sign(actor_a, services.latest_version(gpmi), on=date(2025, 2, 20))
    assert [r.person for r in services.worklist(actor_a, date(2025, 3, 1))] == [marc]


def test_the_gpmi_takes_the_leefloon_category_and_start_from_the_recorded_leefloon(actor_a, lotte):
    services.record_leefloon_start(actor_a, lotte, date(2024, 12, 1), 3)
    gpmi = services.draft_gpmi(actor_a, lotte, contract())
    assert (gpmi.leefloon_category, gpmi.leefloon_start) == (3, date(2024, 12, 1))
    assert gpmi.age_at_start == 22


def test_leefloon_start_names_missing_and_wrong_fields(actor_a, lotte):
    with pytest.raises(ValidationError) as exc:
        services.record_leefloon_start(actor_a, lotte, None, "4")
    assert set(exc.value.message_dict) == {"start", "category"}


# --- evaluations: at least three a year, two in person ---------------------------------------


def test_signing_plans_an_evaluation_every_four_months(signed):
    due = list(signed.evaluations.order_by("due_on").values_list("due_on", flat=True))
    assert due == [date(2025, 5, 1), date(2025, 9, 1), date(2025, 12, 31)]


def test_an_evaluation_outside_the_contract_period_is_refused_and_nothing_saved(actor_a, signed):
    before = list(Evaluation.objects.values_list("pk", "held_on"))
    with pytest.raises(ValidationError) as exc:
        services.record_evaluation(
            actor_a,
            signed,
            held_on=date(2026, 1, 5),
            form="interview",
            progress=[
                {"goal": "Find a flat", "progress": "achieved"},
                {"goal": "Follow a Dutch course", "progress": "in_progress"},
            ],
        )
    assert list(exc.value.message_dict) == ["held_on"]
    assert "01/01/2025" in exc.value.message_dict["held_on"][0]
    assert list(Evaluation.objects.values_list("pk", "held_on")) == before


def test_an_evaluation_records_progress_per_goal_and_fulfils_the_planned_one(actor_a, signed):
    ev = services.record_evaluation(
        actor_a,
        signed,
        held_on=date(2025, 4, 20),
        form="interview",
        progress=[
            {"goal": "Find a flat", "progress": "achieved", "note": "Flat in Kessel-Lo"},
            {"goal": "Follow a Dutch course", "progress": "in_progress"},
        ],
        adjustments="Next: register at the CVO.",
    )
    assert ev.due_on == date(2025, 5, 1)
    assert [p["progress"] for p in ev.progress] == ["achieved", "in_progress"]
    assert signed.evaluations.filter(held_on__isnull=True, cancelled_at__isnull=True).count() == 2


def test_every_goal_needs_its_progress(actor_a, signed):
    with pytest.raises(ValidationError) as exc:
        services.record_evaluation(
            actor_a,
            signed,
            held_on=date(2025, 4, 20),
            form="phone",
            progress=[{"goal": "Find a flat", "progress": "achieved"}],
        )
    assert "Follow a Dutch course" in exc.value.message_dict["progress"][0]


def test_overdue_evaluations_are_on_the_workers_dashboard(actor_a, signed, users):
    overdue = services.overdue_evaluations(actor_a, date(2025, 9, 2))
    assert [e.due_on for e in overdue] == [date(2025, 5, 1), date(2025, 9, 1)]
    assert services.overdue_evaluations(actor_a, date(2025, 4, 30)) == []


def test_a_year_with_too_few_evaluations_in_person_is_flagged(actor_a, signed):
    goals = [
        {"goal": "Find a flat", "progress": "in_progress"},
        {"goal": "Follow a Dutch course", "progress": "in_progress"},
    ]
    for day, form in (
        (date(2025, 4, 28), "interview"),
        (date(2025, 8, 30), "phone"),
        (date(2025, 12, 20), "written"),
    ):
        services.record_evaluation(actor_a, signed, held_on=day, form=form, progress=goals)
    warnings = services.evaluation_warnings(signed, date(2026, 1, 10))
    assert len(warnings) == 1 and "1" in warnings[0]
    services.record_evaluation(
        actor_a, signed, held_on=date(2025, 12, 22), form="home_visit", progress=goals
    )
    assert services.evaluation_warnings(signed, date(2026, 1, 10)) == []


def test_closing_cancels_the_evaluations_planned_after_it(actor_a, signed):
    services.close_gpmi(actor_a, signed, closed_on=date(2025, 6, 30), outcome="work")
    open_due = signed.evaluations.filter(cancelled_at__isnull=True).values_list("due_on", flat=True)
    assert list(open_due) == [date(2025, 5, 1)]
    assert signed.evaluations.filter(cancelled_at__isnull=False).count() == 2  # kept


# --- sanction: law art. 30 §2, after a hearing (art. 20) -------------------------------------


@pytest.fixture
def breach(actor_a, signed, lotte_on_leefloon, monkeypatch):
    monkeypatch.setattr(services.common, "_today", lambda: date(2025, 3, 25))
    return services.record_breach(
        actor_a,
        signed,
        noted_on=date(2025, 3, 3),
        description="Missed three appointments.",
        formal_notice_on=date(2025, 3, 5),
    )


def test_no_sanction_without_a_recorded_hearing(actor_a, signed, breach):
    with pytest.raises(ValidationError) as exc:
        services.propose_sanction(actor_a, signed, breach, None, 1)
    assert list(exc.value.message_dict) == ["hearing"]
    assert SanctionProposal.objects.count() == 0


def test_no_sanction_without_a_formal_notice(actor_a, signed, lotte_on_leefloon):
    breach = services.record_breach(
        actor_a, signed, noted_on=date(2025, 3, 3), description="Missed three appointments."
    )
    hearing = services.record_hearing(
        actor_a, breach, held_on=date(2025, 3, 20), person_present=False, heard_by="BCSD"
    )
    with pytest.raises(ValidationError) as exc:
        services.propose_sanction(actor_a, signed, breach, hearing, 1)
    assert list(exc.value.message_dict) == ["breach"]


def test_sanction_at_most_one_month_then_three_on_a_repeat_within_a_year(
    actor_a, signed, breach, monkeypatch
):
    hearing = services.record_hearing(
        actor_a,
        breach,
        held_on=date(2025, 3, 20),
        person_present=True,
        statement="I was ill and had no phone credit.",
        heard_by="BCSD, session of 20 March",
    )
    with pytest.raises(ValidationError) as exc:
        services.propose_sanction(actor_a, signed, breach, hearing, 2)
    assert list(exc.value.message_dict) == ["months"]
    first = services.propose_sanction(actor_a, signed, breach, hearing, 1, "No valid reason.")
    assert (first.status, first.months, first.repeat) == ("proposed", 1, False)
    monkeypatch.setattr(services.common, "_today", lambda: date(2025, 9, 20))
    again = services.record_breach(
        actor_a,
        signed,
        noted_on=date(2025, 9, 1),
        description="Stopped the course.",
        formal_notice_on=date(2025, 9, 2),
    )
    heard = services.record_hearing(
        actor_a, again, held_on=date(2025, 9, 15), person_present=False, heard_by="BCSD"
    )
    second = services.propose_sanction(actor_a, signed, again, heard, 3)
    assert (second.months, second.repeat) == (3, True)


def test_a_present_person_s_statement_is_written_down(actor_a, breach):
    with pytest.raises(ValidationError) as exc:
        services.record_hearing(
            actor_a, breach, held_on=date(2025, 3, 20), person_present=True, heard_by=""
        )
    assert set(exc.value.message_dict) == {"statement", "heard_by"}


def test_a_sanction_goes_to_the_council_as_a_suspension_of_the_decision_in_force(
    actor_a, signed, breach, lotte_on_leefloon
):
    """Law of 26 May 2002, art. 30 §2: the suspension is a decision of the council, taken after
    the hearing; it reviews the leefloon decision in force (a new version, nothing overwritten)."""
    hearing = services.record_hearing(
        actor_a, breach, held_on=date(2025, 3, 20), person_present=True,
        statement="I was ill.", heard_by="BCSD",
    )  # fmt: skip
    sanction = services.propose_sanction(actor_a, signed, breach, hearing, 1, "No valid reason.")
    req = sanction.request
    assert req.replaces_decision == lotte_on_leefloon and req.channel == "own_initiative"
    assert [i.code for i in req.items.all()] == ["hearing"]
    assert req.items.get().status == "done" and "20/03/2025" in req.items.get().notes
    proposal = req.proposals.get()
    assert (proposal.kind, proposal.state) == ("suspend", "draft")
    assert (proposal.effective_from, proposal.effective_until) == (
        date(2025, 4, 1),
        date(2025, 4, 30),
    )
    assert "Missed three appointments." in proposal.motivation


def test_no_sanction_without_a_leefloon_decision_in_force(actor_a, signed, monkeypatch):
    monkeypatch.setattr(services.common, "_today", lambda: date(2025, 3, 25))
    breach = services.record_breach(
        actor_a,
        signed,
        noted_on=date(2025, 3, 3),
        description="x",
        formal_notice_on=date(2025, 3, 5),
    )
    hearing = services.record_hearing(
        actor_a, breach, held_on=date(2025, 3, 20), person_present=False, heard_by="BCSD"
    )
    with pytest.raises(ValidationError) as exc:
        services.propose_sanction(actor_a, signed, breach, hearing, 1)
    assert list(exc.value.message_dict) == ["gpmi"]
    assert SanctionProposal.objects.count() == 0


def test_a_council_grant_starts_the_gpmi_clock(actor_a, lotte, lotte_on_leefloon):
    """A first leefloon grant to a person under 25 makes a GPMI required within 3 months of the
    decision (law of 26 May 2002, art. 11 §1; see docs/gpmi.md): fed by the casework decision."""
    start = lotte.leefloon_starts.get()
    assert (start.start, start.category, start.decision_date) == (
        date(2025, 1, 1),
        2,
        date(2025, 1, 1),
    )
    required, due, _reason = services.requirement_for(lotte, date(2025, 1, 15))
    assert required and due == date(2025, 4, 1)
