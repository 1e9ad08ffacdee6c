"""The council's guard rails as pure functions (casework.guards).

Sources: law of 26 May 2002, art. 21 §1 (decide within 30 days); decree on local government
of 22 December 2017, art. 110 with art. 26 (the BCSD decides only with a majority of its
sitting members present) and its voting rules (absolute majority of the votes cast, abstentions not
counted, a tie rejects); https://www.vlaanderen.be/lokaal-bestuur/bijzonder-comite-voor-de-sociale-dienst/vergaderingen
"""

from datetime import date

import pytest

from openocmw.casework import guards

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    "held_on, same_day, refusal, warnings",
    [
        (date(2026, 12, 1), 0, "past", ()),
        (TODAY, 0, None, ()),
        (date(2026, 12, 10), 0, None, ()),
        (date(2026, 12, 5), 0, None, ("weekend",)),  # Saturday
        (date(2026, 12, 6), 0, None, ("weekend",)),  # Sunday
        (date(2026, 12, 9), 1, None, ("same_day",)),
        (date(2026, 12, 12), 2, None, ("weekend", "same_day")),
    ],
)
def test_meeting_dates(held_on, same_day, refusal, warnings):
    check = guards.check_meeting_date(held_on, TODAY, same_day)
    assert check.refusal == refusal
    assert check.warnings == warnings


@pytest.mark.parametrize(
    "due, held_on, late",
    [
        (date(2024, 10, 31), date(2024, 10, 15), 0),
        (date(2024, 10, 31), date(2024, 10, 31), 0),  # on the 30th day: in time
        (date(2024, 10, 31), date(2024, 11, 1), 1),
        (date(2024, 10, 31), date(2024, 11, 14), 14),
    ],
)
def test_days_past_the_30_day_deadline(due, held_on, late):
    assert guards.days_past_deadline(due, held_on) == late


@pytest.mark.parametrize(
    "members, needed", [(1, 1), (2, 2), (7, 4), (8, 5), (9, 5), (10, 6), (13, 7)]
)
def test_quorum_is_a_majority_of_the_sitting_members(members, needed):
    assert guards.quorum_needed(members) == needed
    assert guards.has_quorum(members, needed)
    assert not guards.has_quorum(members, needed - 1)


def test_quorum_needs_members():
    with pytest.raises(ValueError):
        guards.quorum_needed(0)


@pytest.mark.parametrize(
    "votes, present, adopted, problem",
    [
        ((5, 0, 0), 5, True, None),
        ((3, 2, 0), 5, True, None),
        ((2, 2, 1), 5, False, None),  # a tie rejects
        ((2, 1, 4), 7, True, None),  # abstentions do not count: 2 of 3 cast
        ((1, 2, 0), 5, False, None),
        ((0, 0, 5), 5, None, "no_votes"),
        ((4, 2, 0), 5, None, "more_votes_than_present"),
        ((-1, 0, 0), 5, None, "negative"),
    ],
)
def test_votes(votes, present, adopted, problem):
    check = guards.check_votes(*votes, present=present)
    assert (check.adopted, check.problem) == (adopted, problem)
