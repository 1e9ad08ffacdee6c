"""The demo data of the rights circle: `openocmw demo` (and so `make run`) gives every demo
OCMW a rights circle of last year and this year's drawn over it, in the OCMW's language;
loading again adds nothing."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import Client

from openocmw.accounts.models import User
from openocmw.circle import demo as circle_demo
from openocmw.circle import services
from openocmw.circle.models import Action, Assessment, Score
from openocmw.jobs.models import Job


def _demo() -> None:
    call_command("demo", inline=True, stdout=io.StringIO(), persons=60, requests_per_100_persons=0)


def test_each_demo_ocmw_gets_a_scored_rights_circle_and_a_rerun_adds_nothing(db):
    _demo()
    by_ocmw = {}
    for a in Assessment.objects.select_related("ocmw").order_by("held_on"):
        by_ocmw.setdefault(a.ocmw.nis_code, []).append(a)
    assert set(by_ocmw) == {"24062", "92094", "21013"}
    for earlier, later in by_ocmw.values():
        assert later.previous_id == earlier.pk  # drawn over last year's
        res = services.result(later)
        assert len(res["complete"]) == 3  # target group, staff and policy level all scored
        assert any(r.gap for r in res["rows"])  # the groups differ somewhere: flagged
        assert later.actions.count() == 3
    leuven = by_ocmw["24062"][1]
    assert leuven.title.startswith("Rechtencirkel")
    why = Score.objects.filter(group__assessment=leuven, item="detection").values_list(
        "justification", flat=True
    )
    assert any("opsporen" in w for w in why)  # the reasons in the OCMW's language
    assert by_ocmw["92094"][1].title.startswith("Cercle des droits")
    counts = (Assessment.objects.count(), Score.objects.count(), Action.objects.count())
    _demo()
    assert (Assessment.objects.count(), Score.objects.count(), Action.objects.count()) == counts
    assert circle_demo.complete()
    assert Job.objects.filter(kind="demo.load").last().result["circle_assessments"] == 6


def test_the_team_lead_sees_the_demo_circle_with_its_gaps(db):
    _demo()
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(User.objects.get(username="leuven.teamleider"))
    later = Assessment.objects.filter(ocmw__nis_code="24062").order_by("held_on").last()
    page = client.get(f"/circle/{later.pk}/")
    assert page.status_code == 200
    assert "Rechtencirkel" in page.content.decode() and "<svg" in page.content.decode()
