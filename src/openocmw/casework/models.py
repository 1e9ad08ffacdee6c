"""Aid requests, the social investigation, proposals, council meetings and decisions.

The flow: a request is registered (the legal clocks start), investigated (a checklist of the
minimum content of the social investigation), a proposal is prepared and reviewed, the council
committee (BCSD) decides it in a meeting, and the decision is notified by letter. Decisions
are versioned: a later change is a new version that points to the one it replaces.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Ocmw
from openocmw.registry.models import Person

DECISION_DAYS = 30  # law of 26 May 2002, art. 21 §1: decide within 30 days of the request
NOTIFY_DAYS = 8  # law of 26 May 2002, art. 21 §3: notify within 8 days of the decision
APPEAL_MONTHS = 3  # law of 26 May 2002, art. 47 §1: appeal to the labour court within 3 months


class AidKind(models.TextChoices):
    LEEFLOON = "leefloon", _("leefloon (integration income)")
    EQUIVALENT = "equivalent_leefloon", _("equivalent leefloon (financial social aid)")
    URGENT_MEDICAL = "urgent_medical_aid", _("urgent medical aid")
    OTHER = "other_social_aid", _("other social aid")


class OtherAid(models.TextChoices):
    RENT_DEPOSIT = "rent_deposit", _("rent deposit")
    ENERGY = "energy", _("energy")
    MEDICAL_COSTS = "medical_costs", _("medical costs")
    OTHER = "other", _("other")


class Channel(models.TextChoices):
    COUNTER = "counter", _("at the counter")
    APPOINTMENT = "appointment", _("appointment")
    PHONE = "phone", _("by phone")
    LETTER = "letter", _("by letter or e-mail")
    HOME_VISIT = "home_visit", _("during a home visit")
    REFERRAL = "referral", _("referred by a partner")
    OWN_INITIATIVE = "own_initiative", _("own initiative of the OCMW (review)")
    ONLINE = "online", _("online request form")


class RequestState(models.TextChoices):
    REGISTERED = "registered", _("registered")
    INVESTIGATING = "investigating", _("under investigation")
    PROPOSED = "proposed", _("proposal prepared")
    DECIDED = "decided", _("decided")
    NOTIFIED = "notified", _("notified")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AidRequest(models.Model):
    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="aid_requests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="aid_requests")
    number = models.CharField(_("number"), max_length=20)
    received_on = models.DateField(_("date of the request"))
    kind = models.CharField(_("kind of aid"), max_length=24, choices=AidKind.choices)
    other_aid = models.CharField(
        _("which other aid"), max_length=16, choices=OtherAid.choices, blank=True
    )
    description = models.TextField(_("what is asked"), blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    state = models.CharField(
        max_length=16, choices=RequestState.choices, default=RequestState.REGISTERED
    )
    decision_due = models.DateField(_("decision due"))
    replaces_decision = models.ForeignKey(
        "Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="reviews",
        verbose_name=_("decision under review"),
    )  # fmt: skip
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("aid request")
        verbose_name_plural = _("aid requests")
        constraints = [
            models.UniqueConstraint(fields=["ocmw", "number"], name="request_number_unique")
        ]
        indexes = [
            models.Index(fields=["ocmw", "state", "decision_due"]),
            models.Index(fields=["ocmw", "received_on"]),
        ]

    def __str__(self) -> str:
        return self.number

    @staticmethod
    def due_for(received_on):
        return received_on + timedelta(days=DECISION_DAYS)


class ItemStatus(models.TextChoices):
    OPEN = "open", _("to do")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class InvestigationItem(models.Model):
    """One point of the social investigation's minimum content, for one request."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=32)
    required = models.BooleanField(default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "code"], name="item_unique_per_request")
        ]
        ordering = ["pk"]


class HomeVisit(models.Model):
    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="home_visits")
    visited_on = models.DateField(_("date of the visit"))
    visited_by = models.CharField(_("visited by"), max_length=150)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)


