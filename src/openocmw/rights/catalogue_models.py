"""Hinge moments (seed 003): life events that make a household screened for missed rights.

A birth, a partner's death, a separation, a move into the municipality, the end of a benefit, a
job loss or reaching pension age is recorded as a `HingeMoment` (detected from the registry and
casework, or reported by a data flow through `rights.hinges.hinge_moment`). A job screens that
household; what it appears to miss is stored as `HingeMatch` rows on the list of the worker
assigned to the household (or of the team, when nobody is). A moment is recorded once (unique
per household, kind, date and person) and its matches once (unique per moment, right and
person), so a job retried after a crash adds nothing twice.

The catalogue's own versions (national and local rights) are `models.RightVersion`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.registry.models import Household, Person


class HingeKind(models.TextChoices):
    BIRTH = "birth", _("birth")
    PARTNER_DEATH = "partner_death", _("death of a partner")
    SEPARATION = "separation", _("separation")
    MOVE_IN = "move_in", _("move into the municipality")
    BENEFIT_END = "benefit_end", _("end of a benefit")
    JOB_LOSS = "job_loss", _("loss of a job")
    PENSION_AGE = "pension_age", _("reaching pension age")


class HingeState(models.TextChoices):
    QUEUED = "queued", _("waiting for the screening")
    SCREENED = "screened", _("screened")


class HingeMoment(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="hinge_moments",
        verbose_name=_("person concerned"),
    )  # fmt: skip
    kind = models.CharField(_("event"), max_length=16, choices=HingeKind.choices)
    on = models.DateField(_("date of the event"))
    source = models.CharField(_("source"), max_length=100)
    detected_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=HingeState.choices, default=HingeState.QUEUED)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("assigned worker"),
    )  # fmt: skip
    screened_at = models.DateTimeField(null=True, blank=True)
    missing = models.PositiveIntegerField(_("rights that appear missed"), default=0)

    class Meta:
        verbose_name = _("hinge moment")
        verbose_name_plural = _("hinge moments")
        ordering = ["-on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ocmw", "person", "kind", "on"], name="hinge_moment_unique"
            )
        ]
        indexes = [models.Index(fields=["ocmw", "assigned_to", "state"])]


class HingeMatch(models.Model):
    hinge = models.ForeignKey(HingeMoment, on_delete=models.CASCADE, related_name="matches")
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    right = models.CharField(_("right"), max_length=63)
    reason_nl = models.TextField()
    reason_fr = models.TextField()
    reason_de = models.TextField(default="")
    complete = models.BooleanField(_("all facts known"), default=False)
    missing = models.JSONField(_("missing facts"), default=list)

    class Meta:
        verbose_name = _("right that appears missed at a hinge moment")
        verbose_name_plural = _("rights that appear missed at hinge moments")
        ordering = ["right", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["hinge", "right", "person"], name="hinge_match_unique")
        ]

    def reason_in(self, language: str) -> str:
        """The reason in words in `language` (nl, fr, de); Dutch for an entry written before
        the German reasons were stored."""
        text = {"fr": self.reason_fr, "de": self.reason_de}.get(language[:2], "")
        return text or self.reason_nl
