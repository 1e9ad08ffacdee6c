"""Deterministic, realistic casework demo data, built on the registry's demo persons.

Same seed and same ``today``, same data. For each demo OCMW, aid requests over the last two
years go through the flow as in real life: registration at the counter or by phone (the
30-day clock of art. 21 §1 of the law of 26 May 2002 starts), the investigation checklist with
a home visit, a proposal (for a leefloon the amount of the real rules, frozen with the
proposal), review by the team lead, the weekly meeting of the council committee (approve,
amend, or reject and decide again the week after), the decision, and its notification (most
within the 8 days of art. 21 §3, some late, the latest ones still pending). Some decisions
are revised later: a new request on the OCMW's own initiative and a new decision version that
replaces the earlier one. The most recent requests are still open, some near or past their
30-day deadline, so that the dashboards have something to show.

Kinds follow the residence status on the date of the request: leefloon for Belgians,
EU citizens, people in the population register and refugees; equivalent leefloon (financial
social aid) for the foreigners register; urgent medical aid without legal residence; other
social aid (rent deposit, energy, medical costs) for anyone.

Amounts are calculated by ``openocmw.rules`` for one representative situation per
(kind, category, month) and reused: the rules are never called per decision.

Rows are created in batches with primary keys assigned here (so that requests, proposals,
agenda items and decisions point at each other without a round trip; :mod:`.bulk`).
:func:`bulk_decisions` uses the same generator, leaner, to load a million decisions for the
benchmark (bench/bench_casework.py). Weights, texts and amounts are in :mod:`.demo_data`.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from openocmw.accounts import audit
from openocmw.accounts.models import Membership as Role_
from openocmw.accounts.models import Ocmw, Role, User
from openocmw.registry.models import Person, ResidenceStatus

from . import flow
from .bulk import BulkTable
from .demo_data import (
    CATEGORIES,
    CHANNELS,
    GRANT_SHARE,
    MEETING_WEEKDAY,
    OTHER_AIDS,
    PICK_WEIGHT,
    REFUSALS,
    TEXTS,
    Amounts,
)
from .models import (
    DECISION_DAYS,
    NOTIFY_DAYS,
    AgendaItem,
    AidKind,
    AidRequest,
    Channel,
    Decision,
    DecisionKind,
    HomeVisit,
    InvestigationItem,
    ItemStatus,
    Meeting,
    MeetingState,
    OtherAid,
    Outcome,
    Proposal,
    ProposalState,
    RequestState,
)

DEFAULT_RATE = 40  # aid requests per 100 persons of the OCMW, over the two years
SPAN_DAYS = 730  # the demo covers the last two years
FUTURE_WEEKS = 3  # meetings already planned after today
DETAIL_LIMIT = 5_000  # above this many requests per OCMW, load() switches to the lean mode
BATCH = 5000


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class _Ids:
    """Primary keys handed out here, after the largest one in each table."""

    MODELS = (AidRequest, Proposal, Decision)

    def __init__(self):
        self.next = {m: (m.objects.aggregate(m=Max("pk"))["m"] or 0) + 1 for m in self.MODELS}

    def take(self, model) -> int:
        pk = self.next[model]
        self.next[model] = pk + 1
        return pk


@dataclass
class _Person:
    pk: int
    language: str
    statuses: list[tuple[date, date | None, str]]  # (from, until, status), oldest first

    def status_on(self, day: date) -> str | None:
        for start, until, status in reversed(self.statuses):
            if start <= day and (until is None or until >= day):
                return status
        return None


@dataclass
class _Plan:
    """One request and what happened to it, decided before any row is made."""

    received: date
    person: _Person
    kind: str
    other_aid: str
    channel: str
    worker: int
    replaces: _Plan | None = None
    state: str = RequestState.REGISTERED
    days: int = 0  # days of investigation until the proposal is ready
    withdrawn_on: date | None = None
    proposal_state: str = ""  # of the open proposal, for open requests
    meeting: date | None = None  # the (last) meeting that dealt with it
    first_meeting: date | None = None  # set when the council rejected it the first time
    outcome: str = ""  # approved / amended (rejected: see first_meeting)
    decision_kind: str = ""
    effective_from: date | None = None
    effective_until: date | None = None
    category: int | None = None
    amount: Decimal | None = None
    calculated: Decimal | None = None
    refusal_reason: str = ""
    notified_on: date | None = None
    decision_id: int | None = None
    revised: bool = False


def _weighted(rng: random.Random, table: list[tuple]) -> object:
    return rng.choices([v for v, _w in table], [w for _v, w in table])[0]


class _Ocmw:
    """Everything the generator needs to know about one OCMW."""

    def __init__(self, ocmw: Ocmw, seed: int, today: date, span_days: int, persons=None):
        self.ocmw, self.today, self.span = ocmw, today, span_days
        self.rng = random.Random(f"{seed}:casework:{ocmw.nis_code}")
        self.start = today - timedelta(days=span_days)
        self.language = "fr" if ocmw.languages.split(",")[0] == "fr" else "nl"
        roles = defaultdict(list)
        for user_id, role, username in (
            Role_.objects.filter(ocmw=ocmw, active=True)
            .order_by("user__username")
            .values_list("user_id", "role", "user__username")
        ):
            roles[role].append((user_id, username))
        self.workers = [u for u, _n in roles[Role.SOCIAL_WORKER]] or [None]
        self.lead = (roles[Role.TEAM_LEAD] or [(None, "")])[0][0]
        self.council = (roles[Role.COUNCIL_MEMBER] or [(None, "")])[0][0]
        self.names = {
            pk: f"{first} {last}".strip()
            for pk, first, last in User.objects.filter(pk__in=self.workers).values_list(
                "pk", "first_name", "last_name"
            )
        }
        self.persons = persons if persons is not None else self._persons()
        weights = [PICK_WEIGHT.get(p.statuses[-1][2], 1) for p in self.persons]
        self.cum_weights = list(itertools.accumulate(weights))
        weekday = MEETING_WEEKDAY.get(ocmw.nis_code, int(ocmw.nis_code) % 5)
        first = self.start - timedelta(days=7)
        first += timedelta(days=(weekday - first.weekday()) % 7)
        self.meeting_dates = []
        day = first
        while day <= today + timedelta(weeks=FUTURE_WEEKS):
            self.meeting_dates.append(day)
            day += timedelta(days=7)

    def _persons(self) -> list[_Person]:
        """Adults (18 at the start of the period) with their residence statuses."""
        adult_before = self.start - timedelta(days=18 * 366)
        statuses = defaultdict(list)
        for pid, start, until, status in (
            ResidenceStatus.objects.filter(
                person__ocmw=self.ocmw, cancelled_at__isnull=True,
                person__birth_date__lte=adult_before,
            ).order_by("person_id", "valid_from").values_list(
                "person_id", "valid_from", "valid_until", "status")
        ):  # fmt: skip
            statuses[pid].append((start, until, status))
        languages = dict(Person.objects.filter(pk__in=list(statuses)).values_list("pk", "language"))
        return [
            _Person(pid, "fr" if languages.get(pid) == "fr" else "nl", rows)
            for pid, rows in sorted(statuses.items())
        ]

    def meeting_on_or_after(self, day: date) -> date | None:
        i = bisect.bisect_left(self.meeting_dates, day)
        return self.meeting_dates[i] if i < len(self.meeting_dates) else None


# --- the life of a request ---------------------------------------------------------------


def _new_plan(o: _Ocmw, received: date | None = None) -> _Plan | None:
    rng = o.rng
    if received is None:
        received = o.today - timedelta(days=rng.randint(0, o.span))
    for _ in range(10):
        person = rng.choices(o.persons, cum_weights=o.cum_weights)[0]
        status = person.status_on(received)
        if status is not None:
            break
    else:
        return None
    if status == "no_legal_residence":
        kind = AidKind.URGENT_MEDICAL
    elif status == "asylum_seeker":
        kind = AidKind.OTHER  # material aid comes from the reception network
    elif status == "foreigners_register":
        kind = AidKind.EQUIVALENT if rng.random() < 0.75 else AidKind.OTHER
    else:
        kind = AidKind.LEEFLOON if rng.random() < 0.74 else AidKind.OTHER
    other = _weighted(rng, OTHER_AIDS) if kind == AidKind.OTHER else ""
    if kind == AidKind.OTHER and status == "asylum_seeker":
        other = OtherAid.MEDICAL_COSTS
    return _Plan(
        received=received, person=person, kind=kind, other_aid=other,
        channel=_weighted(rng, CHANNELS), worker=rng.choice(o.workers),
    )  # fmt: skip


def _live(o: _Ocmw, p: _Plan, amounts: Amounts) -> None:
    """Decide what happened to ``p`` up to ``today``."""
    rng, today = o.rng, o.today
    r = rng.random()
    if p.replaces is not None:
        p.days = rng.randint(5, 20)
    elif r < 0.04:
        p.days = rng.randint(35, 75)  # waiting for documents: past the 30 days
    elif r < 0.16:
        p.days = rng.randint(24, 31)
    else:
        p.days = rng.randint(5, 23)
    if p.replaces is None and rng.random() < 0.03:
        withdrawn = p.received + timedelta(days=rng.randint(2, 25))
        if withdrawn < today:
            p.state, p.withdrawn_on = RequestState.WITHDRAWN, withdrawn
            return
    ready = p.received + timedelta(days=p.days)
    meeting = o.meeting_on_or_after(ready + timedelta(days=1))
    rejected_first = p.replaces is None and rng.random() < 0.02
    if rejected_first and meeting is not None:
        p.first_meeting = meeting
        meeting = o.meeting_on_or_after(meeting + timedelta(days=7))
    if meeting is None or meeting >= today or (p.first_meeting and p.first_meeting >= today):
        _open(o, p, meeting, amounts)
        return
    p.meeting, p.state = meeting, RequestState.DECIDED
    p.outcome = Outcome.APPROVED
    if p.replaces is not None:
        _revision(o, p, amounts)
    else:
        _first_decision(o, p, amounts)
    r = rng.random()
    k = rng.randint(1, 7) if r < 0.82 else NOTIFY_DAYS if r < 0.90 else rng.randint(9, 30)
    notified = meeting + timedelta(days=k)
    if notified < today:
        p.notified_on, p.state = notified, RequestState.NOTIFIED


def _open(o: _Ocmw, p: _Plan, meeting: date | None, amounts: Amounts) -> None:
    """Still open today: how far did the social worker get?"""
    p.first_meeting = None
    elapsed = (o.today - p.received).days
    share = elapsed / p.days
    if share < 0.15:
        p.state = RequestState.REGISTERED
    elif share < 0.85:
        p.state = RequestState.INVESTIGATING
    elif share < 0.93:
        p.state, p.proposal_state = RequestState.INVESTIGATING, ProposalState.DRAFT
    elif share < 1 or meeting is None:
        p.state, p.proposal_state = RequestState.PROPOSED, ProposalState.SUBMITTED
    else:
        p.state, p.proposal_state = RequestState.PROPOSED, ProposalState.SCHEDULED
        p.meeting = meeting
    if p.proposal_state:  # the proposed decision, not decided yet
        _first_decision(o, p, amounts, amend=False)


def _first_decision(o: _Ocmw, p: _Plan, amounts: Amounts, *, amend: bool = True) -> None:
    rng = o.rng
    p.effective_from = p.received
    if rng.random() >= GRANT_SHARE[p.kind]:
        p.decision_kind = DecisionKind.REFUSE
        p.refusal_reason = _weighted(rng, REFUSALS[p.kind])
        return
    p.decision_kind = DecisionKind.GRANT
    if p.kind in (AidKind.LEEFLOON, AidKind.EQUIVALENT):
        p.category = _weighted(rng, CATEGORIES)
        if rng.random() < 0.3:  # temporary: until a benefit or a job starts
            p.effective_until = _add_months(p.received, rng.choice([3, 6, 12])) - timedelta(days=1)
        p.calculated = amounts.get(p.kind, p.category, p.effective_from)[0]
        p.amount = p.calculated
        if amend and rng.random() < 0.04:  # the council amends the amount
            p.outcome = Outcome.AMENDED
            p.amount = p.calculated - Decimal(rng.randint(40, 320))
    elif p.kind == AidKind.URGENT_MEDICAL:
        p.effective_until = _add_months(p.received, 3) - timedelta(days=1)
    else:
        low, high = {OtherAid.RENT_DEPOSIT: (600, 2100), OtherAid.ENERGY: (120, 780),
                     OtherAid.MEDICAL_COSTS: (40, 650), OtherAid.OTHER: (50, 300)}[p.other_aid]  # fmt: skip
        p.amount = Decimal(rng.randint(low, high))
        p.effective_until = p.received  # a one-off payment


def _revision(o: _Ocmw, p: _Plan, amounts: Amounts) -> None:
    """A review on the OCMW's own initiative: a new category, or the end of the right."""
    rng, old = o.rng, p.replaces
    p.effective_from = p.received.replace(day=1) + timedelta(days=32)
    p.effective_from = p.effective_from.replace(day=1)  # the first day of the next month
    if rng.random() < 0.7:
        p.decision_kind = DecisionKind.MODIFY
        p.category = rng.choice([c for c, _w in CATEGORIES if c != old.category])
        p.calculated = amounts.get(p.kind, p.category, p.effective_from)[0]
        p.amount = p.calculated
    else:
        p.decision_kind = DecisionKind.STOP


