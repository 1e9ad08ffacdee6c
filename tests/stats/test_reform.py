"""The reform simulator on the OCMW's own beneficiaries, run as a job (issue 15, §2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import gettext

from openocmw.jobs import services as jobs
from openocmw.jobs.models import Job, Status
from openocmw.rules.reforms.spi_parametric import ReformParameterError
from openocmw.rules.system import get_system
from tests.conftest import actor_of

from .conftest import beneficiary, decide

pytestmark = pytest.mark.django_db
ON = date(2023, 3, 1)
CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}


def situation(wages: float) -> dict:
    return {
        "reference_date": ON.isoformat(),
        "applicant": {
            "birth_date": "1985-04-12", "residence_status": "belgian", "conditions": CONDITIONS,
            "resources": [{"kind": "wages", "amount": wages, "period": "month"}],
            "spi": {"first_day": "2022-09-01", "days_worked": 12},
        },
        "household": {"members": []},
    }  # fmt: skip


@pytest.fixture
def workers(ocmw_a, ocmw_b):
    for wages in (0, 150, 300, 600):
        person = beneficiary(ocmw_a, start=date(2030, 1, 1))  # its own decision is later
        decide(person, start=date(2023, 1, 1), situation=situation(wages))
    other = beneficiary(ocmw_b, start=date(2030, 1, 1))
    decide(other, start=date(2023, 1, 1), situation=situation(300))


def law_monthly() -> str:
    return str(get_system().parameters(ON.isoformat()).leefloon.exemptions.spi.monthly_amount)


def run(users, **params) -> Job:
    lead = actor_of(users[("a", "team_lead")])
    job = jobs.enqueue("stats.reform", actor=lead, inline=True, on=ON.isoformat(), **params)
    job.refresh_from_db()
    return job


def test_a_reform_equal_to_the_law_costs_exactly_zero(users, workers):
    job = run(users, percentage=100, minimum=0, maximum=law_monthly())
    assert job.status == Status.SUCCEEDED, job.error if hasattr(job, "error") else job
    assert job.result["persons"] == 4  # OCMW A's four; OCMW B's is not read
    assert job.result["cost_monthly"] == "0.00" and job.result["cost_yearly"] == "0.00"
    assert job.result["gain"]["persons"] == 0 and job.result["lose"]["persons"] == 0
    assert job.done == job.total == 4


def test_a_quarter_of_the_income_makes_workers_lose(users, workers):
    job = run(users, percentage=25, minimum=0, maximum=law_monthly())
    result = job.result
    # 150, 300 and 600 a month of wages: a smaller exemption; no wages: no change
    assert result["lose"]["persons"] == 3 and result["gain"]["persons"] == 0
    assert Decimal(result["cost_monthly"]) < 0
    assert Decimal(result["cost_yearly"]) == pytest.approx(
        Decimal(result["cost_monthly"]) * 12, abs=1
    )
    assert result["by_category"]["2"]["lose"] == 3
    bands = result["by_income_band"]
    assert bands["0"] == {"persons": 1, "gain": 0, "lose": 0, "cost_monthly": "0.00"}
    assert bands["1-249"]["lose"] == bands["250-499"]["lose"] == bands["500-999"]["lose"] == 1


def test_bad_parameters_are_refused_before_anything_runs(users, workers):
    from openocmw.stats.reform import parameters

    with pytest.raises(ReformParameterError) as exc:
        parameters(50, 300, 100)
    assert "minimum" in exc.value.errors
    with pytest.raises(ReformParameterError) as exc:
        parameters(120, 0, 100)
    assert "percentage" in exc.value.errors


def test_the_reform_page(client_for, users, workers, settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}
    client = client_for("a", "team_lead")
    assert client.get("/stats/reform/").status_code == 200
    form = {
        "percentage": "50",
        "minimum": "300",
        "maximum": "100",
        "daily": "0",
        "on": "2023-03-01",
    }
    bad = client.post("/stats/reform/", form)
    assert bad.status_code == 400
    assert gettext("The minimum lies above the maximum.") in bad.content.decode()
    assert not Job.objects.filter(kind="stats.reform").exists()
    out = client.post("/stats/reform/", form | {"percentage": "101", "minimum": "0"})
    assert gettext("Choose a percentage from 0 to 100.") in out.content.decode()
    ok = client.post("/stats/reform/", form | {"minimum": "0", "maximum": law_monthly()})
    assert ok.status_code == 302
    job = Job.objects.get(kind="stats.reform")
    assert ok["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED  # run inline here
    page = client.get("/stats/reform/").content.decode()
    assert f"run-{job.pk}" in page and gettext("by category") in page


def test_the_inspector_cannot_simulate_on_files(client, users):
    from tests.conftest import make_user

    client.force_login(make_user("insp", None, "federal_inspector"))
    assert client.get("/stats/reform/").status_code == 403


def test_on_the_synthetic_national_population_a_reform_equal_to_the_law_costs_zero(users):
    """The synthetic national population of the proactive-rights benchmark (a small draw of it
    here): every household whose head receives a leefloon, calculated in one simulation."""
    law = law_monthly()
    job = run(users, percentage=100, minimum=0, maximum=law, population="national", persons=20000)
    result = job.result
    assert job.status == Status.SUCCEEDED and job.done == job.total == 4
    assert result["population"]["source"] == "national" and result["persons"] > 100
    assert result["cost_monthly"] == "0.00" and result["cost_yearly"] == "0.00"
    assert result["gain"]["persons"] == result["lose"]["persons"] == 0
    assert set(result["by_category"]) <= {"1", "2", "3"}
    quarter = run(
        users, percentage=25, minimum=0, maximum=law, population="national", persons=20000
    )
    lost = quarter.result
    assert lost["lose"]["persons"] > 0 and Decimal(lost["cost_monthly"]) < 0
    assert lost["by_income_band"]["0"]["lose"] == 0  # no earned income: no change
    assert sum(g["persons"] for g in lost["by_category"].values()) == lost["persons"]
    assert sum(g["lose"] for g in lost["by_income_band"].values()) == lost["lose"]["persons"]


def test_the_reform_page_shows_charts_and_exports_each_run(client_for, users, workers):
    client = client_for("a", "team_lead")
    job = run(users, percentage=25, minimum=0, maximum=law_monthly())
    page = client.get("/stats/reform/").content.decode()
    assert f'id="run-{job.pk}"' in page and page.count('role="img"') >= 2
    assert gettext("by earned income (euro a month)") in page
    exported = client.get(f"/stats/reform/{job.pk}/export/csv")
    assert exported.status_code == 200
    text = exported.content.decode("utf-8")
    assert gettext("by category") in text and ";-" in text  # a negative cost
    xlsx = client.get(f"/stats/reform/{job.pk}/export/xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # another OCMW's user cannot read this run
    assert client_for("b", "team_lead").get(f"/stats/reform/{job.pk}/export/csv").status_code == 404


def test_a_national_reform_is_shown_by_ocmw_with_small_cells_suppressed(client_for, users):
    """Each synthetic household has a municipality (its OCMW): the results per OCMW add up to
    the national ones; on the page and in the CSV, counts under 5 are hidden."""
    job = run(users, percentage=25, minimum=0, maximum=law_monthly(), population="national",
              persons=20000)  # fmt: skip
    result = job.result
    by_ocmw = result["by_ocmw"]
    assert len(by_ocmw) > 100  # spread over the Belgian municipalities (NIS codes)
    assert sum(g["persons"] for g in by_ocmw.values()) == result["persons"]
    assert sum(g["lose"] for g in by_ocmw.values()) == result["lose"]["persons"]
    total = sum(Decimal(g["cost_monthly"]) for g in by_ocmw.values())
    assert abs(total - Decimal(result["cost_monthly"])) < Decimal("0.05")
    client = client_for("a", "team_lead")
    page = client.get("/stats/reform/").content.decode()
    assert gettext("by OCMW") in page
    assert all(f"({code})</th>" in page for code in by_ocmw)
    text = client.get(f"/stats/reform/{job.pk}/export/csv").content.decode("utf-8")
    rows = [line.split(";") for line in text.splitlines() if "(" in line and ")" in line]
    ocmw_rows = [r for r in rows if r[0].endswith(")") and r[0][-6:-1].isdigit()]
    assert len(ocmw_rows) == len(by_ocmw)
    shown = [c for r in ocmw_rows for c in r[1:]]
    assert "< 5" in shown  # a small draw: many small cells, all hidden
    for r in ocmw_rows:
        for cell in (r[1], r[3], r[4]):
            assert cell == "< 5" or int(cell) == 0 or int(cell) >= 5
