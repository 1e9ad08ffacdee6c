"""Precomputed counts of the observatory (issue 15: every page over a million decisions in
under a second): one row per OCMW and period (a year, up to a month), holding only additive
counts, never a person. The pages add up the rows of their scope and then apply the
small-cell suppression on those small tables (``stats.aggregates``)."""

from __future__ import annotations

from django.db import models

from openocmw.accounts.models import Ocmw


class ObservatoryAggregate(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    until_month = models.PositiveSmallIntegerField()
    data = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ocmw", "year", "until_month"], name="stats_aggregate_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ocmw_id} {self.year}/{self.until_month:02d}"
