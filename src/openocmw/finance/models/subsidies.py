"""Subsidies an OCMW justifies: PSA (participation and social activation, seed 001) and the
special subsidy for GPMI guidance from the staff time recorded in the GPMI app (seed 004)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw


class PsaPart(models.TextChoices):
    PARTICIPATION = "participation", _("participation and social activation")
    CHILD_POVERTY = "child_poverty", _("fight against child poverty")


class PsaGrant(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    part = models.CharField(_("part"), max_length=16, choices=PsaPart.choices)
    granted = models.DecimalField(_("amount granted"), max_digits=11, decimal_places=2)
    # The indicators are counts only: no list of names (seed 001, l. 107-117).
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    beneficiaries_integration = models.PositiveIntegerField(
        _("of whom entitled to social integration"), default=0
    )
    beneficiaries_trajectory = models.PositiveIntegerField(
        _("of whom guided on a trajectory"), default=0
    )

    class Meta:
        verbose_name = _("PSA grant")
        verbose_name_plural = _("PSA grants")
        constraints = [
            models.UniqueConstraint(fields=["ocmw", "year", "part"], name="psa_grant_once")
        ]


class CostKind(models.TextChoices):
    OPERATING = "operating", _("operating cost")
    PERSONNEL = "personnel", _("personnel cost")
    INVESTMENT = "investment", _("investment (e.g. renovating premises)")


class PsaCost(models.Model):
    grant = models.ForeignKey(PsaGrant, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField(_("kind of cost"), max_length=12, choices=CostKind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    eligible = models.BooleanField(editable=False)
    refusal = models.CharField(max_length=200, blank=True, editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("PSA cost")
        verbose_name_plural = _("PSA costs")


class SupportingDocument(models.TextChoices):
    JOB_DESCRIPTION = "job_description", _("job description")
    ORGANOGRAM = "organogram", _("nominative organisation chart")
    COUNCIL_DECISION = "council_decision", _("council decision")


class GpmiSubsidyLine(models.Model):
    """One staff member's time on GPMIs charged to the special subsidy, with its document."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    staff_time = models.ForeignKey("gpmi.StaffTime", on_delete=models.PROTECT, related_name="+")
    yearly_cost = models.DecimalField(_("yearly staff cost"), max_digits=11, decimal_places=2)
    share = models.DecimalField(max_digits=5, decimal_places=1)
    charged = models.DecimalField(max_digits=11, decimal_places=2)
    document_kind = models.CharField(
        _("supporting document"), max_length=20, choices=SupportingDocument.choices
    )
    document = models.BinaryField(editable=False)
    document_name = models.CharField(max_length=200)
    document_type = models.CharField(max_length=50)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("GPMI subsidy line")
        verbose_name_plural = _("GPMI subsidy lines")
        constraints = [
            models.UniqueConstraint(fields=["staff_time"], name="gpmi_subsidy_line_once")
        ]
