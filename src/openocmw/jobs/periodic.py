"""Periodic jobs of the platform itself (imported by the jobs app at start).

Kinds registered here with ``every=`` are scheduled by ``openocmw worker`` (see
``schedules``). The audit's signed checkpoints (issue 9 §1) belong here once
``openocmw.accounts.audit.write_checkpoints`` exists::

    @kind("audit.checkpoints", label=_("Audit checkpoints"), every=timedelta(hours=1))
    def audit_checkpoints(ctx):
        return audit.write_checkpoints()

An app's own periodic jobs (a nightly cross-check) go in that app's ``jobs`` module.
"""
