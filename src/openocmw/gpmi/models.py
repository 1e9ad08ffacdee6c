"""Individualised projects for social integration (GPMI / PIIS).

Legal frame (see docs/gpmi.md for the sources):

- law of 26 May 2002 on the right to social integration, art. 11 (the project, its kinds, when
  it is compulsory), art. 13 §2 (the written contract), art. 20 (the hearing), art. 30 §2 (the
  sanction for a breach), as amended by the law of 21 July 2016 (in force 1 November 2016);
- royal decree of 11 July 2002 (general regulation), art. 5-12 on the project, art. 11 as
  replaced by the royal decree of 3 October 2016 (needs analysis, content of the contract).

Nothing here is overwritten. A contract changes by a new :class:`ContractVersion`; a social
balance recorded again for the same moment is a new row; consents, exemptions and leefloon
starts are dated rows, cancelled with a reason rather than deleted. The few columns of
:class:`Gpmi` that repeat the contract in force (kind, period) are kept in step by the
services, for the worklists and the statistics.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.registry.models import Person


class Kind(models.TextChoices):
    """The three specific kinds of the federal GPMI tool, and the general one (seed 004, §3)."""

    STUDIES = "studies", _("studies with a full curriculum")
    TRAINING = "training", _("vocational training")
    COMMUNITY_SERVICE = "community_service", _("community service")
    GENERAL = "general", _("general")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("running")
    CLOSED = "closed", _("closed")


class Outcome(models.TextChoices):
    WORK = "work", _("work")
    TRAINING = "training", _("training")
    STUDIES_FINISHED = "studies_finished", _("studies finished")
    OTHER = "other", _("other")
    DROPPED_OUT = "dropped_out", _("dropped out")


class LeefloonCategory(models.IntegerChoices):
    """Law of 26 May 2002, art. 14 §1."""

    COHABITANT = 1, _("category 1 (cohabitant)")
    SINGLE = 2, _("category 2 (single)")
    FAMILY = 3, _("category 3 (family in charge)")


class Domain(models.TextChoices):
    """The life domains a social balance goes through (seed 001, §5: all domains, three times)."""

    INCOME = "income", _("income")
    WORK = "work", _("work")
    TRAINING = "training", _("training")
    HOUSING = "housing", _("housing")
    HEALTH = "health", _("health")
    FAMILY = "family", _("family")
    MOBILITY = "mobility", _("mobility")
    LANGUAGE = "language", _("language")
    SOCIAL_PARTICIPATION = "social_participation", _("social participation")
    ADMINISTRATION = "administration", _("administration and debts")


class Moment(models.TextChoices):
    START = "start", _("start")
    MIDWAY = "midway", _("midway")
    END = "end", _("end")


class EvaluationForm(models.TextChoices):
    INTERVIEW = "interview", _("interview at the OCMW")
    HOME_VISIT = "home_visit", _("home visit")
    PHONE = "phone", _("by phone")
    WRITTEN = "written", _("in writing")
    OTHER = "other", _("otherwise")


IN_PERSON_FORMS = (EvaluationForm.INTERVIEW, EvaluationForm.HOME_VISIT)


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    ACHIEVED = "achieved", _("achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")
    ADJUSTED = "adjusted", _("adjusted")


class ExemptionReason(models.TextChoices):
    HEALTH = "health", _("health")
    EQUITY = "equity", _("equity")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("given")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class LegalBasis(models.TextChoices):
    CONSENT = "gdpr_6_1_a", _("consent of the person (GDPR art. 6.1.a)")
    PUBLIC_TASK = (
        "gdpr_6_1_e",
        _(
            "task of public interest: law of 26 May 2002 and organic law of 8 July 1976 "
            "(GDPR art. 6.1.e)"
        ),
    )


class SanctionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")


def _recorded_by():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )


class LeefloonStart(models.Model):
    """A leefloon granted from a date, in a category: the input of the GPMI requirement.

    Provisional: entered in the GPMI app until the casework decisions feed it.
    """

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="leefloon_starts")
    start = models.DateField(_("leefloon from"))
    end = models.DateField(_("leefloon until"), null=True, blank=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    category = models.PositiveSmallIntegerField(_("category"), choices=LeefloonCategory.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = _recorded_by()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("leefloon start")
        verbose_name_plural = _("leefloon starts")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["ocmw", "start"])]


class Exemption(models.Model):
    """The OCMW accepts, for reasons of health or equity, that no GPMI is required (law of
    26 May 2002, art. 11 as amended on 21 July 2016; see docs/gpmi.md)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="gpmi_exemptions")
    reason = models.CharField(_("reason"), max_length=10, choices=ExemptionReason.choices)
    decided_on = models.DateField(_("decided on"))
    explanation = models.TextField(_("explanation"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = _recorded_by()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("GPMI exemption")
        verbose_name_plural = _("GPMI exemptions")
        ordering = ["decided_on", "pk"]


class Gpmi(models.Model):
    """One integration project of one person. Its content lives in its contract versions."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="gpmis")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("social worker"),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="draft")
    # The contract in force (the last validated version, else the draft), repeated here for
    # the lists and the statistics.
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    # The closing date, else the end of the contract: the last day the GPMI runs (indexed for
    # the statistics and the overlap check; kept in step by the services).
    ends_on = models.DateField(editable=False, db_index=True)
    validated_on = models.DateField(_("validated on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closing_note = models.TextField(_("note at closure"), blank=True)
    # Provisional (see docs/gpmi.md): later read from the leefloon decision.
    leefloon_category = models.PositiveSmallIntegerField(
        _("leefloon category"), choices=LeefloonCategory.choices, null=True, blank=True
    )
    leefloon_start = models.DateField(_("leefloon from"), null=True, blank=True)
    age_at_start = models.PositiveSmallIntegerField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = _recorded_by()

    class Meta:
        verbose_name = _("GPMI")
        verbose_name_plural = _("GPMIs")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="gpmi_period"),
        ]
        indexes = [
            models.Index(fields=["ocmw", "start"], name="gpmi_ocmw_start"),
            models.Index(fields=["ocmw", "closed_on"], name="gpmi_ocmw_closed"),
            models.Index(fields=["start"], name="gpmi_start"),
            models.Index(fields=["closed_on"], name="gpmi_closed"),
            models.Index(fields=["person", "start"], name="gpmi_person_start"),
        ]

    def __str__(self) -> str:
        return f"GPMI {self.pk} · {self.person}"

    def save(self, *args, **kwargs):
        self.ends_on = self.closed_on or self.end
        super().save(*args, **kwargs)

    @property
    def effective_end(self):
        return self.closed_on or self.end


class ContractVersion(models.Model):
    """One version of the written contract (law art. 11 §1, RD 11 July 2002 art. 11).

    A version is validated when both parties have signed it; a validated version is never
    changed: its PDF, made at validation in the person's language, is kept with it.
    """

    gpmi = models.ForeignKey(Gpmi, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    goals = models.JSONField(_("goals"), default=list)
    person_commitments = models.TextField(_("commitments of the person"))
    ocmw_commitments = models.TextField(_("commitments of the OCMW"))
    support = models.TextField(_("support planned"), blank=True)
    facts = models.JSONField(_("facts for this kind"), default=dict, blank=True)
    change_reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    person_signed_on = models.DateField(_("signed by the person on"), null=True, blank=True)
    person_signatory = models.CharField(_("signed by (person)"), max_length=200, blank=True)
    ocmw_signed_on = models.DateField(_("signed for the OCMW on"), null=True, blank=True)
    ocmw_signatory = models.CharField(_("signed for the OCMW by"), max_length=200, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_language = models.CharField(max_length=2, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = _recorded_by()

    class Meta:
        verbose_name = _("contract version")
        verbose_name_plural = _("contract versions")
        ordering = ["gpmi", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["gpmi", "number"], name="gpmi_version_unique"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="gpmi_version_period"
            ),
        ]

    @property
    def validated(self) -> bool:
        return self.validated_at is not None


class Evaluation(models.Model):
    """A planned evaluation (due_on) and, once held, what it found (held_on and after)."""

    gpmi = models.ForeignKey(Gpmi, on_delete=models.PROTECT, related_name="evaluations")
    due_on = models.DateField(_("due on"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    form = models.CharField(_("form"), max_length=12, choices=EvaluationForm.choices, blank=True)
    progress = models.JSONField(_("progress per goal"), default=list, blank=True)
    adjustments = models.TextField(_("adjustments"), blank=True)
    contract_version = models.ForeignKey(
        ContractVersion, on_delete=models.PROTECT, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = _recorded_by()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["gpmi", "due_on", "held_on", "pk"]
        indexes = [
            models.Index(fields=["due_on"], name="gpmi_eval_due"),
            models.Index(fields=["held_on"], name="gpmi_eval_held"),
        ]

    @property
    def in_person(self) -> bool:
        return self.form in IN_PERSON_FORMS


class SocialBalance(models.Model):
    """The needs analysis at one moment (RD 11 July 2002 art. 11 §1: before the contract,
    the centre assesses the person's needs). ``domains`` holds, per life domain, the person's
    own view, the worker's view and a score from 1 (serious problem) to 5 (no problem)."""

    gpmi = models.ForeignKey(Gpmi, on_delete=models.PROTECT, related_name="balances")
    moment = models.CharField(_("moment"), max_length=6, choices=Moment.choices)
    recorded_on = models.DateField(_("date"))
    domains = models.JSONField(default=dict)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = _recorded_by()

    class Meta:
        verbose_name = _("social balance")
        verbose_name_plural = _("social balances")
        ordering = ["gpmi", "recorded_at", "pk"]


class Consent(models.Model):
    """The person's consent to include the GPMI in the electronic social report (seed 004, §2).

    Dated rows, the last one counts; nothing is changed afterwards.
    """

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="gpmi_consents")
    status = models.CharField(_("consent"), max_length=10, choices=ConsentStatus.choices)
    on = models.DateField(_("date"))
    legal_basis = models.CharField(_("legal basis"), max_length=12, choices=LegalBasis.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = _recorded_by()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["on", "recorded_at", "pk"]


class Breach(models.Model):
    """A breach of the contract, with the formal notice that must precede a sanction
    (law art. 30 §2: "after formal notice")."""

    gpmi = models.ForeignKey(Gpmi, on_delete=models.PROTECT, related_name="breaches")
    noted_on = models.DateField(_("noted on"))
    description = models.TextField(_("what was not respected"))
    formal_notice_on = models.DateField(_("formal notice sent on"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = _recorded_by()

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        ordering = ["-noted_on", "-pk"]


class Hearing(models.Model):
    """The hearing of the person (law art. 20) before any sanction."""

    breach = models.ForeignKey(Breach, on_delete=models.PROTECT, related_name="hearings")
    held_on = models.DateField(_("hearing on"))
    person_present = models.BooleanField(_("the person was present"))
    statement = models.TextField(_("the person's statement"), blank=True)
    heard_by = models.CharField(_("heard by"), max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = _recorded_by()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["held_on", "pk"]


class SanctionProposal(models.Model):
    """A proposal to suspend the leefloon (law art. 30 §2), for the casework decision."""

    gpmi = models.ForeignKey(Gpmi, on_delete=models.PROTECT, related_name="sanctions")
    breach = models.ForeignKey(Breach, on_delete=models.PROTECT, related_name="sanctions")
    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="+")
    months = models.PositiveSmallIntegerField(_("suspension (months)"))
    repeat = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=SanctionStatus.choices, default=SanctionStatus.PROPOSED
    )
    motivation = models.TextField(_("motivation"), blank=True)
    proposed_at = models.DateTimeField(auto_now_add=True)
    proposed_by = _recorded_by()
    starts_on = models.DateField(_("suspension from"), null=True, blank=True)
    # The casework review that carries the proposal to the council (gpmi.integration).
    request = models.ForeignKey(
        "casework.AidRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sanction proposal")
        verbose_name_plural = _("sanction proposals")
        ordering = ["-proposed_at"]


class StaffTime(models.Model):
    """A social worker's share of time spent on GPMIs over a period (seed 004, point 1: the
    special subsidy for GPMI guidance is justified by the workers' time)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    share = models.DecimalField(
        _("share of working time on GPMIs (%)"), max_digits=5, decimal_places=1
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("time spent on GPMIs")
        verbose_name_plural = _("time spent on GPMIs")
        ordering = ["-period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="staff_time_period"
            ),
        ]
