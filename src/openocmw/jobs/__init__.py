"""Background jobs: long work (demo load, screening, cross-checks, payment runs, reports) runs
in worker processes of a django-q2 cluster, recorded as :class:`~openocmw.jobs.models.Job` rows
with their progress, and survives a killed worker (see ``services`` and ``runner``)."""
