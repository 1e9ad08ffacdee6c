"""Two payment runs started at the same moment never pay a month twice (PostgreSQL)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from openocmw.finance.fixtures import make_decision
from openocmw.finance.models import Payment, PaymentRun
from openocmw.finance.services import runs

pytestmark = pytest.mark.django_db(transaction=True)


def _together(n, fn):
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def work(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.fixture
def many(jan, make_person):
    make_decision(jan, start=date(2026, 3, 1))
    for _ in range(5):
        make_decision(make_person(), start=date(2026, 3, 1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_runs_of_the_same_month_started_at_once(actor_a, lead_a, many):
    actors = [actor_a, lead_a]
    results = _together(2, lambda i: runs.start_run(actors[i], date(2026, 3, 1)))
    ok = [r for r in results if isinstance(r, PaymentRun)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(ok) == 1 and len(refused) == 1, results
    assert "month" in refused[0].message_dict
    assert PaymentRun.objects.count() == 1
    assert Payment.objects.count() == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_workers_computing_the_same_run(actor_a, many, settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": False}
    run = runs.start_run(actor_a, date(2026, 3, 1))
    results = _together(2, lambda i: runs.compute(run.pk))
    assert sorted(bool(r.get("skipped")) for r in results) == [False, True], results
    assert Payment.objects.filter(run=run).count() == 6
