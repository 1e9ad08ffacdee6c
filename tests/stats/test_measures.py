"""The observatory's measures with the seeds' own numbers.

Seed 000 = POD MI "Statistisch observatorium" (2013 edition), focus 3.1 "Clusters op basis van
inkomen" and the table "Rechthebbenden op OCMW-steun per inkomencluster per 1.000 inwoners";
seed 002 = study "OCMW's en cliënten van vreemde herkomst" (2012), table 2.4 (source POD MI,
2010).
"""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from openocmw.stats import measures as m

from .table24 import counts_for, published


def test_588_municipalities_make_four_clusters_of_147():
    # Seed 000, 3.1: "in vier gelijke groepen van 147" by median net taxable income 2005.
    medians = {f"{10000 + i:05d}": 9919 + (i * 7919) / 587 for i in range(588)}
    clusters = m.income_clusters(medians)
    assert Counter(clusters.values()) == {1: 147, 2: 147, 3: 147, 4: 147}
    poorest = min(medians, key=medians.get)
    richest = max(medians, key=medians.get)
    assert clusters[poorest] == 1 and clusters[richest] == 4
    # every municipality of cluster 1 has a lower median than every one of cluster 2
    assert max(medians[c] for c in clusters if clusters[c] == 1) < min(
        medians[c] for c in clusters if clusters[c] == 2
    )


def test_clusters_with_a_remainder_and_no_data():
    clusters = m.income_clusters({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5})
    assert Counter(clusters.values()) == {1: 2, 2: 1, 3: 1, 4: 1}
    with pytest.raises(m.NoData):
        m.income_clusters({})


def test_26900_beneficiaries_in_a_million_inhabitants_is_26_9_per_thousand():
    assert m.per_thousand(26_900, 1_000_000) == Decimal("26.9")
    with pytest.raises(m.NoData):
        m.per_thousand(5, 0)


def test_rate_by_cluster_sums_counts_and_population_of_its_municipalities():
    clusters = {"a": 1, "b": 1, "c": 2}
    rates = m.rate_by_cluster(
        {"a": 200, "b": 100, "c": 78}, {"a": 10_000, "b": 5_000, "c": 10_000}, clusters
    )
    assert rates == {1: Decimal("20.0"), 2: Decimal("7.8")}


def test_growth_128657_to_129967_is_plus_one_percent():
    # Seed 000: "2003 128.657 -", "2004 129.967 1,0%"; and 2004 -> 2005 129.942 is 0.0 %,
    # 2006 -> 2007 129.464 -> 126.652 is -2.2 %, 2008 -> 2009 123.724 -> 133.099 is 7.6 %.
    assert m.growth(128_657, 129_967) == Decimal("1.0")
    assert m.growth(129_967, 129_942) == Decimal("0.0")
    assert m.growth(129_464, 126_652) == Decimal("-2.2")
    assert m.growth(123_724, 133_099) == Decimal("7.6")


def test_partial_year_compares_the_same_months_of_the_year_before():
    monthly = {(2011, month): 100 for month in range(1, 13)}
    monthly.update({(2011, 12): 1000})  # a December peak that the partial year must ignore
    monthly.update({(2012, month): 110 for month in range(1, 7)})  # only Jan-Jun known
    assert m.partial_year_growth(monthly, 2012) == Decimal("10.0")
    with pytest.raises(m.NoData, match="2013"):
        m.partial_year_growth(monthly, 2013)
    with pytest.raises(m.NoData, match="2010"):
        m.partial_year_growth(monthly, 2011)


def test_employment_intensity_90_of_1000_is_9_percent_flagged():
    intensity = m.employment_intensity(90, 800, 110)
    assert intensity.percent == Decimal("9.0") and intensity.below_threshold
    at_threshold = m.employment_intensity(100, 900)
    assert at_threshold.percent == Decimal("10.0") and not at_threshold.below_threshold


def test_nationality_groups_from_the_recorded_nationality():
    assert m.nationality_group("BE") == m.BELGIAN
    assert m.nationality_group("nl") == m.EU
    assert m.nationality_group("RO") == m.EU
    assert m.nationality_group("GB") == m.NON_EU  # the United Kingdom left on 1 February 2020
    assert m.nationality_group("MA") == m.NON_EU
    with pytest.raises(ValueError):
        m.nationality_group("")


def test_table_2_4_of_seed_002_reproduced_from_microdata():
    rows = published()
    assert len(rows) == 30 and sum(int(r["total"]) for r in rows) == 94_765
    non_eu = ["MA", "TR", "CD", "RU", "DZ"]
    eu = ["FR", "NL", "IT", "RO", "PL", "ES"]
    for row in rows:
        be, ne, e = counts_for(row)
        microdata = ["BE"] * be + [non_eu[i % 5] for i in range(ne)] + [eu[i % 6] for i in range(e)]
        got = m.nationality_row(microdata)
        assert got.total == int(row["total"]), row["ocmw"]
        assert (got.belgian, got.non_eu, got.eu, got.non_belgian) == tuple(
            Decimal(row[k]) for k in ("belgian", "non_eu", "eu", "non_belgian")
        ), row["ocmw"]
        assert got.size_category == row["size_category"], row["ocmw"]
        assert got.share_category == row["share_category"], row["ocmw"]


def test_age_bands_and_breakdown():
    assert m.age_band(date(2000, 6, 2), date(2018, 6, 1)) == "0-17"
    assert m.age_band(date(2000, 6, 1), date(2018, 6, 1)) == "18-24"
    assert m.age_band(date(1950, 1, 1), date(2018, 6, 1)) == "65+"
    assert m.breakdown(["F", "M", "F"], ["M", "F", "X"]) == {"M": 1, "F": 2, "X": 0}


def test_durations_of_a_cohort_in_three_month_bands():
    start = date(2020, 1, 1)
    paid = {
        "short": [(start, start + timedelta(days=59))],  # 60 days: band 0-3
        "gap": [(start, date(2020, 3, 31)), (date(2020, 7, 1), date(2020, 9, 30))],  # 91 + 92
        "long": [(start, date(2025, 12, 31))],  # capped at 730 days: last band 21-24
        "next": [(date(2021, 5, 1), date(2021, 5, 31))],  # another cohort
    }
    cohorts = m.cohorts(paid)
    c2020 = cohorts[2020]
    assert c2020.starters == 3
    assert c2020.bands["0-3"] == 1 and c2020.bands["6-9"] == 1 and c2020.bands["21-24"] == 1
    assert c2020.median_days == Decimal("183.0")
    assert c2020.mean_days == m.round1((60 + 183 + 730) / 3)
    assert cohorts[2021].starters == 1 and cohorts[2021].bands["0-3"] == 1


def test_flows_in_and_out_per_month():
    paid = {
        "a": [(date(2024, 1, 1), date(2024, 3, 31))],
        "b": [(date(2024, 2, 10), date(2024, 2, 20))],
        "c": [(date(2023, 12, 1), date(2024, 1, 15))],
    }
    got = {
        f.month.month: (f.paid, f.inflow, f.outflow)
        for f in m.flows(paid, date(2024, 1, 1), date(2024, 3, 31))
    }
    assert got == {1: (2, 1, 1), 2: (2, 1, 1), 3: (1, 0, 1)}
