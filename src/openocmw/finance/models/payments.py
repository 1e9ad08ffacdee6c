"""Bank accounts, monthly payment runs, payments, suspensions and recovery claims.

A payment run pays one month for one OCMW. Every payment line names the decision (the version
in force) and the month it pays; ``(decision, month)`` is unique, so the same month of the same
decision is never paid twice, whatever runs at the same time. A revision with retroactive
effect gives, in the next run, a difference line for each earlier month (paid under the latest
version) or, when less was due than was paid, a recovery claim.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.casework.models import Decision
from openocmw.registry.models import Person


class BankAccount(models.Model):
    """The account a person's aid is paid into (IBAN and BIC checked by python-stdnum)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bank_accounts")
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    holder = models.CharField(_("account holder"), max_length=140)
    valid_from = models.DateField(_("valid from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        indexes = [models.Index(fields=["ocmw", "person", "valid_from"])]


class PayerAccount(models.Model):
    """The OCMW's own account, the debtor of its SEPA credit transfers."""

    ocmw = models.OneToOneField(Ocmw, on_delete=models.PROTECT, related_name="payer_account")
    name = models.CharField(_("name of the account holder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)

    class Meta:
        verbose_name = _("account of the OCMW")
        verbose_name_plural = _("accounts of the OCMW")


class RunState(models.TextChoices):
    COMPUTING = "computing", _("being computed")
    COMPUTED = "computed", _("computed, awaiting approval")
    WRITING = "writing", _("approved, transfer file being written")
    APPROVED = "approved", _("approved, transfer file ready")
    FAILED = "failed", _("failed")


class PaymentRun(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="payment_runs")
    month = models.DateField(_("month"))  # the first day of the month paid
    state = models.CharField(max_length=10, choices=RunState.choices, default="computing")
    execution_date = models.DateField(_("execution date"))
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    lines = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    held = models.PositiveIntegerField(default=0)  # lines without a valid bank account
    message_id = models.CharField(max_length=35, blank=True)
    sepa_xml = models.BinaryField(null=True, blank=True, editable=False)
    sepa_sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["ocmw", "month"], name="payment_run_one_per_month"),
        ]


class LineKind(models.TextChoices):
    MONTH = "month", _("month")
    DIFFERENCE = "difference", _("retroactive difference")


class LineStatus(models.TextChoices):
    READY = "ready", _("in the transfer file")
    HELD = "held", _("held: no valid bank account")


class Payment(models.Model):
    """What one decision pays for one month (gross), less deductions (net)."""

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="payments")
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="payments")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="payments")
    chain = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")  # version 1
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=LineKind.choices)
    aid_kind = models.CharField(max_length=24)
    days = models.PositiveSmallIntegerField()
    gross = models.DecimalField(max_digits=11, decimal_places=2)
    deducted = models.DecimalField(max_digits=11, decimal_places=2, default=0)
    net = models.DecimalField(max_digits=11, decimal_places=2)
    status = models.CharField(max_length=8, choices=LineStatus.choices, default="ready")
    iban = models.CharField(max_length=34, blank=True)
    bic = models.CharField(max_length=11, blank=True)
    end_to_end_id = models.CharField(max_length=35, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["decision", "month"], name="payment_once_per_month"),
        ]
        indexes = [
            models.Index(fields=["chain", "month"]),
            models.Index(fields=["ocmw", "month"]),
            models.Index(fields=["run", "status"]),
        ]


class SuspensionBasis(models.TextChoices):
    SANCTION_FRAUD = "art30_1", _("sanction: false or incomplete declarations (art. 30 §1)")
    SANCTION_GPMI = "art30_2", _("sanction: breach of the GPMI (art. 30 §2)")
    SUSPENSION = "suspension", _("suspension of payment")


class Suspension(models.Model):
    """A period in which a decision chain pays nothing (law of 26 May 2002, art. 30)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    chain = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="suspensions")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    basis = models.CharField(_("legal basis"), max_length=12, choices=SuspensionBasis.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="suspension_period"
            )
        ]


class ClaimOrigin(models.TextChoices):
    REVISION = "revision", _("retroactive revision")
    CROSSCHECK = "crosscheck", _("cross-check with the federal data network")
    OTHER = "other", _("other")


class ClaimState(models.TextChoices):
    OPEN = "open", _("open")
    SETTLED = "settled", _("settled")
    WAIVED = "waived", _("waived")


class RecoveryClaim(models.Model):
    """An overpayment to recover (law of 26 May 2002, art. 24 §1)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recovery_claims")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="claims")
    chain = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    recovered = models.DecimalField(max_digits=11, decimal_places=2, default=0)
    origin = models.CharField(_("origin"), max_length=12, choices=ClaimOrigin.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    fraud = models.BooleanField(_("fraud established"), default=False)
    instalment = models.DecimalField(
        _("monthly instalment"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(max_length=8, choices=ClaimState.choices, default="open")
    opened_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("recovery claim")
        verbose_name_plural = _("recovery claims")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "period_start", "origin", "reference"],
                name="recovery_claim_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_claim_positive"),
        ]

    @property
    def remaining(self):
        return self.amount - self.recovered


class Recovery(models.Model):
    """One instalment of a claim: deducted from a payment, or repaid by the person."""

    claim = models.ForeignKey(RecoveryClaim, on_delete=models.PROTECT, related_name="recoveries")
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="recoveries"
    )
    amount = models.DecimalField(max_digits=11, decimal_places=2)
    on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
