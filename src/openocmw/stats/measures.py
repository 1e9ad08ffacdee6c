"""The measures of the statistical observatory, as pure functions (no Django).

The definitions follow the POD MI / SPP IS statistical observatory of the right to social
integration (seed 000, "Statistisch observatorium", 2013 edition, focus 3.1 "Clusters op
basis van inkomen") and the study "OCMW's en cliënten van vreemde herkomst" (seed 002,
table 2.4, source POD MI, 2010):

- beneficiaries per 1,000 inhabitants, per municipality and per income cluster: the 588
  OCMWs split into four equal groups of 147 by the median net taxable income of their
  municipality (IC1 lowest .. IC4 highest);
- growth between two years in %, with the partial-year rule: when the last year is not
  complete, it is compared with the same months of the year before (the "2012*" rows);
- employment intensity: persons in an employment measure over employment + leefloon +
  equivalent leefloon, flagged under the national 10 % threshold;
- durations: cohorts of starters (by year of start), days paid in the two years after the
  start, in bands of three months, with mean and median;
- flows in (a person paid this month who was not paid the month before) and out (paid
  this month, not the next);
- breakdowns by age, sex, category, nationality group (Belgian, EU, non-EU, derived from
  the recorded nationality) and residence status.

Every figure is rounded half up to one decimal, as the observatory prints them.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")

# EU member states (ISO 3166-1 alpha-2) since 1 February 2020 (withdrawal of the United
# Kingdom, OJ L 29 of 31.1.2020). Belgium is its own group. Greece is "GR" in ISO 3166
# (the EU's own protocol code "EL" is accepted too).
EU_MEMBERS = frozenset(
    [
        "AT",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "EL",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)

BELGIAN, EU, NON_EU = "belgian", "eu", "non_eu"
NATIONALITY_GROUPS = (BELGIAN, EU, NON_EU)

# The national threshold of employment intensity (seed 000: "nationale 10 %").
EMPLOYMENT_THRESHOLD = Decimal("10")

# Age groups of the observatory (seed 000: under 18, 18-24, 25-64, 65 and over).
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 18, "0-17"),
    (18, 25, "18-24"),
    (25, 45, "25-44"),
    (45, 65, "45-64"),
    (65, 200, "65+"),
)

# Three-month bands of the days paid within the two years after the start.
DURATION_WINDOW_DAYS = 730
BAND_MONTHS = 3
BANDS = tuple(f"{m}-{m + BAND_MONTHS}" for m in range(0, 24, BAND_MONTHS))


class NoData(ValueError):
    """A measure asked for a period (or population) with nothing in it."""


def round1(value: Decimal | float | int) -> Decimal:
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def per_thousand(count: int, population: int) -> Decimal:
    """Beneficiaries per 1,000 inhabitants (seed 000: 26,900 in 1,000,000 gives 26.9)."""
    if population <= 0:
        raise NoData("population must be positive")
    return round1(Decimal(count) * 1000 / Decimal(population))


def share(part: int, total: int) -> Decimal:
    """``part`` as a percentage of ``total``, one decimal."""
    if total <= 0:
        raise NoData("total must be positive")
    return round1(Decimal(part) * 100 / Decimal(total))


def growth(previous: int | float, current: int | float) -> Decimal:
    """Growth in %, one decimal (seed 000: 128,657 in 2003 to 129,967 in 2004 is +1.0 %)."""
    if previous <= 0:
        raise NoData("no figure for the year before")
    return round1((Decimal(str(current)) - Decimal(str(previous))) * 100 / Decimal(str(previous)))


def partial_year_growth(monthly: Mapping[tuple[int, int], int], year: int) -> Decimal:
    """Growth of ``year`` over the year before from monthly counts ``{(year, month): n}``,
    on the months of ``year`` that have data only (the partial-year rule: a year of which
    only January-June is known is compared with January-June of the year before)."""
    months = sorted(m for (y, m) in monthly if y == year)
    if not months:
        raise NoData(f"no data for {year}")
    missing = [m for m in months if (year - 1, m) not in monthly]
    if missing:
        raise NoData(f"no data for {year - 1}, month(s) {missing}")
    current = sum(monthly[(year, m)] for m in months)
    previous = sum(monthly[(year - 1, m)] for m in months)
    return growth(previous, current)


@dataclass(frozen=True)
class Intensity:
    percent: Decimal
    below_threshold: bool


def employment_intensity(employed: int, leefloon: int, equivalent: int = 0) -> Intensity:
    """Persons in an employment measure over employed + leefloon + equivalent leefloon, in %,
    flagged when under the national 10 % (seed 000: 90 of 1,000 is 9.0 %, flagged)."""
    denominator = employed + leefloon + equivalent
    percent = share(employed, denominator)
    return Intensity(percent, percent < EMPLOYMENT_THRESHOLD)


def income_clusters(medians: Mapping[str, float | Decimal], groups: int = 4) -> dict[str, int]:
    """Municipality -> cluster 1..groups, in equal groups by median income, lowest first
    (seed 000: the 588 OCMWs in four groups of 147). With a remainder, the first clusters
    get one more. Ties are broken by the municipality code so the split is stable."""
    if not medians:
        raise NoData("no municipalities")
    ordered = sorted(medians, key=lambda code: (medians[code], code))
    size, extra = divmod(len(ordered), groups)
    out: dict[str, int] = {}
    start = 0
    for cluster in range(1, groups + 1):
        end = start + size + (1 if cluster <= extra else 0)
        for code in ordered[start:end]:
            out[code] = cluster
        start = end
    return out


def rate_by_cluster(
    beneficiaries: Mapping[str, int],
    population: Mapping[str, int],
    clusters: Mapping[str, int],
) -> dict[int, Decimal]:
    """Beneficiaries per 1,000 inhabitants of each cluster (sums over its municipalities)."""
    counts: Counter[int] = Counter()
    people: Counter[int] = Counter()
    for code, cluster in clusters.items():
        counts[cluster] += beneficiaries.get(code, 0)
        people[cluster] += population.get(code, 0)
    return {c: per_thousand(counts[c], people[c]) for c in sorted(clusters.values()) if people[c]}


def nationality_group(code: str | None) -> str:
    """Belgian, EU or non-EU from an ISO 3166 nationality code (unknown counts as non-EU
    only if a code is recorded; an empty code is an error: a beneficiary has one)."""
    code = (code or "").strip().upper()
    if not code:
        raise ValueError("no nationality recorded")
    if code == "BE":
        return BELGIAN
    return EU if code in EU_MEMBERS else NON_EU


def age_band(birth: date, on: date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for lo, hi, label in AGE_BANDS:
        if lo <= age < hi:
            return label
    return AGE_BANDS[-1][2]


def breakdown(values: Iterable[str], order: Sequence[str] = ()) -> dict[str, int]:
    """Counts per value, in ``order`` first (with zeros), then any other value."""
    counts = Counter(values)
    out = {key: counts.get(key, 0) for key in order}
    for key in sorted(k for k in counts if k not in out):
        out[key] = counts[key]
    return out


# --- table 2.4 of seed 002 ----------------------------------------------------------------


def size_category(total: int) -> str:
    """The "Categorie totaal" of table 2.4 (number of leefloon files)."""
    if total > 7000:
        return ">7 000"
    if total >= 2000:
        return "2 000 tot 7 000"
    if total >= 1000:
        return "1 000 tot 2 000"
    return "<1 000"


def share_category(percent: Decimal) -> str:
    """The "Categorie (in %)" of table 2.4 (share of non-Belgians)."""
    for lo, hi in ((0, 10), (10, 25), (25, 50), (50, 100)):
        if lo <= percent and (percent < hi or hi == 100):
            return f"{lo} tot {hi}"
    return "0 tot 10"


@dataclass(frozen=True)
class NationalityRow:
    total: int
    belgian: Decimal
    non_eu: Decimal
    eu: Decimal
    non_belgian: Decimal
    size_category: str
    share_category: str


def nationality_row(nationalities: Iterable[str]) -> NationalityRow:
    """One row of table 2.4 from the nationality codes of an OCMW's beneficiaries."""
    counts = Counter(nationality_group(n) for n in nationalities)
    total = sum(counts.values())
    if not total:
        raise NoData("no beneficiaries")
    non_belgian = counts[EU] + counts[NON_EU]
    nb = share(non_belgian, total)
    return NationalityRow(
        total=total,
        belgian=share(counts[BELGIAN], total),
        non_eu=share(counts[NON_EU], total),
        eu=share(counts[EU], total),
        non_belgian=nb,
        size_category=size_category(total),
        share_category=share_category(nb),
    )


