"""A right granted automatically ends with the council decision it came with: the daily job
produces a notice for the worker (issue 11 §3), once, and the worker's list shows it."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from openocmw.accounts.models import AuditEntry
from openocmw.casework.models import AidRequest, Decision, Meeting, Proposal
from openocmw.rights.models import Notice
from openocmw.rights.notices import linked_rights, produce_ended_grant_notices

from .conftest import make_person

ON = date(2025, 3, 10)


def _grant(person, start, until, worker=None, number="N1"):
    req = AidRequest.objects.create(
        ocmw=person.ocmw, person=person, number=number, received_on=start, kind="leefloon",
        channel="counter", decision_due=start, assigned_to=worker,
    )  # fmt: skip
    proposal = Proposal.objects.create(request=req, kind="grant", effective_from=start)
    meeting = Meeting.objects.create(ocmw=person.ocmw, held_on=start, state="closed")
    return Decision.objects.create(
        ocmw=person.ocmw, person=person, request=req, proposal=proposal, meeting=meeting,
        aid_kind="leefloon", kind="grant", decided_on=start, effective_from=start,
        effective_until=until, category=2, notify_due=start,
    )  # fmt: skip


def test_the_end_of_a_leefloon_produces_notices_for_its_automatic_rights(actor_a, client):
    # Programme law 27 April 2007 (social energy tariff) and KB 15 January 2014 (increased
    # reimbursement): granted automatically to a leefloon beneficiary; law of 21 July 2016:
    # the GPMI obligation comes with the leefloon.
    assert {"social_energy_tariff", "increased_reimbursement", "gpmi_obligation"} <= set(
        linked_rights("leefloon")
    )
    ended = make_person(actor_a, "belgian", date(1990, 1, 1), first="Ann")
    continued = make_person(actor_a, "belgian", date(1991, 1, 1), first="Bart")
    _grant(ended, date(2024, 3, 1), date(2025, 3, 7), worker=actor_a.user)
    _grant(continued, date(2024, 3, 1), date(2025, 3, 7), number="N2")
    _grant(continued, date(2025, 3, 8), None, number="N3")  # a new grant continues it
    produced = produce_ended_grant_notices(ON)
    notices = Notice.objects.filter(person=ended)
    assert produced == notices.count() == len(linked_rights("leefloon"))
    assert {n.ends_on for n in notices} == {date(2025, 3, 8)}
    assert not Notice.objects.filter(person=continued).exists()
    assert produce_ended_grant_notices(ON) == 0  # the job again (or retried): nothing twice
    assert AuditEntry.objects.filter(object_type="rights_notice", action="create").count() == 1
    client.force_login(actor_a.user)
    page = client.get(reverse("rights_hinges")).content.decode()
    assert "social_energy_tariff" in page and "Ann" in page
    shown = AuditEntry.objects.filter(object_type="rights_notice", action="view")
    assert shown.count() == notices.count() and {a.subject_person_id for a in shown} == {ended.pk}
