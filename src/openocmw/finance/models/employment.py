"""Employment under art. 60 §7 of the organic law of 8 July 1976 on the OCMWs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.registry.models import Person


class Art60Outcome(models.TextChoices):
    REGULAR_JOB = "regular_job", _("a regular job")
    BENEFIT = "benefit", _("a social security benefit")
    LEEFLOON = "leefloon", _("back to the leefloon")
    OTHER = "other", _("other")


class Art60Contract(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="art60_contracts")
    employer = models.CharField(_("employer"), max_length=200)
    user_organisation = models.CharField(_("user organisation"), max_length=200, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    gross_monthly_wage = models.DecimalField(
        _("gross monthly wage"), max_digits=9, decimal_places=2
    )
    job_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("job coach"),
    )  # fmt: skip
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Art60Outcome.choices, blank=True
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("art. 60 §7 contract")
        verbose_name_plural = _("art. 60 §7 contracts")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="art60_period")
        ]
        indexes = [models.Index(fields=["ocmw", "person", "start"])]


class SpiUse(models.Model):
    """A month in which an OCMW applied the socio-professional exemption (RD of 11 July 2002,
    art. 35) to a person: the days of actual use. The exemption's clock runs per person, not
    per OCMW: another OCMW the person moves to reads the first day and the days used (only
    these) through ``services.employment.spi_clock``."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="spi_uses")
    month = models.DateField(_("month"))
    days_used = models.PositiveSmallIntegerField(_("days of use"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("use of the socio-professional exemption")
        verbose_name_plural = _("uses of the socio-professional exemption")
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="spi_use_once_per_month")
        ]
