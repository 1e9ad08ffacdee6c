"""The stored counts of the observatory (``stats.aggregates``) give the same tables as the
computation straight from the decisions (the code before them, kept in ``direct_observatory``),
small cells and their secondary suppression included; they follow a change of a decision."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from openocmw.accounts.models import Ocmw
from openocmw.stats import aggregates
from openocmw.stats.models import ObservatoryAggregate
from openocmw.stats.observatory import compute

from . import direct_observatory
from .conftest import beneficiary, decide

pytestmark = pytest.mark.django_db

NATIONALITIES = ["BE"] * 6 + ["NL", "FR", "MA", "SY"]
STATUSES = ["belgian"] * 6 + ["eu_citizen", "population_register", "recognised_refugee"]


@pytest.fixture
def generated(ocmw_a, ocmw_b):
    """Three OCMWs of very different sizes (the smallest with counts under 5), starts from
    2022 to 2025, half of them stopped or changed later."""
    small = Ocmw.objects.create(name_nl="OCMW Klein", name_fr="CPAS Petit", nis_code="11001",
                                region="flanders")  # fmt: skip
    rng = random.Random(15)
    for ocmw, n in ((ocmw_a, 70), (ocmw_b, 25), (small, 4)):
        for _i in range(n):
            start = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 365 * 4))
            person = beneficiary(
                ocmw, start=start, sex=rng.choice("MF"), nationality=rng.choice(NATIONALITIES),
                category=rng.choice((1, 2, 2, 3)), status=rng.choice(STATUSES),
                birth=date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 60)),
                aid="equivalent_leefloon" if rng.random() < 0.15 else "leefloon",
            )  # fmt: skip
            later = start + timedelta(days=rng.randrange(20, 600))
            what = rng.random()
            if what < 0.35:
                decide(person, start=later, kind="stop")
            elif what < 0.6:
                decide(person, start=later, kind="modify", category=rng.choice((1, 2, 3)))
    return [ocmw_a, ocmw_b, small]


def _tables(result):
    return [(t.key, [str(h) for h in t.headers], t.rows) for t in result.tables]


@pytest.mark.parametrize("year,until_month", [(2023, 12), (2024, 12), (2025, 6)])
def test_stored_counts_give_the_tables_of_the_direct_computation(generated, year, until_month):
    everyone = sorted(generated, key=lambda o: o.name_nl)
    suppressed = 0
    for ocmws in (everyone, everyone[:1], everyone[2:]):
        for protect in (True, False):
            kwargs = {"protect": protect}
            direct = direct_observatory.compute(ocmws, year, until_month, **kwargs)
            stored = compute(ocmws, year, until_month, **kwargs)
            assert _tables(stored) == _tables(direct)
            suppressed += sum(str(c) == "< 5" for _k, _h, rows in _tables(stored)
                              for row in rows for c in row)  # fmt: skip
    for by, within in (("sex", "nationality"), ("category", "age"), ("aid", "residence")):
        try:
            direct = direct_observatory.compute(everyone, year, until_month, protect=False,
                                                by=by, within=within)  # fmt: skip
        except Exception as exc:  # the same refusal on both paths
            with pytest.raises(type(exc)):
                compute(everyone, year, until_month, protect=False, by=by, within=within)
            continue
        stored = compute(everyone, year, until_month, protect=False, by=by, within=within)
        assert _tables(stored) == _tables(direct)
    assert suppressed > 0  # the data set does exercise the suppression
    assert ObservatoryAggregate.objects.filter(year=year, until_month=until_month).count() == 3


def test_a_new_decision_recomputes_the_counts_of_its_ocmw(generated):
    ocmw_a = generated[0]
    compute(generated, 2024, protect=False)
    assert ObservatoryAggregate.objects.filter(ocmw=ocmw_a).exists()
    beneficiary(ocmw_a, start=date(2024, 3, 1))
    assert not ObservatoryAggregate.objects.filter(ocmw=ocmw_a).exists()
    assert ObservatoryAggregate.objects.filter(ocmw=generated[1]).exists()
    stored = compute(generated, 2024, protect=False)
    assert _tables(stored) == _tables(direct_observatory.compute(generated, 2024, protect=False))


def test_the_refresh_job_stores_every_ocmw_and_the_page_says_as_of_when(generated):
    from openocmw.accounts.models import AuditEntry

    written = aggregates.refresh([2024, 2025])
    assert written == 3 * 2
    # the job read each OCMW's decisions: one entry in each OCMW's chain
    read = AuditEntry.objects.filter(object_type="observatory", username="job")
    assert sorted(read.values_list("ocmw_id", flat=True)) == sorted(o.pk for o in generated)
    result = compute(generated, 2024, protect=True)
    assert result.as_of is not None


def test_a_cancelled_residence_status_recomputes_the_counts_of_its_ocmw(generated, actor_a):
    """Cancelling a status changes a person's residence breakdown: the stored counts of that
    OCMW go, those of the others stay, and the page's table equals the direct computation."""
    from openocmw.registry import services as registry
    from openocmw.registry.models import ResidenceStatus

    ocmw_a = generated[0]
    person = beneficiary(ocmw_a, start=date(2024, 2, 1), status="belgian")
    later = registry.add_residence_status(
        actor_a, person, status="recognised_refugee", valid_from=date(2023, 1, 1)
    )
    compute(generated, 2024, protect=False)
    assert ObservatoryAggregate.objects.filter(ocmw=ocmw_a).exists()
    registry.cancel_residence_status(actor_a, later, "recorded for the wrong person")
    assert ResidenceStatus.objects.get(pk=later.pk).cancelled_at is not None
    assert not ObservatoryAggregate.objects.filter(ocmw=ocmw_a).exists()
    assert ObservatoryAggregate.objects.filter(ocmw=generated[1]).exists()
    stored = compute(generated, 2024, protect=False)
    assert _tables(stored) == _tables(direct_observatory.compute(generated, 2024, protect=False))
