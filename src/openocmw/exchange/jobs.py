"""Job kinds of the exchange app: the message cycle, the file drop, the nightly cross-checks."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openocmw.jobs.kinds import kind

from .models import FlowRecord


@kind("exchange.cycle", label=_("Exchange of social reports"), every=timedelta(minutes=1))
def exchange_cycle(ctx, **arguments) -> dict:
    """Answer the social report requests received and deliver what waits (idempotent: each
    message changes state once; a message delivered twice is refused as a replay)."""
    from .services import socialreport

    return socialreport.cycle()


@kind("exchange.drop", label=_("Reported changes and monthly flows"), every=timedelta(minutes=5))
def exchange_drop(ctx, **arguments) -> dict:
    """Process the files of the drop folder, one step each (a retry goes on with the rest)."""
    from .services import mutations

    files = mutations.drop_files()
    results = []
    for n, file in enumerate(files, start=1):
        results.append(mutations.process_file(file))
        ctx.progress(n, len(files))
    return {"files": results}


@kind(
    "exchange.crosschecks", label=_("Cross-checks with the federal flows"), max_attempts=3,
    every=timedelta(days=1),
)  # fmt: skip
def exchange_crosschecks(ctx, *, month: str | None = None, ocmw_ids=None) -> dict:
    """Every decision in force against the flows of ``month`` (default: each month of the last
    three that has flows). Rerunning adds no warning (unique fingerprints)."""
    from .services import crosschecks, handoff

    if month:
        months = [date.fromisoformat(month[:7] + "-01")]
    else:
        since = (timezone.localdate().replace(day=1) - timedelta(days=62)).replace(day=1)
        months = sorted(
            set(FlowRecord.objects.filter(month__gte=since).values_list("month", flat=True))
        )
    if ctx.job.ocmw_id is not None:
        ocmw_ids = [ctx.job.ocmw_id]
    out = []
    for m in months:
        out.append(crosschecks.run(m, ocmw_ids, progress=ctx.progress))
    # The recovery proposals finance refused before (nothing paid yet for the period).
    return {"months": out, "handed_off": handoff.hand_off_pending(ocmw_ids)}
