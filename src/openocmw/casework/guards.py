"""The council's guard rails as pure functions: dates and counts in, findings out.

No database, no translation: the services turn the findings into refusals, warnings that ask
for a confirmation, or minutes. Sources:

- Decide within 30 days of the request: law of 26 May 2002 on the right to social
  integration, art. 21 §1 (``AidRequest.decision_due``).
- Quorum: the council committee for the social service (BCSD) deliberates and decides only
  when the majority of its sitting members is present; decree on local government of
  22 December 2017 (Flanders, ELI eli/decreet/2017/12/22/2018030427), art. 110 juncto art. 26,
  as the Flemish government's page below cites them (a second convocation on the same items
  needs no quorum: not modelled, the exception is recorded in a note). Brussels and Wallonia:
  the organic law of 8 July 1976 sets the same majority of members in office (its article
  is to be checked: not found in this project's sources). See
  https://www.vlaanderen.be/lokaal-bestuur/bijzonder-comite-voor-de-sociale-dienst/vergaderingen
- Votes: an absolute majority of the votes cast, abstentions not counted; a tie rejects the
  proposal; votes on the BCSD are not secret (the same page states these rules without
  naming the decree's article: the voting article's number is not verified, see
  docs/casework.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SATURDAY = 5


def is_weekend(day: date) -> bool:
    return day.weekday() >= SATURDAY


@dataclass(frozen=True)
class MeetingDateCheck:
    """``refusal`` blocks planning; each warning needs the team lead's confirmation."""

    refusal: str | None = None  # "past"
    warnings: tuple[str, ...] = field(default_factory=tuple)  # "weekend", "same_day"


def check_meeting_date(held_on: date, today: date, meetings_that_day: int) -> MeetingDateCheck:
    """A meeting is planned for today or later; a weekend day or a second meeting on one day
    is possible (an urgent meeting) but asks for confirmation."""
    if held_on < today:
        return MeetingDateCheck(refusal="past")
    warnings = []
    if is_weekend(held_on):
        warnings.append("weekend")
    if meetings_that_day > 0:
        warnings.append("same_day")
    return MeetingDateCheck(warnings=tuple(warnings))


def days_past_deadline(decision_due: date, held_on: date) -> int:
    """How many days after the legal deadline the council would decide (0: in time)."""
    return max(0, (held_on - decision_due).days)


def quorum_needed(members_in_office: int) -> int:
    """The smallest number of members present that is a majority of the sitting members."""
    if members_in_office < 1:
        raise ValueError("members_in_office must be at least 1")
    return members_in_office // 2 + 1


def has_quorum(members_in_office: int, present: int) -> bool:
    return present >= quorum_needed(members_in_office)


@dataclass(frozen=True)
class VoteCheck:
    adopted: bool | None  # None: no valid vote to judge
    problem: str | None = None  # "negative", "more_votes_than_present", "no_votes"


def check_votes(votes_for: int, against: int, abstain: int, present: int) -> VoteCheck:
    """Adopted when more than half of the votes cast are for; abstentions do not count and a
    tie rejects. Every member present votes once at most."""
    if min(votes_for, against, abstain) < 0:
        return VoteCheck(adopted=None, problem="negative")
    if votes_for + against + abstain > present:
        return VoteCheck(adopted=None, problem="more_votes_than_present")
    cast = votes_for + against
    if cast == 0:
        return VoteCheck(adopted=None, problem="no_votes")
    return VoteCheck(adopted=votes_for * 2 > cast)
