"""The State's refund of the leefloon paid (law of 26 May 2002, art. 32) and the forms of the
law of 2 April 1965 (equivalent leefloon and medical aid)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.registry.models import Person


class RefundClaim(models.Model):
    """The monthly claim of one OCMW, computed from its payments of that month."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="refund_claims")
    month = models.DateField()
    beneficiaries = models.PositiveIntegerField()  # persons paid in the month
    # the monthly average of the reference year (the year before last) that selected the tier
    reference_average = models.DecimalField(max_digits=9, decimal_places=1, default=0)
    paid = models.DecimalField(max_digits=14, decimal_places=2)
    base_rate = models.DecimalField(max_digits=5, decimal_places=2)
    base_amount = models.DecimalField(max_digits=14, decimal_places=2)
    gpmi_paid = models.DecimalField(max_digits=14, decimal_places=2)
    gpmi_rate = models.DecimalField(max_digits=5, decimal_places=2)
    gpmi_amount = models.DecimalField(max_digits=14, decimal_places=2)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    sources = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("state refund claim")
        verbose_name_plural = _("state refund claims")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["ocmw", "month"], name="refund_claim_per_month")
        ]


class FormKind(models.TextChoices):
    """The forms as PrimaBook (POD MI, "Wet 65") describes them; B and D each have a second
    variant (B2, D2) for hospital and pharmacy costs outside MediPrima."""

    A = "A", _("form A: identity of the beneficiaries")
    B = "B", _("form B: the decision granting aid (B1) or hospital costs (B2)")
    C = "C", _("form C: end of a decision granting aid")
    D = "D", _("form D: claim of the costs from the State (D1, D2)")


class Law65Form(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="law65_forms")
    form = models.CharField(_("form"), max_length=1, choices=FormKind.choices)
    event_date = models.DateField(_("date of the event"))
    deadline = models.DateField(_("deadline"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2, default=0)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Law of 1965 form")
        verbose_name_plural = _("Law of 1965 forms")
        ordering = ["deadline", "pk"]