def _maybe_revise(o: _Ocmw, p: _Plan) -> _Plan | None:
    if not (
        p.notified_on and p.decision_kind == DecisionKind.GRANT and p.effective_until is None
        and p.kind in (AidKind.LEEFLOON, AidKind.EQUIVALENT) and o.rng.random() < 0.15
    ):  # fmt: skip
        return None
    received = p.notified_on + timedelta(days=o.rng.randint(45, 400))
    if received >= o.today:
        return None
    p.revised = True
    return _Plan(
        received=received, person=p.person, kind=p.kind, other_aid="",
        channel=Channel.OWN_INITIATIVE, worker=p.worker, replaces=p,
    )  # fmt: skip


def _showcase(o: _Ocmw, amounts: Amounts) -> list[_Plan]:
    """A few requests in every situation a dashboard shows, whatever the size of the demo:
    past and near the 30-day deadline, a decision not notified within 8 days, one still
    within them, and a right that ends within 30 days."""
    rng, today, plans = o.rng, o.today, []

    def plan(received: date, kinds=None) -> _Plan:
        for _ in range(50):
            p = _new_plan(o, received)
            if p is not None and (kinds is None or p.kind in kinds):
                return p
        raise ValueError(f"{o.ocmw}: no person for the showcase requests")

    for days_ago, days in ((rng.randint(33, 45), 60), (rng.randint(31, 38), 55),
                           (rng.randint(24, 29), 36), (rng.randint(25, 28), 31)):  # fmt: skip
        p = plan(today - timedelta(days=days_ago))
        p.days = days
        _open(o, p, None, amounts)
        plans.append(p)
    past = [d for d in o.meeting_dates if d < today]
    late = next(d for d in reversed(past) if (today - d).days > NOTIFY_DAYS)
    for meeting in (late, past[-1]):  # decided, not notified yet
        p = plan(meeting - timedelta(days=rng.randint(12, 24)))
        p.days, p.meeting = (meeting - p.received).days - 1, meeting
        p.state, p.outcome = RequestState.DECIDED, Outcome.APPROVED
        _first_decision(o, p, amounts, amend=False)
        plans.append(p)
    ends = today + timedelta(days=rng.randint(6, 25))
    received = _add_months(ends + timedelta(days=1), -6)
    p = plan(received, (AidKind.LEEFLOON, AidKind.EQUIVALENT))
    p.meeting = o.meeting_on_or_after(received + timedelta(days=12))
    p.days = (p.meeting - received).days - 1
    p.state, p.outcome = RequestState.NOTIFIED, Outcome.APPROVED
    _first_decision(o, p, amounts, amend=False)
    if p.decision_kind != DecisionKind.GRANT:  # the showcase needs a grant
        p.decision_kind, p.refusal_reason = DecisionKind.GRANT, ""
        p.category = p.category or 2
        p.calculated = p.amount = amounts.get(p.kind, p.category, received)[0]
    p.effective_until = ends
    p.notified_on = p.meeting + timedelta(days=3)
    plans.append(p)
    return plans


