"""Federal data flows, their consultations, mutations, cross-check warnings (the e-box), and
the electronic social report between OCMWs (issue 13).

Nothing is overwritten: a consultation, a mutation, a warning and a message are rows that
keep their outcome; a refused message is kept in :class:`ExchangeLog` with its reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.casework.models import AidRequest, Decision
from openocmw.registry.models import Person


class Source(models.TextChoices):
    """The federal sources, each behind its own adapter (see ``adapters``)."""

    NATIONAL_REGISTER = "national_register", _("national register")
    UNEMPLOYMENT = "unemployment", _("unemployment benefits")
    PENSIONS = "pensions", _("pensions")
    DISABILITY = "disability", _("disability allowances")
    HEALTH_INSURANCE = "health_insurance", _("health insurability")
    TAX = "tax", _("taxable income (tax assessment)")
    JOB_SEEKER = "job_seeker", _("job-seeker registration")
    SELF_EMPLOYED = "self_employed", _("self-employed status")
    SOCIAL_TARIFF = "social_tariff", _("social tariff")
    FOREIGNERS = "foreigners", _("foreigners' office")
    EMPLOYMENT = "employment", _("employment declarations")
    ATTESTS = "attests", _("integration income attests of other OCMWs")


class Purpose(models.TextChoices):
    INVESTIGATION = "investigation", _("social investigation of a request")
    REVIEW = "review", _("review of a decision")
    GPMI = "gpmi", _("follow-up of the GPMI")
    CROSSCHECK = "crosscheck", _("verification of a cross-check warning")


class LegalBasis(models.TextChoices):
    RI_ART19 = "ri_art19", _("law of 26 May 2002, art. 19 §1 (social investigation)")
    LAW65_ART9BIS = "law65_art9bis", _("law of 2 April 1965, art. 9bis (social investigation)")
    ORGANIC_ART60 = "organic_art60", _("organic law of 8 July 1976, art. 60 §1")


class Consultation(models.Model):
    """One consultation of one source for one person, with its purpose and access code."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consultations")
    request = models.ForeignKey(
        AidRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=16, choices=LegalBasis.choices)
    access_code = models.CharField(_("access code"), max_length=32, unique=True)
    message_id = models.CharField(max_length=64, blank=True)
    reply_date = models.DateField(_("date of the data"), null=True, blank=True)
    facts = models.JSONField(default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["ocmw", "person", "at"])]


class PrefillStatus(models.TextChoices):
    PENDING = "pending", _("to confirm")
    CONFIRMED = "confirmed", _("confirmed")
    DISMISSED = "dismissed", _("not taken over")


