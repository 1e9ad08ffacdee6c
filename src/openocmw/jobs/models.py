"""A job: one piece of long work, its arguments, who started it, for which OCMW, its progress
and its outcome. The queue (django-q2) only carries the job's id; this row is the truth."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


ACTIVE = (Status.QUEUED, Status.RUNNING)
FINISHED = (Status.SUCCEEDED, Status.FAILED)


class Job(models.Model):
    kind = models.CharField(max_length=80)
    ocmw = models.ForeignKey(
        "accounts.Ocmw", null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    arguments = models.JSONField(default=dict, blank=True)
    # An idempotency key: while a job of this kind and key is queued or running, enqueueing
    # again returns it instead of starting a second one.
    key = models.CharField(max_length=200, blank=True, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="partitions"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True, default="")
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    # Saved with each step of the work, in the step's transaction: where a retry resumes.
    checkpoint = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    # The lease of the worker running the job: a token that every step checks (a worker
    # presumed dead cannot commit a step after another took over) and its last heartbeat.
    lease = models.CharField(max_length=32, blank=True, default="")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["ocmw", "-created_at"]),
            models.Index(fields=["status", "heartbeat_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=~Q(key="") & Q(status__in=["queued", "running"]),
                name="jobs_one_active_job_per_key",
            ),
            models.CheckConstraint(condition=Q(done__lte=models.F("total")) | Q(total=0),
                                   name="jobs_done_within_total"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == Status.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class Marker(models.Model):
    """Durable progress of idempotent work that outlives one job (e.g. how far the demo load
    of an OCMW has come, so that a later load tops up). Written in the step's transaction."""

    key = models.CharField(max_length=200, unique=True)
    value = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key