# --- rows (inserted by bulk.BulkTable) -----------------------------------------------------


class _Writer:
    """Turns plans into rows, inserted in batches."""

    MODELS = [AidRequest, InvestigationItem, HomeVisit, Proposal, AgendaItem, Decision]

    def __init__(self, ids: _Ids, detail: bool, amounts: Amounts):
        self.ids, self.detail, self.amounts = ids, detail, amounts
        now = timezone.now()
        self.tables = {m: BulkTable(m, now, with_pk=m in _Ids.MODELS) for m in self.MODELS}
        self.counts: dict[str, int] = defaultdict(int)
        self.moments: dict[tuple[date, int], datetime] = {}

    def at(self, day: date, hour: int) -> datetime:
        key = (day, hour)
        if key not in self.moments:
            self.moments[key] = timezone.make_aware(datetime.combine(day, time(hour)))
        return self.moments[key]

    def add(self, model, **values) -> None:
        table = self.tables[model]
        table.add(values)
        if model is AidRequest and len(table.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for model in self.MODELS:
            self.counts[model._meta.model_name] += self.tables[model].flush()

    def write(self, o: _Ocmw, plans: list[_Plan], meetings: dict[date, int], numbers: dict) -> None:
        positions: dict[int, int] = defaultdict(int)
        positions.update(
            AgendaItem.objects.filter(meeting__ocmw=o.ocmw).values("meeting_id")
            .annotate(m=Max("position")).values_list("meeting_id", "m")
        )  # fmt: skip
        for p in plans:
            self.request(o, p, meetings, positions, numbers)

    def request(self, o: _Ocmw, p: _Plan, meetings, positions, numbers) -> None:
        rng, texts = o.rng, TEXTS[p.person.language]
        numbers[p.received.year] += 1
        closed = {RequestState.WITHDRAWN: p.withdrawn_on}.get(p.state, p.meeting)
        req = self.ids.take(AidRequest)
        self.add(
            AidRequest, pk=req, ocmw_id=o.ocmw.pk, person_id=p.person.pk,
            number=f"{p.received.year}/{numbers[p.received.year]:06d}", received_on=p.received,
            kind=p.kind, other_aid=p.other_aid,
            description=texts["aid"][p.other_aid] if p.other_aid else "", channel=p.channel,
            state=p.state, decision_due=p.received + timedelta(days=DECISION_DAYS),
            replaces_decision_id=p.replaces.decision_id if p.replaces else None,
            assigned_to_id=p.worker, created_by_id=p.worker,
            closed_on=closed if p.state in (RequestState.DECIDED, RequestState.NOTIFIED,
                                            RequestState.WITHDRAWN) else None,
            withdrawn_reason=("De aanvrager heeft werk gevonden." if p.person.language == "nl"
                              else "Le demandeur a trouvé un emploi.") if p.withdrawn_on else "",
        )  # fmt: skip
        open_ = p.state in (RequestState.REGISTERED, RequestState.INVESTIGATING) or (
            p.state == RequestState.PROPOSED
        )
        if self.detail or open_:
            self.checklist(o, p, req, texts)
        if not p.decision_kind:
            return
        self.proposals_and_decision(o, p, req, texts, meetings, positions, rng)

    def checklist(self, o: _Ocmw, p: _Plan, req: int, texts: dict) -> None:
        rng, codes = o.rng, flow.CHECKLIST[p.kind]
        done_all = p.state in (
            RequestState.PROPOSED, RequestState.DECIDED, RequestState.NOTIFIED
        ) or (p.proposal_state == ProposalState.DRAFT)  # fmt: skip
        visit = None
        if "actual_residence" in codes and (
            done_all or (p.state == RequestState.INVESTIGATING and rng.random() < 0.5)
        ):
            last = min(p.received + timedelta(days=max(1, p.days - 2)), o.today)
            visit = p.received + timedelta(days=rng.randint(1, max(1, (last - p.received).days)))
            visit = min(visit, o.today)
            self.add(HomeVisit,
                request_id=req, visited_on=visit, visited_by=o.names.get(p.worker, ""),
                findings=rng.choice(texts["findings"]), recorded_by_id=p.worker,
            )  # fmt: skip
        for code in codes:
            if done_all or p.state == RequestState.WITHDRAWN:
                status = ItemStatus.DONE if done_all or rng.random() < 0.5 else ItemStatus.OPEN
            elif p.state == RequestState.REGISTERED:
                status = ItemStatus.OPEN
            else:
                status = ItemStatus.DONE if rng.random() < 0.55 else ItemStatus.OPEN
            if code == "actual_residence" and visit is None:
                status = ItemStatus.OPEN
            notes = rng.choice(texts["done"]) if status == ItemStatus.DONE else ""
            if status == ItemStatus.DONE and code == "willingness_to_work" and rng.random() < 0.1:
                status, notes = ItemStatus.NOT_APPLICABLE, texts["exempt"]
            self.add(InvestigationItem,
                request_id=req, code=code, status=status, notes=notes,
                updated_by_id=p.worker if status != ItemStatus.OPEN else None,
            )  # fmt: skip

    def proposals_and_decision(self, o, p, req, texts, meetings, positions, rng) -> None:
        frozen = (None, None, "")
        if p.category is not None and p.calculated is not None:
            _amount, calc, situation, version = self.amounts.get(
                p.kind, p.category, p.effective_from
            )
            frozen = (situation, calc, version) if self.detail else (None, None, version)
        motivation = texts["refusal"][p.refusal_reason] if p.refusal_reason else ""
        common = {
            "request_id": req, "kind": p.decision_kind, "effective_from": p.effective_from,
            "effective_until": p.effective_until, "category": p.category,
            "calculated_amount": p.calculated, "refusal_reason": p.refusal_reason,
            "motivation": motivation, "situation": frozen[0], "calculation": frozen[1],
            "rules_version": frozen[2], "prepared_by_id": p.worker,
        }  # fmt: skip
        reviewed = p.proposal_state not in (ProposalState.DRAFT, ProposalState.SUBMITTED)
        review = {"reviewed_by_id": o.lead, "reviewed_at": None} if reviewed else {}

        def agenda(proposal_id: int, day: date, outcome: str, note: str = "") -> None:
            meeting_id = meetings[day]
            positions[meeting_id] += 1
            self.add(AgendaItem,
                meeting_id=meeting_id, proposal_id=proposal_id, position=positions[meeting_id],
                outcome=outcome, note=note, decided_by_id=o.council if outcome else None,
                decided_at=self.at(day, 19) if outcome else None,
            )  # fmt: skip

        if p.proposal_state:  # open: the proposal is not decided yet
            pid = self.ids.take(Proposal)
            if reviewed:
                review["reviewed_at"] = self.at(o.today - timedelta(days=1), 10)
            self.add(Proposal, pk=pid, version=1, state=p.proposal_state,
                              monthly_amount=p.amount, **common, **review)  # fmt: skip
            if p.proposal_state == ProposalState.SCHEDULED:
                agenda(pid, p.meeting, "")
            return
        version, previous = 1, None
        review["reviewed_at"] = self.at(p.meeting - timedelta(days=2), 10)
        if p.first_meeting:  # rejected by the council, decided again the week after
            previous = self.ids.take(Proposal)
            self.add(Proposal, pk=previous, version=1, state=ProposalState.REJECTED,
                              monthly_amount=p.amount, **common, **review)  # fmt: skip
            agenda(previous, p.first_meeting, Outcome.REJECTED, texts["rejected"])
            version = 2
        if p.outcome == Outcome.AMENDED:
            previous = self.ids.take(Proposal)
            self.add(Proposal, pk=previous, version=version, state=ProposalState.SUPERSEDED,
                              monthly_amount=p.calculated, **common, **review)  # fmt: skip
            agenda(previous, p.meeting, Outcome.AMENDED, texts["amended"])
            version += 1
        pid = self.ids.take(Proposal)
        justification = texts["amended"] if p.outcome == Outcome.AMENDED else ""
        self.add(
            Proposal, pk=pid, version=version, previous_id=previous, state=ProposalState.APPROVED,
            monthly_amount=p.amount, amount_justification=justification, **common, **review,
        )  # fmt: skip
        if p.outcome != Outcome.AMENDED:
            agenda(pid, p.meeting, Outcome.APPROVED)
        p.decision_id = self.ids.take(Decision)
        self.add(Decision,
            pk=p.decision_id, ocmw_id=o.ocmw.pk, person_id=p.person.pk, request_id=req,
            proposal_id=pid, meeting_id=meetings[p.meeting], aid_kind=p.kind,
            kind=p.decision_kind, decided_on=p.meeting, effective_from=p.effective_from,
            effective_until=p.effective_until, monthly_amount=p.amount, category=p.category,
            refusal_reason=p.refusal_reason,
            replaces_id=p.replaces.decision_id if p.replaces else None,
            version=2 if p.replaces else 1,
            notify_due=p.meeting + timedelta(days=NOTIFY_DAYS), notified_on=p.notified_on,
            letter_language=p.person.language if p.notified_on else "",
        )  # fmt: skip
        self.counts["decisions_" + p.decision_kind] += 1


def _meetings(o: _Ocmw) -> dict[date, int]:
    """The weekly meetings of the period (closed when past), created when missing."""
    existing = dict(
        Meeting.objects.filter(ocmw=o.ocmw, held_on__in=o.meeting_dates).values_list(
            "held_on", "pk"
        )
    )
    new = [
        Meeting(
            ocmw=o.ocmw, held_on=day, created_by_id=o.lead,
            state=MeetingState.CLOSED if day < o.today else MeetingState.PLANNED,
            closed_at=timezone.make_aware(datetime.combine(day, time(21))) if day < o.today else None,
        )
        for day in o.meeting_dates
        if day not in existing
    ]  # fmt: skip
    Meeting.objects.bulk_create(new, batch_size=1000)
    return dict(
        Meeting.objects.filter(ocmw=o.ocmw, held_on__in=o.meeting_dates).values_list(
            "held_on", "pk"
        )
    )


def _numbers(ocmw: Ocmw) -> dict[int, int]:
    numbers: dict[int, int] = defaultdict(int)
    for number in AidRequest.objects.filter(ocmw=ocmw).values_list("number", flat=True):
        year, n = number.split("/")
        numbers[int(year)] = max(numbers[int(year)], int(n))
    return numbers


def _reset_sequences() -> None:
    models = [AidRequest, Proposal, Decision]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@dataclass
class _Target:
    requests: int | None = None  # first requests to create (load)
    decisions: int | None = None  # or: stop at exactly this many decisions (bulk)


@transaction.atomic
def _generate(
    o: _Ocmw, target: _Target, amounts: Amounts, detail: bool, showcase: bool = False
) -> dict[str, int]:
    meetings = _meetings(o)
    plans: list[_Plan] = _showcase(o, amounts) if showcase else []
    decided = made = failed = 0
    while True:
        if target.requests is not None and made >= target.requests:
            break
        if target.decisions is not None and decided >= target.decisions:
            break
        p = _new_plan(o)
        if p is None:
            failed += 1
            if failed > 1000 and not plans:
                raise ValueError(f"{o.ocmw}: no person had a residence status in the period")
            continue
        made += 1
        _live(o, p, amounts)
        plans.append(p)
        decided += p.meeting is not None and p.state in (
            RequestState.DECIDED,
            RequestState.NOTIFIED,
        )
        if target.decisions is not None and decided >= target.decisions:
            break
        review = _maybe_revise(o, p)
        if review is not None:
            _live(o, review, amounts)
            plans.append(review)
            decided += review.state in (RequestState.DECIDED, RequestState.NOTIFIED)
    plans.sort(key=lambda p: (p.received, p.replaces is not None))
    ids = _Ids()
    writer = _Writer(ids, detail, amounts)
    writer.write(o, plans, meetings, _numbers(o.ocmw))
    writer.flush()
    _reset_sequences()
    counts = dict(writer.counts)
    counts["meetings"] = len(meetings)
    return counts


# --- public ------------------------------------------------------------------------------


def load(
    seed: int = 2026,
    requests_per_100_persons: float = DEFAULT_RATE,
    today: date | None = None,
    *,
    ocmws: list[Ocmw] | None = None,
    detail: bool | None = None,
    progress: Callable[[str, dict], None] | None = None,
    step: Callable | None = None,
) -> dict[str, dict[str, int]]:
    """Casework for the demo OCMWs (or ``ocmws``), on their persons, up to ``today``.

    Tops up: an OCMW gets ``requests_per_100_persons`` first requests per 100 persons in
    all, counting those it already has. One audit entry per OCMW records the load. Each OCMW
    is one transaction (``step()``, a job's step): a load killed halfway leaves whole OCMWs.
    """
    step = step or transaction.atomic
    from openocmw.registry.demo import OCMWS

    today = today or timezone.localdate()
    if ocmws is None:
        ocmws = list(Ocmw.objects.filter(nis_code__in=[s["nis_code"] for s in OCMWS]))
    amounts = Amounts()
    created = {}
    for ocmw in sorted(ocmws, key=lambda x: x.nis_code):
        o = _Ocmw(ocmw, seed, today, SPAN_DAYS)
        n_persons = Person.objects.filter(ocmw=ocmw).count()
        wanted = round(n_persons * requests_per_100_persons / 100)
        have = AidRequest.objects.filter(ocmw=ocmw, replaces_decision__isnull=True).count()
        if not o.persons or wanted <= have:
            continue
        lean = detail is False or (detail is None and wanted - have > DETAIL_LIMIT)
        with step():
            counts = _generate(
                o, _Target(requests=wanted - have), amounts, detail=not lean, showcase=not have
            )
            counts["rules_calls"] = amounts.calls
            made = {k: v for k, v in counts.items() if k != "rules_calls"}
            audit.record(
                None, "create", object_type="demo_data", ocmw=ocmw, username="demo",
                purpose="demo data", detail={"casework": made, "seed": seed, "today": str(today)},
            )  # fmt: skip
        created[ocmw.nis_code] = counts
        if progress:
            progress(ocmw.name_nl, counts)
    return created


def bulk_decisions(
    ocmws: list[Ocmw], n_decisions: int, seed: int = 2026, today: date | None = None,
    *, progress: Callable[[str, dict], None] | None = None,
) -> dict[str, int]:  # fmt: skip
    """Exactly ``n_decisions`` decisions spread over ``ocmws``, with their requests,
    proposals, agenda items and weekly meetings, for the benchmark.

    Lean: proposals keep amount, category and rules version but not the frozen calculation
    text, and only open requests get their checklist and home visit rows.
    """
    today = today or timezone.localdate()
    amounts = Amounts()
    totals: dict[str, int] = defaultdict(int)
    share, extra = divmod(n_decisions, len(ocmws))
    for i, ocmw in enumerate(ocmws):
        o = _Ocmw(ocmw, seed, today, SPAN_DAYS)
        if not o.persons:
            raise ValueError(f"{ocmw} has no adult persons with a residence status")
        counts = _generate(o, _Target(decisions=share + (i < extra)), amounts, detail=False)
        for k, v in counts.items():
            totals[k] += v
        audit.record(
            None, "create", object_type="demo_data", ocmw=ocmw, username="demo",
            purpose="demo data", detail={"casework": counts, "seed": seed, "bulk": True},
        )  # fmt: skip
        if progress:
            progress(ocmw.name_nl, dict(totals))
    totals["rules_calls"] = amounts.calls
    return dict(totals)


@dataclass
class BenchOcmws:
    ocmws: list[Ocmw] = field(default_factory=list)
    persons: int = 0


def bench_ocmws(n: int, persons_per_ocmw: int = 200, seed: int = 2026) -> BenchOcmws:
    """``n`` OCMWs named 'OCMW Bench NN', each with a social worker, a team lead and a council
    member (usernames ``benchNN.<role>``, the demo password) and a few demo persons."""
    from django.contrib.auth.hashers import make_password

    from openocmw.registry.demo import DEMO_PASSWORD, OCMWS, Generator, _flush

    password = make_password(DEMO_PASSWORD)
    out = BenchOcmws()
    for i in range(n):
        base = OCMWS[i % len(OCMWS)]
        key = f"bench{i:02d}"
        spec = dict(base, key=key, nis_code=f"{80000 + i}")
        ocmw, _ = Ocmw.objects.get_or_create(
            nis_code=spec["nis_code"],
            defaults={
                "name_nl": f"OCMW Bench {i:02d}", "name_fr": f"CPAS Bench {i:02d}",
                "region": spec["region"], "languages": spec["languages"],
                "postal_code": spec["postal_codes"][0],
                "municipality_nl": spec["municipality_nl"], "municipality_fr": spec["municipality_fr"],
            },
        )  # fmt: skip
        users = {}
        for role in (Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER):
            users[role], _ = User.objects.get_or_create(
                username=f"{key}.{role}",
                defaults={"password": password, "language": spec["language"],
                          "first_name": str(role.label)[:30], "last_name": key},
            )  # fmt: skip
            Role_.objects.get_or_create(user=users[role], ocmw=ocmw, role=role)
        if not Person.objects.filter(ocmw=ocmw).exists():
            gen = Generator(seed, ocmw, spec, users[Role.TEAM_LEAD])
            households, made = [], 0
            for household in gen.households(persons_per_ocmw):
                households.append(household)
                made += len(household)
                if made >= persons_per_ocmw:
                    break
            _flush(ocmw, households, gen.rng, users[Role.TEAM_LEAD])
            out.persons += made
        out.ocmws.append(ocmw)
    return out