class Prefill(models.Model):
    """A value a consultation proposes for the investigation's resources. It counts only once
    the worker confirms it: nothing in the file or the calculator is overwritten silently."""

    # Where the value comes from: a consultation, or an accepted reported change (a benefit
    # changed from a date: the worker's acceptance is the confirmation).
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="prefills", null=True, blank=True
    )
    mutation = models.ForeignKey(
        "Mutation", on_delete=models.PROTECT, related_name="prefills", null=True, blank=True
    )
    request = models.ForeignKey(AidRequest, on_delete=models.PROTECT, related_name="prefills")
    kind = models.CharField(_("kind of resource"), max_length=32)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    period = models.CharField(max_length=5, default="month")  # month / year (rules' periods)
    month = models.DateField(_("month"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=PrefillStatus.choices, default="pending")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    @property
    def kind_label(self) -> str:
        return fact_label(self.kind)

    @property
    def source_display(self) -> str:
        origin = self.consultation or self.mutation
        return origin.get_source_display() if origin is not None else ""

    @property
    def data_date(self):
        """The date of the data: the consultation's reply, or the change's effective date."""
        if self.consultation is not None:
            return self.consultation.reply_date
        return self.mutation.effective_on if self.mutation is not None else None


class MutationKind(models.TextChoices):
    ADDRESS = "address", _("change of address")
    DEATH = "death", _("death")
    HOUSEHOLD = "household", _("change of household composition")
    BENEFIT = "benefit", _("change of a benefit")


class MutationStatus(models.TextChoices):
    PROPOSED = "proposed", _("to decide")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Mutation(models.Model):
    """A change reported by a flow, proposed on the person's file until a worker decides."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mutations")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    kind = models.CharField(_("change"), max_length=10, choices=MutationKind.choices)
    effective_on = models.DateField(_("effective on"))
    data = models.JSONField(default=dict)
    message_id = models.CharField(max_length=64)
    filename = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=MutationStatus.choices, default="proposed")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    hinge = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reported change")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["ocmw", "message_id"], name="mutation_once_per_ocmw")
        ]
        indexes = [models.Index(fields=["ocmw", "status"])]

    @property
    def summary(self) -> str:
        """The change in a few words, for the list (no codes on screen)."""
        d = self.data or {}
        if self.kind == MutationKind.ADDRESS:
            street = " ".join(x for x in (d.get("street"), d.get("house_number")) if x)
            return ", ".join(
                x
                for x in (street, f"{d.get('postal_code', '')} {d.get('municipality', '')}".strip())
                if x
            )
        if self.kind == MutationKind.DEATH:
            day = d.get("death_date", "")
            return "/".join(reversed(day.split("-"))) if day else ""
        if self.kind == MutationKind.HOUSEHOLD:
            from openocmw.registry.models import ChangeReason

            change = dict(ChangeReason.choices).get(d.get("change"), d.get("change", ""))
            return f"{change} · {d.get('member', '')}"
        amount = d.get("amount")
        return (
            f"{fact_label(d.get('kind', ''))} · € {shown_amount(Decimal(amount)) if amount else ''}"
        )


# What a fact of a flow is about, as shown on the pages (resource kinds as the calculator names
# them, then the other facts).
FACT_LABELS = {
    "unemployment_benefit": _("unemployment benefit"),
    "pension": _("pension"),
    "other_benefit": _("other benefit"),
    "wages": _("wages"),
    "employment": _("employment"),
    "death": _("death"),
    "municipality": _("municipality"),
    "address": _("address"),
    "identity": _("person"),
    "member": _("household member"),
    "ocmw_paying": _("a second OCMW pays"),
    "insurability": _("health insurability"),
    "taxable_income": _("taxable income (tax assessment)"),
    "job_seeker": _("job-seeker registration"),
    "self_employed": _("self-employed status"),
    "social_tariff": _("social tariff"),
    "foreigners": _("foreigners' office"),
}


def fact_label(field: str) -> str:
    return str(FACT_LABELS.get(field, field))


def shown_amount(value) -> str:
    """An amount as Belgians write it (900,00), whatever the page's language."""
    return f"{value:.2f}".replace(".", ",")


class FlowRecord(models.Model):
    """One fact of a month's flow for one national number, as the cross-checks read it.

    ``field`` is what the fact is about (an income kind, ``death``, ``municipality``,
    ``ocmw_paying``, ``employment``); ``amount`` a monthly amount in EUR, ``value`` a code.
    """

    source = models.CharField(max_length=20, choices=Source.choices)
    insz = models.CharField(max_length=11)
    month = models.DateField()  # the first day of the month the fact is about
    field = models.CharField(max_length=32)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    value = models.CharField(max_length=100, blank=True)
    # The day the fact took effect when the flow gives it (a move: the day of the new main
    # residence); the recovery of a move is pro rata from that day.
    since = models.DateField(null=True, blank=True)
    message_id = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "insz", "month", "field"], name="flow_fact_unique"
            )
        ]
        indexes = [models.Index(fields=["month", "insz"], name="flow_month_insz")]


class WarningStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("being handled")
    CORRECTED = "corrected", _("corrected")
    JUSTIFIED = "justified", _("justified")
    FALSE_POSITIVE = "false_positive", _("false positive")


CLOSED_WARNING = (WarningStatus.CORRECTED, WarningStatus.JUSTIFIED, WarningStatus.FALSE_POSITIVE)


class Check(models.TextChoices):
    INCOME = "income", _("income not declared or higher than counted")
    DEATH = "death", _("death")
    MOVED = "moved", _("move to another municipality")
    SECOND_OCMW = "second_ocmw", _("a second OCMW pays")
    EMPLOYMENT = "employment", _("employment")


