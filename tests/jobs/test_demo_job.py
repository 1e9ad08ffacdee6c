"""The demo load as a job: idempotent (run again, it tops up to --persons), and a load killed
halfway is completed by the next `openocmw demo` or `openocmw run`, with the same data as
one clean load."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from openocmw.accounts.models import Ocmw, User
from openocmw.casework.models import AidRequest
from openocmw.jobs.models import Job
from openocmw.registry import demo, services
from openocmw.registry.models import Household, Person
from tests.conftest import person_data

from .conftest import Crash


def expected_people(persons: int, seed: int = 2026) -> dict[str, list[tuple]]:
    """What one clean load of ``persons`` creates, per OCMW, from the generator alone."""
    out = {}
    for spec in demo.OCMWS:
        gen = demo.Generator(seed, Ocmw(nis_code=spec["nis_code"]), spec, User(username="x"))
        rows, target = [], demo.targets(persons)[spec["key"]]
        for household in gen.households(target):
            demo._statuses(household, gen.rng)  # the same draws as the load
            rows += [(s.person.insz, s.person.first_name, s.person.last_name) for s in household]
            if len(rows) >= target:
                break
        out[spec["nis_code"]] = rows
    return out


def stored_people() -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for nis, *row in Person.objects.order_by("ocmw__nis_code", "pk").values_list(
        "ocmw__nis_code", "insz", "first_name", "last_name"
    ):
        out.setdefault(nis, []).append(tuple(row))
    return out


def _demo(**options) -> str:
    out = io.StringIO()
    call_command("demo", inline=True, stdout=out, **options)
    return out.getvalue()


def test_demo_again_tops_up_to_the_number_instead_of_adding_it_again(db):
    _demo(persons=300, requests_per_100_persons=0)
    first = Person.objects.count()
    output = _demo(persons=300, requests_per_100_persons=0)  # before: 600 and more
    assert Person.objects.count() == first and 300 <= first < 310
    assert f"demo data: {first} persons" in output and "] 100%" in output
    _demo(persons=500, requests_per_100_persons=0)
    assert stored_people() == expected_people(500)  # as if loaded at once


def test_the_demo_ocmws_and_logins_stay_the_same(db):
    _demo(persons=100, requests_per_100_persons=0)
    _demo(persons=100, requests_per_100_persons=0)
    assert sorted(Ocmw.objects.values_list("name_nl", flat=True)) == [
        "OCMW Leuven", "OCMW Namen", "OCMW Sint-Gillis",
    ]  # fmt: skip
    names = set(User.objects.values_list("username", flat=True))
    assert {"leuven.maatschappelijk.werker", "namur.assistant.social", "leuven.teamleider",
            "leuven.bcsd", "leuven.veiligheidsconsulent", "inspecteur.pod-mi"} <= names  # fmt: skip
    assert len(names) == 19


def _killed_load(persons: int) -> None:
    def progress(key, n, target):
        if key == "namur" and n > 0:  # Leuven done, Namur halfway: the worker dies
            raise Crash

    with pytest.raises(Crash):
        demo.load(persons=persons, batch=60, progress=progress)


def test_a_load_killed_halfway_is_completed_by_the_next_demo(db):
    _killed_load(400)
    partial = Person.objects.count()
    assert 180 < partial < 400
    _demo(persons=400, requests_per_100_persons=0)
    assert stored_people() == expected_people(400)
    assert (
        Household.objects.filter(ocmw__nis_code="92094").count()
        == Household.objects.filter(
            ocmw__nis_code="92094", reference_person__ocmw__nis_code="92094"
        ).count()
    )


def test_openocmw_run_completes_a_partial_load_instead_of_skipping_it(db):
    _killed_load(300)
    out = io.StringIO()
    call_command("run", no_serve=True, no_worker=True, persons=300, stdout=out)
    assert stored_people() == expected_people(300)
    assert AidRequest.objects.count() >= round(Person.objects.count() * 0.4) - 3
    assert "leuven.maatschappelijk.werker" in out.getvalue()
    job = Job.objects.get()
    assert job.kind == "demo.load" and job.status == "succeeded"
    assert job.result["persons"] == Person.objects.count()
    # Complete now: `run` again queues no job.
    call_command("run", no_serve=True, no_worker=True, persons=300, stdout=io.StringIO())
    assert Job.objects.count() == 1


def test_persons_that_are_not_demo_data_are_left_alone(db, ocmw_a, actor_a):
    services.create_person(actor_a, person_data(), status="belgian", status_from=date(1985, 7, 30))
    _demo(persons=100, requests_per_100_persons=0)
    assert Person.objects.filter(ocmw=ocmw_a).count() == 1  # Leuven's own person only
    assert Person.objects.count() > 1  # the other demo OCMWs were loaded
