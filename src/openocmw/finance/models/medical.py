"""Medical aid decisions as MediPrima keeps them: versioned, with a period and conditions.

A care provider (hospital) asks, with an INSZ and a date of care, which version is in force and
what it covers; an invoice line is split between the State, the OCMW and the patient.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.registry.models import Person


class MedicalBasis(models.TextChoices):
    URGENT = "urgent", _("urgent medical aid (RD of 12 December 1996)")
    LAW65 = "law65", _("medical costs, law of 2 April 1965")
    OCMW = "ocmw", _("medical costs borne by the OCMW alone")


class Coverage(models.TextChoices):
    HOSPITAL = "hospital", _("hospital stay")
    AMBULATORY = "ambulatory", _("ambulatory care")
    PHARMACY = "pharmacy", _("medicines")
    ALL = "all", _("all care")


class MedicalDecision(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="medical_decisions")
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    version = models.PositiveIntegerField(default=1)
    basis = models.CharField(_("legal basis"), max_length=8, choices=MedicalBasis.choices)
    coverage = models.CharField(_("care covered"), max_length=12, choices=Coverage.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    decided_on = models.DateField(_("date of the decision"))
    patient_contribution_covered = models.BooleanField(_("patient's own share covered"))
    supplements_covered = models.BooleanField(_("supplements covered"), default=False)
    conditions = models.TextField(_("conditions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medical aid decision")
        verbose_name_plural = _("medical aid decisions")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="medical_period")
        ]
        indexes = [models.Index(fields=["ocmw", "person", "start"])]


class InvoiceLine(models.Model):
    """One line of a care provider's invoice, split into three parts that sum to the line."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(MedicalDecision, on_delete=models.PROTECT, related_name="lines")
    care_date = models.DateField(_("date of care"))
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    state_part = models.DecimalField(_("part of the State"), max_digits=11, decimal_places=2)
    ocmw_part = models.DecimalField(_("part of the OCMW"), max_digits=11, decimal_places=2)
    patient_part = models.DecimalField(_("part of the patient"), max_digits=11, decimal_places=2)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medical invoice line")
        verbose_name_plural = _("medical invoice lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    amount=models.F("state_part") + models.F("ocmw_part") + models.F("patient_part")
                ),
                name="invoice_split_sums",
            )  # fmt: skip
        ]