# --- durations and flows --------------------------------------------------------------------

Period = tuple[date, date]  # a paid period, both days included


def _merge(periods: Iterable[Period]) -> list[Period]:
    merged: list[list[date]] = []
    for start, end in sorted(periods):
        if end < start:
            raise ValueError(f"period ends before it starts: {start} .. {end}")
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def days_paid_after_start(periods: Iterable[Period], window: int = DURATION_WINDOW_DAYS) -> int:
    """Days paid from the first day paid through ``window`` days (730: two years)."""
    merged = _merge(periods)
    if not merged:
        return 0
    first = merged[0][0]
    last = first + timedelta(days=window - 1)
    return sum((min(e, last) - s).days + 1 for s, e in merged if s <= last)


def duration_band(days: int) -> str:
    """The three-month band of a number of days paid (a month is 365.25 / 12 days)."""
    months = Decimal(days) * 12 / Decimal("365.25")
    index = min(int(months // BAND_MONTHS), len(BANDS) - 1)
    return BANDS[index]


@dataclass(frozen=True)
class Cohort:
    year: int
    starters: int
    bands: dict[str, int]
    mean_days: Decimal
    median_days: Decimal


def cohorts(paid: Mapping[object, Iterable[Period]]) -> dict[int, Cohort]:
    """Starters by year of their first day paid; the days paid in the two years after it,
    in three-month bands, with mean and median (persons -> paid periods)."""
    by_year: dict[int, list[int]] = {}
    for periods in paid.values():
        merged = _merge(periods)
        if not merged:
            continue
        by_year.setdefault(merged[0][0].year, []).append(days_paid_after_start(merged))
    out = {}
    for year, days in sorted(by_year.items()):
        bands = breakdown((duration_band(d) for d in days), BANDS)
        out[year] = Cohort(
            year=year,
            starters=len(days),
            bands=bands,
            mean_days=round1(statistics.fmean(days)),
            median_days=round1(statistics.median(days)),
        )
    return out


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def months_paid(periods: Iterable[Period]) -> set[date]:
    """The first days of the months in which at least one day was paid."""
    out: set[date] = set()
    for start, end in _merge(periods):
        month = _month_start(start)
        while month <= end:
            out.add(month)
            month = _next_month(month)
    return out


@dataclass(frozen=True)
class Flows:
    month: date
    paid: int
    inflow: int
    outflow: int


def flows(paid: Mapping[object, Iterable[Period]], first: date, last: date) -> list[Flows]:
    """For each month of [first, last]: persons paid, in (paid, not the month before), out
    (paid, not the month after)."""
    month_sets = {person: months_paid(periods) for person, periods in paid.items()}
    out = []
    month = _month_start(first)
    while month <= last:
        prev = _month_start(month - timedelta(days=1))
        nxt = _next_month(month)
        paid_now = [m for m in month_sets.values() if month in m]
        out.append(
            Flows(
                month=month,
                paid=len(paid_now),
                inflow=sum(1 for m in paid_now if prev not in m),
                outflow=sum(1 for m in paid_now if nxt not in m),
            )
        )
        month = nxt
    return out