class RecordedResource(models.Model):
    """An income established in the investigation's resources point: of the applicant
    (``member`` empty) or of a member of their household (partner, parents, children...), whose
    resources the law counts too (RD of 11 July 2002, art. 34). The calculator of the proposal
    starts from these (issue 10 §5)."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="resources")
    member = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("whose income"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=32)
    amount = models.DecimalField(_("net amount"), max_digits=9, decimal_places=2)
    period = models.CharField(_("period"), max_length=5, default="month")
    notes = models.CharField(_("source"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class Evidence(models.Model):
    """An uploaded document, stored with its SHA-256 so that it can be shown unchanged."""

    item = models.ForeignKey(InvestigationItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("grant")
    REFUSE = "refuse", _("refuse")
    MODIFY = "modify", _("modify")
    SUSPEND = "suspend", _("suspend")
    STOP = "stop", _("stop")
    RECOVER = "recover", _("recover")


class RefusalReason(models.TextChoices):
    RESOURCES = "resources_above_threshold", _("resources above the threshold")
    NO_RESIDENCE = "no_actual_residence", _("no actual residence")
    NOT_WILLING = "not_willing_to_work", _("not willing to work")
    NO_COOPERATION = "no_cooperation", _("no cooperation with the investigation")
    OTHER_BENEFIT = "other_benefit_first", _("other benefit to claim first")
    RESIDENCE_STATUS = "residence_status", _("not entitled by residence status")
    OTHER = "other", _("other")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    REVIEWED = "reviewed", _("reviewed, ready for the council")
    SCHEDULED = "scheduled", _("on the agenda")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    SUPERSEDED = "superseded", _("replaced by an amended version")


class Proposal(models.Model):
    """A proposed decision. Amending creates a new version; earlier versions are kept."""

    request = models.ForeignKey(AidRequest, on_delete=models.PROTECT, related_name="proposals")
    version = models.PositiveIntegerField(default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=12, choices=ProposalState.choices, default="draft")
    kind = models.CharField(_("proposed decision"), max_length=8, choices=DecisionKind.choices)
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    monthly_amount = models.DecimalField(
        _("monthly amount"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    category = models.PositiveSmallIntegerField(_("category"), null=True, blank=True)
    calculated_amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    amount_justification = models.TextField(_("justification of a different amount"), blank=True)
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=32, choices=RefusalReason.choices, blank=True
    )
    motivation = models.TextField(_("motivation"), blank=True)
    payment_iban = models.CharField(_("account for the payment (IBAN)"), max_length=34, blank=True)
    # Frozen at preparation: the situation sent to the rules, the result with its explanation,
    # and the rules version, so that the decision can be re-read and defended years later.
    situation = models.JSONField(null=True, blank=True)
    calculation = models.JSONField(null=True, blank=True)
    rules_version = models.CharField(max_length=64, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    prepared_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    edit_version = models.PositiveIntegerField(default=1)  # optimistic locking of drafts

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["request", "version"]
        constraints = [
            models.UniqueConstraint(fields=["request", "version"], name="proposal_version_unique")
        ]


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("planned")
    CLOSED = "closed", _("closed")


class Meeting(models.Model):
    """A meeting of the council committee (BCSD) that decides individual cases."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date of the meeting"))
    state = models.CharField(max_length=8, choices=MeetingState.choices, default="planned")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Why a weekend day or a second meeting on one day was confirmed (guards.check_meeting_date).
    planning_note = models.CharField(_("reason for this date"), max_length=200, blank=True)
    members_in_office = models.PositiveSmallIntegerField(
        _("sitting members (chair included)"), null=True, blank=True
    )
    # The minutes are signed by the secretary and the chair when the meeting is closed.
    signed_by_chair = models.CharField(max_length=150, blank=True)
    signed_by_secretary = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("council meeting")
        ordering = ["-held_on"]

    def voting_present(self) -> int:
        return sum(
            1
            for a in self.attendees.all()
            if a.present and a.function != AttendeeFunction.SECRETARY
        )