class FlowWarning(models.Model):
    """A mismatch between a decision in force and the flows: one row in the OCMW's e-box."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="flow_warnings")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="flow_warnings")
    mismatch = models.CharField(_("check"), max_length=12, choices=Check.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    field = models.CharField(_("field"), max_length=32)
    month = models.DateField(_("period"))
    held = models.CharField(_("value held"), max_length=100)
    reported = models.CharField(_("value reported"), max_length=100)
    held_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    reported_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=WarningStatus.choices, default="open"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("assigned to"),
    )  # fmt: skip
    due_on = models.DateField(_("due date"))
    reason = models.TextField(_("reason"), blank=True)
    review_request = models.ForeignKey(
        AidRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cross-check warning")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["ocmw", "fingerprint"], name="warning_once")]
        indexes = [models.Index(fields=["ocmw", "status", "due_on"])]

    @property
    def field_label(self) -> str:
        return fact_label(self.field)

    @property
    def held_shown(self) -> str:
        return shown_amount(self.held_amount) if self.held_amount is not None else self.held

    @property
    def reported_shown(self) -> str:
        return (
            shown_amount(self.reported_amount)
            if self.reported_amount is not None
            else self.reported
        )


class RecoveryProposal(models.Model):
    """The amount overpaid, proposed for recovery: handed off to the finance app, which
    decides and collects it (``handed_off_at`` / ``finance_reference``)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    warning = models.OneToOneField(FlowWarning, on_delete=models.PROTECT, related_name="recovery")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    amount = models.DecimalField(_("amount overpaid"), max_digits=10, decimal_places=2)
    basis = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    handed_off_at = models.DateTimeField(null=True, blank=True)
    finance_reference = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("recovery proposal")
        ordering = ["-created_at"]


class Peer(models.Model):
    """Another installation's OCMW: where to send its messages, and its public key."""

    nis_code = models.CharField(_("NIS code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), max_length=300)
    public_key = models.CharField(_("public key (Ed25519, base64)"), max_length=64)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nis_code"]


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("to send")
    SENT = "sent", _("requested")
    ANSWERED = "answered", _("answered")
    REFUSED = "refused", _("refused")


class SocialReportRequest(models.Model):
    """OCMW B's request for the social report of a person who moved from OCMW A."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AidRequest, on_delete=models.PROTECT, null=True, related_name="+")
    to_nis = models.CharField(_("former OCMW (NIS code)"), max_length=5)
    message_id = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default="pending")
    reason = models.CharField(max_length=300, blank=True)
    report = models.JSONField(null=True, blank=True)
    gpmi_pdf = models.BinaryField(null=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    ANSWERED = "answered", _("answered")
    UNKNOWN = "unknown", _("person unknown")


class InboundReportRequest(models.Model):
    """At OCMW A: a request received from B, answered by the job cycle, nobody acting."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    from_nis = models.CharField(max_length=5)
    insz = models.CharField(max_length=11)
    message_id = models.CharField(max_length=64)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=InboundStatus.choices, default="received")
    with_gpmi = models.BooleanField(default=False)
    decisions = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    response_id = models.CharField(max_length=64, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response = models.BinaryField(null=True, editable=False)
    signature = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_nis", "message_id"], name="inbound_once")
        ]


class SeenMessage(models.Model):
    """Every accepted signed message id, so that a replay is refused."""

    sender = models.CharField(max_length=5)
    message_id = models.CharField(max_length=64)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sender", "message_id"], name="message_seen_once")
        ]


class LogOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class ExchangeLog(models.Model):
    """Every message in or out and every refusal, with its reason (nothing half-applied)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, null=True, related_name="+")
    channel = models.CharField(max_length=24)  # consultation, mutations, social_report_in, ...
    direction = models.CharField(max_length=3, default="in")
    outcome = models.CharField(max_length=10, choices=LogOutcome.choices)
    reason = models.CharField(max_length=500, blank=True)
    reference = models.CharField(max_length=200, blank=True)  # message id, file name
    peer = models.CharField(max_length=5, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["ocmw", "at"])]


OPEN_REQUEST = Q(
    state__in=["registered", "investigating", "proposed"]
)  # an aid request still in the investigation
