"""Job kinds of finance: the monthly payment run."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.jobs.kinds import kind

from .models import PaymentRun, RunState
from .services import runs


@kind("finance.payment_run", label=gettext_lazy("Monthly payment run"), personal_data=True,
      permission="finance.view", max_attempts=3)  # fmt: skip
def payment_run(ctx, *, run_id: int) -> dict:
    """Compute the lines of a payment run. Idempotent: one transaction, and a run already
    computed is not computed again (a retry after kill -9 starts from nothing)."""

    def progress(done: int, total: int) -> None:
        ctx.progress(done, total, _("%(n)s of %(total)s decisions") % {"n": done, "total": total})

    try:
        return runs.compute(run_id, progress)
    except Exception as exc:
        PaymentRun.objects.filter(pk=run_id, state=RunState.COMPUTING).update(
            state=RunState.FAILED, error=str(exc)[:2000]
        )
        raise


@kind("finance.sepa_file", label=gettext_lazy("SEPA transfer file"), personal_data=True,
      permission="finance.view", max_attempts=3)  # fmt: skip
def sepa_file(ctx, *, run_id: int) -> dict:
    """Write and validate the SEPA file of an approved run (idempotent: one transaction)."""
    return runs.write_file(run_id)
