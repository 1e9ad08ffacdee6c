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
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")
        ordering = ["-started_at", "-pk"]


class EntryKind(models.TextChoices):
    MISSING = "missing", _("appears eligible, does not receive it")
    REVIEW = "review", _("receives it, no longer appears eligible")


class WorklistEntry(models.Model):
    run = models.ForeignKey(ScreeningRun, on_delete=models.PROTECT, related_name="entries")
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rights_entries")
    right = models.CharField(_("right"), max_length=63)
    kind = models.CharField(max_length=8, choices=EntryKind.choices)
    reason_nl = models.TextField()
    reason_fr = models.TextField()
    complete = models.BooleanField(_("all facts known"), default=False)
    missing = models.JSONField(_("missing facts"), default=list)
    parameters_verified = models.BooleanField(default=True)

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


class OutcomeKind(models.TextChoices):
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
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["on", "pk"]


from .catalogue_models import HingeKind, HingeMatch, HingeMoment, HingeState  # noqa: E402, F401