class AttendeeFunction(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
    SECRETARY = "secretary", _("secretary (no vote)")


class Attendee(models.Model):
    """Who was called to a meeting and whether they were present (the minutes' attendance)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=10, choices=AttendeeFunction.choices)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["meeting", "pk"]


class Outcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    AMENDED = "amended", _("amended")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The vote (guards.check_votes) and, when the meeting is after the 30-day deadline, why.
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    late_justification = models.TextField(_("why after the legal deadline"), blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "proposal"], name="agenda_unique")
        ]


class Decision(models.Model):
    """The council's decision, versioned: a change is a new row that points to this one."""

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="decisions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="decisions")
    request = models.ForeignKey(AidRequest, on_delete=models.PROTECT, related_name="decisions")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    aid_kind = models.CharField(max_length=24, choices=AidKind.choices)
    kind = models.CharField(max_length=8, choices=DecisionKind.choices)
    decided_on = models.DateField(_("date of the decision"))
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    monthly_amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    category = models.PositiveSmallIntegerField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=32, choices=RefusalReason.choices, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    version = models.PositiveIntegerField(default=1)
    notify_due = models.DateField(_("notification due"))
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    letter_pdf = models.BinaryField(null=True, blank=True, editable=False)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    letter_language = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [
            models.Index(fields=["ocmw", "decided_on"]),
            models.Index(fields=["ocmw", "notified_on", "notify_due"]),
            models.Index(fields=["ocmw", "effective_until"]),
            models.Index(fields=["person", "effective_from"]),
        ]


class LetterKind(models.TextChoices):
    DOCUMENTS = "documents", _("request for documents")
    REMINDER = "reminder", _("reminder")
    HEARING = "hearing", _("invitation to a hearing")


class Letter(models.Model):
    """A letter of the investigation (documents asked, a reminder, a hearing), generated once
    as a PDF in the person's language and kept with its SHA-256."""

    request = models.ForeignKey(AidRequest, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("kind of letter"), max_length=10, choices=LetterKind.choices)
    documents = models.TextField(_("documents asked"), blank=True)
    deadline = models.DateField(_("to be given by"), null=True, blank=True)
    reminds = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reminders"
    )
    hearing_at = models.DateTimeField(_("hearing on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    language = models.CharField(max_length=2)
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class OnlineState(models.TextChoices):
    NEW = "new", _("new, to match to a person")
    MATCHED = "matched", _("matched, registered as a request")


class OnlineRequest(models.Model):
    """A first request sent through the public form (issue 12 §3): an intake record.

    It has no person yet: the citizen's identity is what they typed. The legal clock starts on
    receipt (``received_on``, ``decision_due``); a worker matches it to an existing person (the
    registry's duplicate check) or registers a new one, and then an :class:`AidRequest` with the
    same date of receipt and channel "online" is registered and linked here. See
    docs/online-request.md for why this is not an aid request with an empty person.
    """

    ocmw = models.ForeignKey(Ocmw, on_delete=models.PROTECT, related_name="online_requests")
    reference = models.CharField(_("reference"), max_length=20)
    received_on = models.DateField(_("date of the request"))
    decision_due = models.DateField(_("decision due"))
    language = models.CharField(_("language"), max_length=2)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    insz = models.CharField(_("national number (INSZ)"), max_length=11, blank=True)
    street = models.CharField(_("street"), max_length=150, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    box = models.CharField(_("box"), max_length=10, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    kind = models.CharField(_("kind of aid"), max_length=24, choices=AidKind.choices)
    other_aid = models.CharField(
        _("which other aid"), max_length=16, choices=OtherAid.choices, blank=True
    )
    description = models.TextField(_("what is asked"), blank=True)
    consent_at = models.DateTimeField()
    selfcheck = models.JSONField(default=dict, blank=True)  # the self-check's answers, if sent
    state = models.CharField(max_length=8, choices=OnlineState.choices, default=OnlineState.NEW)
    acknowledged_at = models.DateTimeField(null=True, blank=True)  # the e-mail was sent
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="online_requests"
    )
    aid_request = models.OneToOneField(
        AidRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="online"
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("online request")
        constraints = [
            models.UniqueConstraint(fields=["ocmw", "reference"], name="online_reference_unique")
        ]
        indexes = [models.Index(fields=["ocmw", "state", "decision_due"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def number(self) -> str:  # the acknowledgement letter's "our reference"
        return self.reference


class OnlineDocument(models.Model):
    """A document sent with an online request, verified like evidence (``inputs.uploads``)."""

    online_request = models.ForeignKey(
        OnlineRequest, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(upload_to="online/%Y/%m/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
