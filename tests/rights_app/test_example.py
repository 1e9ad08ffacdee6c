"""The issue's worked example, through the database, the job and the worklists (issue 11,
"Verified by"): 1,000 persons, 400 meet the conditions of a right, 240 receive it: a
non-take-up of 40.0 % and a worklist of the 160 others, each with a reason; after 40 of them
are granted, a rerun gives 30.0 %.

The right is urgent medical aid (KB of 12 December 1996; law of 8 July 1976, art. 57 §2): its
condition is the residence status, which the registry holds. "Receiving" is a grant the
workers recorded after outreach (a decision taken elsewhere), as the screening reads it.
"""

from __future__ import annotations

from datetime import date

from openocmw.rights import services
from openocmw.rights.models import EntryKind, Outcome, OutcomeKind, ScreeningRun, WorklistEntry

from .conftest import many_persons

RIGHT = "urgent_medical_aid"


def _grant(lead, entries, on):
    Outcome.objects.bulk_create(
        Outcome(entry=e, ocmw_id=e.ocmw_id, outcome=OutcomeKind.GRANTED, on=on,
                recorded_by=lead.user)
        for e in entries
    )  # fmt: skip


def _screen(lead, on) -> ScreeningRun:
    job = services.start_screening(lead, on, purpose="Voorbeeld niet-gebruik", rights=[RIGHT])
    assert job.status == "succeeded", job.error
    return ScreeningRun.objects.get(pk=job.result["run"])


def test_the_issue_s_non_take_up_example(ocmw_a, lead_a):
    many_persons(ocmw_a, ["no_legal_residence"] * 400 + ["belgian"] * 600)
    first = _screen(lead_a, date(2025, 3, 1))
    assert first.persons == 1000 and first.counts[RIGHT]["eligible"] == 400
    # 240 of the 400 receive it (granted after an earlier round).
    _grant(lead_a, WorklistEntry.objects.filter(run=first).order_by("pk")[:240], date(2025, 3, 10))

    second = _screen(lead_a, date(2025, 4, 1))
    counts = second.counts[RIGHT]
    assert (counts["eligible"], counts["receiving"], counts["eligible_not_receiving"]) == (
        400, 240, 160,
    )  # fmt: skip
    assert f"{100 * counts['non_take_up']:.1f} %" == "40.0 %"
    worklist = services.worklist(lead_a, second, RIGHT)
    assert len(worklist) == 160
    assert all(e.kind == EntryKind.MISSING and "wettig verblijf" in e.reason_nl for e in worklist)
    assert all(e.reason_fr and e.complete for e in worklist)

    _grant(lead_a, worklist[:40], date(2025, 4, 15))
    third = _screen(lead_a, date(2025, 5, 1))
    assert f"{100 * third.counts[RIGHT]['non_take_up']:.1f} %" == "30.0 %"
    assert WorklistEntry.objects.filter(run=third).count() == 120
