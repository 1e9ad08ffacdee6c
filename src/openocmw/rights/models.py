"""The rights app: catalogue versions, screening runs and the worklist entries they produce.

The rights themselves, their conditions and the screening engine are in `openocmw.rules.rights`
(no Django); this app stores what an OCMW needs: which version of a right applies from which
date, each run with its purpose and counts, and one entry per person who appears to miss a
right (or to receive one they no longer meet), for a worker to review. A run stores only what
the worklists need: the reason in words, the confidence and the missing facts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.registry.models import Person


class RightVersion(models.Model):
    """One version of a catalogue entry, applying from `valid_from`; never overwritten.

    `ocmw` is empty for the national catalogue and set for an OCMW's local right.
    """

    ocmw = models.ForeignKey(
        Ocmw, on_delete=models.PROTECT, null=True, blank=True, related_name="right_versions"
    )
    code = models.CharField(_("code"), max_length=63)
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("applies from"))
    data = models.JSONField(_("catalogue entry"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("version of a right")
        verbose_name_plural = _("versions of rights")
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["ocmw", "code", "version"], name="right_version_unique")
        ]


class RunState(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")


class ScreeningRun(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="screening_runs")
    on = models.DateField(_("situation on"))
    purpose = models.CharField(_("purpose"), max_length=200)
    rights = models.JSONField(_("rights screened"))
    state = models.CharField(max_length=8, choices=RunState.choices, default=RunState.RUNNING)
    persons = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    rules_version = models.CharField(max_length=60, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Empty for a run started from the command line without a user (`openocmw screen`).
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The background job that ran it (openocmw.jobs), for its progress page.
    job_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")
        ordering = ["-started_at", "-pk"]


class EntryKind(models.TextChoices):
    MISSING = "missing", _("appears eligible, does not receive it")
    REVIEW = "review", _("receives it, no longer appears eligible")


class WorklistEntry(models.Model):
    # No index of their own: the unique constraint (run, ...) and the index (ocmw, right, kind)
    # lead with them; two indexes fewer to maintain for the 150,000 entries of a large run.
    run = models.ForeignKey(
        ScreeningRun, on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rights_entries")
    right = models.CharField(_("right"), max_length=63)
    kind = models.CharField(max_length=8, choices=EntryKind.choices)
    reason_nl = models.TextField()
    reason_fr = models.TextField()
    reason_de = models.TextField(default="")
    complete = models.BooleanField(_("all facts known"), default=False)
    missing = models.JSONField(_("missing facts"), default=list)
    parameters_verified = models.BooleanField(default=True)
    # The worker whose list it is on: the worker of the person's latest aid request when the
    # run was written, or whom the team lead assigned it to; empty: not yet assigned.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("worker"),
    )
    # Put on the list by a hinge moment's screening (`rights.hinges`) between two runs, not by
    # the run itself; empty for the run's own entries.
    hinge = models.ForeignKey(
        "rights.HingeMoment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("worklist entry")
        verbose_name_plural = _("worklist entries")
        ordering = ["right", "person_id"]
        constraints = [
            # A run restarted after a crash never lists a person twice for the same right.
            models.UniqueConstraint(
                fields=["run", "right", "kind", "person"], name="worklist_entry_unique"
            )
        ]
        indexes = [models.Index(fields=["ocmw", "right", "kind"])]

    def reason_in(self, language: str) -> str:
        """The reason in words in `language` (nl, fr, de); Dutch for an entry written before
        the German reasons were stored."""
        text = {"fr": self.reason_fr, "de": self.reason_de}.get(language[:2], "")
        return text or self.reason_nl


class OutcomeKind(models.TextChoices):
    APPLIED = "applied", _("aid request opened at the OCMW")
    GRANTED = "granted", _("granted")
    APPLIED_ELSEWHERE = "applied_elsewhere", _("applied for elsewhere")
    NOT_ELIGIBLE = "not_eligible", _("not eligible after checking")
    REFUSED = "refused", _("refused by the person")
    UNREACHABLE = "unreachable", _("unreachable")


class Outcome(models.Model):
    """What a worker recorded after reviewing an entry: dated, never overwritten (a correction
    is a new row)."""

    entry = models.ForeignKey(WorklistEntry, on_delete=models.PROTECT, related_name="outcomes")
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=OutcomeKind.choices)
    on = models.DateField(_("date of the outcome"))
    note = models.TextField(_("note"), blank=True)
    # "applied": the aid request it opened in the casework register (the 30-day clock runs).
    aid_request = models.ForeignKey(
        "casework.AidRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["on", "pk"]


class ContactChannel(models.TextChoices):
    LETTER = "letter", _("letter")
    PHONE = "phone", _("phone call")
    VISIT = "visit", _("home visit")
    PARTNER = "partner", _("through a partner organisation")


class Contact(models.Model):
    """A worker reached out (or tried to) about an entry: dated, never overwritten."""

    entry = models.ForeignKey(WorklistEntry, on_delete=models.PROTECT, related_name="contacts")
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("how"), max_length=10, choices=ContactChannel.choices)
    on = models.DateField(_("date of the contact"))
    partner = models.CharField(_("partner organisation"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    letter_language = models.CharField(max_length=2, blank=True)
    letter_pdf = models.BinaryField(null=True, blank=True, editable=False)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["on", "pk"]


class Notice(models.Model):
    """A right that was granted automatically (or linked to a granted right) no longer
    appears to be met: a notice for the worker, who checks and informs the person. Nothing
    is withdrawn here; only a person decides."""

    # A review entry of a run (the right no longer appears to be met), or empty for a notice
    # of the daily job: the council decision the right was linked to ended (`decision`).
    entry = models.OneToOneField(
        WorklistEntry, on_delete=models.PROTECT, related_name="notice", null=True, blank=True
    )
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    right = models.CharField(_("right"), max_length=63)
    automation = models.CharField(max_length=32)
    produced_at = models.DateTimeField(auto_now_add=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="rights_notices"
    )
    decision = models.ForeignKey(
        "casework.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-produced_at", "pk"]
        constraints = [
            # The daily job run twice (or retried after a crash) produces a notice once.
            models.UniqueConstraint(fields=["decision", "right"], name="notice_once_per_decision")
        ]


class Campaign(models.Model):
    """An outreach campaign on the entries of one right in a run, with a random control group
    that is not contacted (the seed is recorded, so the split can be redone and checked)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="rights_campaigns")
    run = models.ForeignKey(ScreeningRun, on_delete=models.PROTECT, related_name="campaigns")
    right = models.CharField(_("right"), max_length=63)
    name = models.CharField(_("name"), max_length=200)
    control_share = models.DecimalField(
        _("control group share (%)"), max_digits=4, decimal_places=1
    )
    seed = models.BigIntegerField(_("random seed"))
    # Until this date the control group stays off the workers' lists for this right (in
    # later runs too); after it, its members are listed again like anyone else.
    ends_on = models.DateField(_("campaign ends on"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("outreach campaign")
        verbose_name_plural = _("outreach campaigns")
        ordering = ["-created_at", "-pk"]


class CampaignMember(models.Model):
    """One person of a campaign, in the contacted group or the control group. `taken_up_on`:
    the first later run in which the data show the person receives the right (measured the
    same way in both groups)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    entry = models.ForeignKey(WorklistEntry, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    control = models.BooleanField(_("control group"))
    taken_up_on = models.DateField(null=True, blank=True)
    taken_up_run = models.ForeignKey(
        ScreeningRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="campaign_member_unique")
        ]


from .catalogue_models import HingeKind, HingeMatch, HingeMoment, HingeState  # noqa: E402, F401
