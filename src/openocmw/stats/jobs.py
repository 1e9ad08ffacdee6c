"""Job kinds of the observatory: the reform simulator (see ``stats.reform``) and the nightly
refresh of the observatory's stored counts (see ``stats.aggregates``)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext_lazy

from openocmw.accounts import audit
from openocmw.jobs.kinds import kind


@kind("stats.reform", label=gettext_lazy("Reform simulation"), permission="stats.aggregate")
def reform_simulation(
    ctx, *, percentage, minimum, maximum, daily=False, artists_removed=False, on: str = "",
    population: str = "ocmw", persons: int = 0,
) -> dict:  # fmt: skip
    from . import reform

    params = reform.parameters(percentage, minimum, maximum, daily, artists_removed)
    day = date.fromisoformat(on) if on else date.today()
    if population == "national":  # synthetic: no personal data is read
        from .national import NATIONAL_PERSONS, compare_national

        result = compare_national(
            params, day, persons=int(persons or NATIONAL_PERSONS),
            progress=lambda i, n: ctx.progress(i, n),
        )  # fmt: skip
        result["on"] = day.isoformat()
        result["reform"] = params.key
        return result
    population = reform.situations(ctx.job.ocmw_id, day)
    ctx.progress(0, len(population))
    audit.record(
        None, "view", object_type="observatory", ocmw=ctx.job.ocmw, username="job",
        purpose="observatory", detail={"reform": params.key, "on": day.isoformat(),
                                       "decisions": len(population)},
    )  # fmt: skip
    result = reform.compare(population, params, day, progress=lambda i, n: ctx.progress(i, n))
    result["on"] = day.isoformat()
    result["reform"] = params.key
    result["population"] = {"source": "ocmw"}
    return result


@kind(
    "stats.observatory_refresh", label=gettext_lazy("Observatory counts refresh"),
    permission="stats.aggregate", every=timedelta(days=1),
)  # fmt: skip
def observatory_refresh(ctx, *, years: int = 3, **arguments) -> dict:
    """Every OCMW's counts of the last ``years`` years (the current one up to last month)."""
    from django.utils import timezone

    from .aggregates import refresh

    this = timezone.localdate().year
    rows = refresh(list(range(this - int(years), this + 1)), progress=ctx.progress)
    return {"rows": rows}
