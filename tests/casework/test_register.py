"""The register's statistics and the dashboards, against small fixtures computed by hand.

The deadlines the dashboards watch are those of the law of 26 May 2002 on the right to social
integration: art. 21 §1, the OCMW decides within 30 days of the request
(``AidRequest.decision_due``); art. 21 §3, it notifies the decision within 8 days
(``Decision.notify_due``). The register's processing time is the number of days from the
request to the first decision on it; a revision (a new decision version replacing an earlier
one) is not a new request and is left out of the processing times.

The rows are made directly with the ORM, so that every date is exactly the one chosen here.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from openocmw.accounts.models import AuditEntry, Role
from openocmw.casework import reports
from openocmw.casework.models import (
    NOTIFY_DAYS,
    AidRequest,
    Decision,
    InvestigationItem,
    ItemStatus,
    Meeting,
    Proposal,
)
from openocmw.registry import services as registry
from tests.conftest import actor_of, person_data

START, END = date(2025, 1, 1), date(2025, 12, 31)


def make_request(ocmw, person, number, received, kind="leefloon", channel="counter", **extra):
    return AidRequest.objects.create(
        ocmw=ocmw, person=person, number=number, received_on=received, kind=kind,
        other_aid="energy" if kind == "other_social_aid" else "", channel=channel,
        decision_due=AidRequest.due_for(received), **extra,
    )  # fmt: skip


def make_decision(req, decided_on, kind="grant", *, replaces=None, **extra):
    """A decision with its meeting and approved proposal; the request is closed that day."""
    meeting = Meeting.objects.create(ocmw=req.ocmw, held_on=decided_on, state="closed")
    version = req.proposals.count() + 1
    proposal = Proposal.objects.create(
        request=req, version=version, state="approved", kind=kind, effective_from=req.received_on,
        refusal_reason=extra.get("refusal_reason", ""),
    )  # fmt: skip
    decision = Decision.objects.create(
        ocmw=req.ocmw, person=req.person, request=req, proposal=proposal, meeting=meeting,
        aid_kind=req.kind, kind=kind, decided_on=decided_on,
        effective_from=extra.pop("effective_from", req.received_on), replaces=replaces,
        version=replaces.version + 1 if replaces else 1,
        notify_due=decided_on + timedelta(days=NOTIFY_DAYS), **extra,
    )  # fmt: skip
    AidRequest.objects.filter(pk=req.pk).update(state="notified", closed_on=decided_on)
    return decision


@pytest.fixture
def lead_a(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def lead_b(users):
    return actor_of(users[("b", Role.TEAM_LEAD)])


@pytest.fixture
def year_2025(ocmw_a, ocmw_b, actor_b, jan):
    """The requests and decisions of OCMW A around 2025, and one request of OCMW B.

    request  received    kind / channel                 decided     days  decision
    R0       05/11/2024  leefloon / counter             —           —     (still open)
    R6       15/12/2024  leefloon / letter              08/01/2025  24    grant
    R1       10/01/2025  leefloon / counter             28/01/2025  18    grant
    R2       03/02/2025  leefloon / counter             12/03/2025  37    refuse: resources
    R3       05/03/2025  other social aid / phone       19/03/2025  14    grant
    R10      01/04/2025  other social aid / counter     —           —     withdrawn 10/04/2025
    R4       02/06/2025  equivalent leefloon / referral 27/06/2025  25    refuse: no cooperation
    R7       01/09/2025  leefloon / own initiative      17/09/2025  (16)  modify, replaces R1's
    R9       01/12/2025  leefloon / appointment         07/01/2026  —     (after the period)
    R5       20/12/2025  urgent medical aid / counter   —           —     (still open)
    """
    a = ocmw_a
    r0 = make_request(a, jan, "2024/000001", date(2024, 11, 5), state="investigating")
    r6 = make_request(a, jan, "2024/000002", date(2024, 12, 15), channel="letter")
    r1 = make_request(a, jan, "2025/000001", date(2025, 1, 10))
    r2 = make_request(a, jan, "2025/000002", date(2025, 2, 3))
    r3 = make_request(a, jan, "2025/000003", date(2025, 3, 5), "other_social_aid", "phone")
    r10 = make_request(
        a, jan, "2025/000004", date(2025, 4, 1), "other_social_aid", "counter",
        state="withdrawn", closed_on=date(2025, 4, 10), withdrawn_reason="werk gevonden",
    )  # fmt: skip
    r4 = make_request(a, jan, "2025/000005", date(2025, 6, 2), "equivalent_leefloon", "referral")
    d6 = make_decision(r6, date(2025, 1, 8))
    d1 = make_decision(r1, date(2025, 1, 28))
    d2 = make_decision(r2, date(2025, 3, 12), "refuse", refusal_reason="resources_above_threshold")
    d3 = make_decision(r3, date(2025, 3, 19))
    d4 = make_decision(r4, date(2025, 6, 27), "refuse", refusal_reason="no_cooperation")
    r7 = make_request(
        a, jan, "2025/000006", date(2025, 9, 1), channel="own_initiative", replaces_decision=d1
    )
    d7 = make_decision(r7, date(2025, 9, 17), "modify", replaces=d1)
    r9 = make_request(a, jan, "2025/000007", date(2025, 12, 1), channel="appointment")
    d9 = make_decision(r9, date(2026, 1, 7))
    r5 = make_request(a, jan, "2025/000008", date(2025, 12, 20), "urgent_medical_aid")
    # OCMW B's request in the same period must not be counted in A's register.
    marie = registry.create_person(
        actor_b, person_data(first_name="Marie", last_name="Dubois", language="fr"),
        status="belgian", status_from=date(1985, 7, 30),
    )  # fmt: skip
    make_request(ocmw_b, marie, "2025/000001", date(2025, 5, 5))
    return {"r0": r0, "r5": r5, "r10": r10, "d1": d1, "d2": d2, "d3": d3, "d4": d4,
            "d6": d6, "d7": d7, "d9": d9}  # fmt: skip


def test_register_counts_by_hand(lead_a, year_2025):
    reg = reports.register(lead_a, START, END)

    # Requests received in 2025 (R1 R2 R3 R10 R4 R7 R9 R5; not R0, R6, nor B's), by kind and
    # channel, sorted by kind code then channel code.
    assert reg.requests_by_kind_channel == [
        ("equivalent_leefloon", "referral", 1),  # R4
        ("leefloon", "appointment", 1),  # R9
        ("leefloon", "counter", 2),  # R1, R2
        ("leefloon", "own_initiative", 1),  # R7
        ("other_social_aid", "counter", 1),  # R10
        ("other_social_aid", "phone", 1),  # R3
        ("urgent_medical_aid", "counter", 1),  # R5
    ]
    # Decisions dated in 2025: D6 D1 D3 grant, D2 D4 refuse, D7 modify (not D9, 2026).
    assert reg.decisions_by_kind == [("grant", 3), ("modify", 1), ("refuse", 2)]
    # Refusals by reason: most frequent first, then by code.
    assert reg.refusals_by_reason == [("no_cooperation", 1), ("resources_above_threshold", 1)]

    # Processing days of the first decisions dated in 2025 (D7 is a revision: left out):
    #   D6 24, D1 18, D2 37, D3 14, D4 25  ->  sorted [14, 18, 24, 25, 37], n = 5
    #   median = the middle value = 24
    #   90th percentile, inclusive method (linear between order statistics):
    #     position (n - 1) * 0.90 = 3.6 -> 25 + 0.6 * (37 - 25) = 25 + 7.2 = 32.2
    #   within 30 days: 14, 18, 24, 25 -> 4 (D2, 37 days, was late: art. 21 §1)
    assert reg.decided_count == 5
    assert reg.processing_days_median == 24
    assert reg.processing_days_p90 == pytest.approx(32.2)
    assert reg.within_30_days == 4

    # Open at 31/12/2025 (received by then, not closed by then):
    #   R0 (never closed), R5 (never closed), R9 (closed 07/01/2026)  -> 3
    #   not R10 (withdrawn 10/04/2025) nor the decided ones.
    assert reg.open_requests == 3

    entry = AuditEntry.objects.filter(object_type="register").latest("seq")
    assert entry.detail == {"from": "2025-01-01", "until": "2025-12-31"}


def test_register_of_one_quarter_and_of_another_ocmw(lead_a, lead_b, year_2025):
    q1 = reports.register(lead_a, date(2025, 1, 1), date(2025, 3, 31))
    # Requests of Q1: R1 R2 (leefloon, counter), R3 (other, phone).
    assert q1.requests_by_kind_channel == [
        ("leefloon", "counter", 2),
        ("other_social_aid", "phone", 1),
    ]
    # Decisions of Q1: D6 24, D1 18, D2 37, D3 14 -> sorted [14, 18, 24, 37]
    #   median = (18 + 24) / 2 = 21; p90: position 3 * 0.9 = 2.7 -> 24 + 0.7 * 13 = 33.1
    assert q1.decided_count == 4
    assert q1.processing_days_median == 21
    assert q1.processing_days_p90 == pytest.approx(33.1)
    assert q1.within_30_days == 3
    # Open at 31/03/2025: R0 only (R6 R1 R2 R3 were decided by then; the requests received
    # later do not count yet).
    assert q1.open_requests == 1

    b = reports.register(lead_b, START, END)  # B sees only its own request
    assert b.requests_by_kind_channel == [("leefloon", "counter", 1)]
    assert b.decisions_by_kind == [] and b.decided_count == 0
    assert b.processing_days_median is None and b.processing_days_p90 is None
    assert b.open_requests == 1


def test_register_of_a_single_decision(lead_a, ocmw_a, jan):
    req = make_request(ocmw_a, jan, "2025/000001", date(2025, 3, 3))
    make_decision(req, date(2025, 3, 31))  # 28 days
    reg = reports.register(lead_a, START, END)
    assert (reg.decided_count, reg.processing_days_median, reg.processing_days_p90) == (1, 28, 28)
    assert reg.within_30_days == 1


# --- dashboards --------------------------------------------------------------------------

TODAY = date(2025, 3, 10)


@pytest.fixture
def due(ocmw_a, users, jan):
    """Open requests, decisions and rights around TODAY = 10/03/2025.

    Q1  received 01/02  due 03/03  investigating, 2 required items open (+1 optional)  late
    Q2  received 12/02  due 14/03  registered, every item done                         near
    Q3  received 20/02  due 22/03  proposed, every item done                           neither
    Q4  received 10/02  due 12/03  investigating, 1 item open, assigned to the lead    near
    Q5  received 20/01  due 19/02  decided 25/02, not notified (due 05/03)             late letter
    Q6  received 10/02  due 12/03  decided 05/03, not notified (due 13/03)             near letter
    Q7  received 01/10/2024        grant until 01/04/2025, notified                    ending
    Q8  received 01/10/2024        grant until 31/03/2025, replaced by a new version   —
    Q9  received 01/12/2024        grant until 01/05/2025 (52 days)                    —
    Q10 received 01/12/2024        grant until 09/03/2025 (yesterday)                  —
    Q11 received 01/12/2024        refusal with an end date 20/03/2025                 —
    """
    a = ocmw_a
    worker, lead = users[("a", Role.SOCIAL_WORKER)], users[("a", Role.TEAM_LEAD)]

    def req(n, received, state, *, items=(), assigned=None):
        r = make_request(a, jan, f"2025/{n:06d}", received, state=state,
                         assigned_to=assigned or worker)  # fmt: skip
        for code, status, required in items:
            InvestigationItem.objects.create(request=r, code=code, status=status, required=required)
        return r

    done = [("identity", ItemStatus.DONE, True), ("resources", ItemStatus.DONE, True)]
    out = {}
    out["q1"] = req(1, date(2025, 2, 1), "investigating", items=[
        ("identity", ItemStatus.DONE, True), ("resources", ItemStatus.OPEN, True),
        ("household", ItemStatus.OPEN, True), ("needs", ItemStatus.OPEN, False),
    ])  # fmt: skip
    out["q2"] = req(2, date(2025, 2, 12), "registered", items=done)
    out["q3"] = req(3, date(2025, 2, 20), "proposed", items=done)
    out["q4"] = req(4, date(2025, 2, 10), "investigating", assigned=lead,
                    items=[("identity", ItemStatus.OPEN, True)])  # fmt: skip
    q5 = req(5, date(2025, 1, 20), "decided")
    out["d5"] = make_decision(q5, date(2025, 2, 25))
    q6 = req(6, date(2025, 2, 10), "decided")
    out["d6"] = make_decision(q6, date(2025, 3, 5))
    AidRequest.objects.filter(pk__in=[q5.pk, q6.pk]).update(state="decided")  # not notified

    def right(n, received, until, kind="grant", **extra):
        r = req(n, received, "notified")
        d = make_decision(r, received + timedelta(days=20), kind, effective_until=until,
                          notified_on=received + timedelta(days=22), **extra)  # fmt: skip
        return d

    out["d7"] = right(7, date(2024, 10, 1), date(2025, 4, 1))
    d8 = right(8, date(2024, 10, 1), date(2025, 3, 31))
    review = make_request(a, jan, "2025/000012", date(2025, 1, 6), state="notified",
                          assigned_to=worker, replaces_decision=d8)  # fmt: skip
    out["d8b"] = make_decision(review, date(2025, 1, 21), "modify", replaces=d8,
                               notified_on=date(2025, 1, 23))  # fmt: skip
    out["d9"] = right(9, date(2024, 12, 1), date(2025, 5, 1))
    out["d10"] = right(10, date(2024, 12, 1), date(2025, 3, 9))
    out["d11"] = right(11, date(2024, 12, 1), date(2025, 3, 20), "refuse",
                       refusal_reason="no_cooperation")  # fmt: skip
    return out


def test_team_lead_dashboard_by_hand(lead_a, due):
    d = reports.dashboard(lead_a, TODAY)
    # Art. 21 §1: decision due 30 days after the request.
    assert [r.number for r in d.late_requests] == ["2025/000001"]  # due 03/03 < 10/03
    # Due between 10/03 and 17/03 (7 days), earliest first: Q4 (12/03), Q2 (14/03).
    assert [r.number for r in d.near_requests] == ["2025/000004", "2025/000002"]
    # Art. 21 §3: notified within 8 days of the decision.
    assert [x.pk for x in d.late_notifications] == [due["d5"].pk]  # due 05/03 < 10/03
    assert [x.pk for x in d.near_notifications] == [due["d6"].pk]  # due 13/03
    # Open requests with a required item still open, by deadline: Q1 (2 missing; the open
    # optional item does not count), Q4 (1 missing).
    assert [(r.number, r.missing) for r in d.incomplete] == [
        ("2025/000001", 2),
        ("2025/000004", 1),
    ]
    # Grants ending between 10/03 and 09/04 (30 days) that no later version replaced: Q7.
    assert [x.pk for x in d.ending] == [due["d7"].pk]
    assert AuditEntry.objects.filter(object_type="dashboard", user=lead_a.user).count() == 1


def test_social_worker_sees_only_their_requests(actor_a, due):
    d = reports.dashboard(actor_a, TODAY)
    assert [r.number for r in d.late_requests] == ["2025/000001"]
    assert [r.number for r in d.near_requests] == ["2025/000002"]  # not Q4: the team lead's
    assert [r.number for r in d.incomplete] == ["2025/000001"]
    assert [x.pk for x in d.late_notifications] == [due["d5"].pk]
    assert [x.pk for x in d.ending] == [due["d7"].pk]


def test_dashboard_the_day_after(lead_a, due):
    """One day later (11/03): Q5's letter is one day later still, D6's due date is closer,
    and the 30-day window now reaches 10/04."""
    d = reports.dashboard(lead_a, TODAY + timedelta(days=1))
    assert [r.number for r in d.late_requests] == ["2025/000001"]
    assert [x.pk for x in d.late_notifications] == [due["d5"].pk]
    assert [x.pk for x in d.ending] == [due["d7"].pk]


def test_dashboard_on_the_deadline_itself(lead_a, due):
    """On 12/03, the day Q4 is due, Q4 is near (not yet late); on 13/03 it is late."""
    on_due = reports.dashboard(lead_a, date(2025, 3, 12))
    assert "2025/000004" in [r.number for r in on_due.near_requests]
    assert "2025/000004" not in [r.number for r in on_due.late_requests]
    after = reports.dashboard(lead_a, date(2025, 3, 13))
    assert [r.number for r in after.late_requests] == ["2025/000001", "2025/000004"]


# --- the demo data -----------------------------------------------------------------------


def test_register_and_dashboard_on_the_demo_data(db):
    """The casework demo (casework/demo.py) on a small registry demo: every OCMW gets its
    requests, decisions with the rules' amounts, one audit entry, and dashboards with
    something in every list; a second load adds nothing."""
    from openocmw.accounts.models import Membership
    from openocmw.accounts.tenancy import Actor
    from openocmw.casework import demo as casework_demo
    from openocmw.registry import demo as registry_demo

    today = date(2026, 11, 1)
    registry_demo.load(persons=150, seed=7)
    created = casework_demo.load(seed=7, today=today, requests_per_100_persons=60)
    assert set(created) == {"24062", "92094", "21013"}
    assert (
        AuditEntry.objects.filter(object_type="demo_data", detail__has_key="casework").count() == 3
    )
    assert casework_demo.load(seed=7, today=today, requests_per_100_persons=60) == {}

    kinds = set(AidRequest.objects.values_list("kind", flat=True))
    assert {"leefloon", "other_social_aid"} <= kinds
    leefloon = Decision.objects.filter(aid_kind="leefloon", kind="grant", category__isnull=False)
    assert leefloon.exists()
    for dec in leefloon.select_related("proposal")[:20]:
        # The amount of the rules, frozen with the proposal (or amended with a justification).
        assert dec.proposal.calculation["monthly_amount"] == str(dec.proposal.calculated_amount)
        assert dec.monthly_amount == dec.proposal.calculated_amount or (
            dec.proposal.amount_justification
        )
    assert not Decision.objects.filter(decided_on__gte=today).exists()
    assert not Decision.objects.filter(notified_on__gt=today).exists()
    revised = Decision.objects.filter(replaces__isnull=False).select_related("replaces")
    for dec in revised:
        assert dec.version == dec.replaces.version + 1 and dec.decided_on > dec.replaces.decided_on

    lead = Membership.objects.get(user__username="leuven.teamleider", ocmw__nis_code="24062")
    actor = Actor(user=lead.user, membership=lead)
    board = reports.dashboard(actor, today)
    for name in ("late_requests", "near_requests", "late_notifications", "incomplete", "ending"):
        assert getattr(board, name), name
    reg = reports.register(actor, today - timedelta(days=365), today)
    assert reg.decided_count > 0 and reg.requests_by_kind_channel


def test_the_register_never_leaves_the_ocmw(users, client_for, year_2025):
    """Issue 9 §8: the register's statistics are shown unsuppressed because only the OCMW's
    own roles (team lead, administrator, council) see them; the federal inspector, who sees
    the aggregates of every OCMW, is refused, on the page, in its exports and in the service."""
    from django.core.exceptions import PermissionDenied
    from django.urls import reverse

    inspector = actor_of(users[("a", Role.FEDERAL_INSPECTOR)])
    with pytest.raises(PermissionDenied):
        reports.register(inspector, date(2025, 1, 1), date(2025, 12, 31))
    client = client_for("a", Role.FEDERAL_INSPECTOR)
    for fmt in ("", "csv", "xlsx"):
        query = {"from": "2025-01-01", "until": "2025-12-31"} | ({"format": fmt} if fmt else {})
        assert client.get(reverse("register"), query).status_code == 403
    lead = client_for("a", Role.TEAM_LEAD).get(reverse("register"), {"from": "2025-01-01"})
    assert lead.status_code == 200 and "&lt; 5" not in lead.content.decode()
