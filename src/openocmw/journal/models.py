"""What a person's file needs every day (issue 10 §3): a journal of notes, the documents of
every request and GPMI (each stored once, linked to several items), and appointments.

Why an app of its own and not casework: these belong to the person's file across requests,
GPMI and years, not to one request's flow; casework's modules are near their size limit and
its flow is being changed elsewhere. The app depends on registry, casework and gpmi (for the
links and "my tasks"), and nothing depends on it.

Who reads what (``accounts.tenancy.PERMISSIONS``): the journal and the documents are open to
the social workers and team leads of the OCMW (``journal.view``); a confidential note only to
its author and the team leads (``journal.confidential``): a council member, the security
adviser or the OCMW administrator read none of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.registry.models import Person


class NoteKind(models.TextChoices):
    PHONE = "phone", _("phone call")
    VISIT = "visit", _("visit")
    MAIL = "mail", _("mail or e-mail")
    MEETING = "meeting", _("meeting")
    OTHER = "other", _("other")


class Note(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="journal_notes")
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=10, choices=NoteKind.choices)
    text = models.TextField(_("note"))
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only you and the team leads can read a confidential note."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["-happened_on", "-created_at"]
        indexes = [models.Index(fields=["ocmw", "person", "-happened_on"])]


class Document(models.Model):
    """A file of the person, stored once (unique per person by its SHA-256)."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="documents/%Y/%m/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "sha256"], name="document_once_per_person")
        ]


class DocumentLink(models.Model):
    """One document linked to one aid request or one GPMI of the same person."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    request = models.ForeignKey(
        "casework.AidRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gpmi = models.ForeignKey(
        "gpmi.Gpmi", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(request__isnull=False, gpmi__isnull=True)
                    | models.Q(request__isnull=True, gpmi__isnull=False)
                ),
                name="document_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["document", "request"], name="document_link_request_once"
            ),
            models.UniqueConstraint(fields=["document", "gpmi"], name="document_link_gpmi_once"),
        ]


class Appointment(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("with"),
    )  # fmt: skip
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["ocmw", "worker", "starts_at"])]


class AppointmentChange(models.Model):
    """What an appointment was before a change: a change never overwrites without trace."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()  # the version these values were
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "version"], name="appointment_change_once"
            )
        ]


class ReminderSent(models.Model):
    """A worker's daily reminder e-mail, sent once per day (the job may run again)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ocmw = models.ForeignKey(Ocmw, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    tasks = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "ocmw", "day"], name="reminder_once_a_day")
        ]
