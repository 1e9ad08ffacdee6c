"""Rights circle assessments, improvement actions, the partner questionnaire and the local
proactive project (issue 12 §4, seed 003). No personal data: groups answer as groups, the
questionnaire is anonymous (no name, no address, no IP address is stored)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .frameworks import Framework, GroupKind


class Assessment(models.Model):
    """One run of a checklist (rights circle or seven B's) by an OCMW or its local network."""

    ocmw = models.ForeignKey("accounts.Ocmw", on_delete=models.PROTECT, related_name="+")
    framework = models.CharField(_("checklist"), max_length=20, choices=Framework.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date of the assessment"))
    previous = models.ForeignKey(
        "self",
        verbose_name=_("earlier assessment to compare with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later",
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Group(models.Model):
    """A group that scores every item: the target group, the staff, the policy level, ..."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(_("kind of group"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("name of the group"), max_length=120)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "name"], name="circle_group_unique_name")
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        """The name shown: a group created with the assessment is named by its kind (stored
        as the code, shown in the reader's language); a group added later by its name."""
        if self.kind != GroupKind.OTHER and self.name == self.kind:
            return GroupKind(self.kind).label
        return self.name


class Score(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="scores")
    item = models.CharField(max_length=30)
    score = models.PositiveSmallIntegerField(_("score"))
    justification = models.TextField(_("justification"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "item"], name="circle_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=10), name="circle_score_0_10"
            ),
        ]


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class Action(models.Model):
    """An improvement action, linked to a phase (item) of the checklist."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    item = models.CharField(_("phase"), max_length=30)
    description = models.TextField(_("improvement action"))
    owner = models.CharField(_("owner"), max_length=120)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    class Meta:
        ordering = ["deadline", "pk"]


class QuestionnaireLink(models.Model):
    """The anonymous questionnaire a partner organisation runs with the target group."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="link")
    partner = models.CharField(_("partner organisation"), max_length=200)
    token = models.CharField(max_length=43, unique=True)
    open = models.BooleanField(_("open"), default=True)

    @property
    def responses(self) -> int:
        """How many people answered (each response has one answer per question)."""
        return self.answers.values("response").distinct().count()


class Answer(models.Model):
    """One anonymous respondent's answer to one question (nothing identifies the respondent)."""

    link = models.ForeignKey(QuestionnaireLink, on_delete=models.CASCADE, related_name="answers")
    response = models.PositiveIntegerField()  # the n-th response to this questionnaire
    item = models.CharField(max_length=30)
    score = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)


# --- the local proactive project (seed 003, l. 2876-2904) ------------------------------------


class Project(models.Model):
    ocmw = models.ForeignKey("accounts.Ocmw", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name of the project"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("local proactive project")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.name


class ProjectPhase(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField()
    deadline = models.DateField(_("deadline"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="circle_phase_unique")
        ]


class MemberKind(models.TextChoices):
    OCMW = "ocmw", _("the OCMW")
    TARGET_GROUP_ORG = "target_group_org", _("organisation of the target group")
    SERVICE = "service", _("other service or partner")


class SteeringMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steering")
    organisation = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("kind of member"), max_length=20, choices=MemberKind.choices)

    class Meta:
        ordering = ["pk"]


class SignalStatus(models.TextChoices):
    RAISED = "raised", _("raised")
    UNDER_CONSIDERATION = "under_consideration", _("under consideration")
    TAKEN_UP = "taken_up", _("taken up")
    NOT_POSSIBLE = "not_possible", _("cannot be taken up now")


class Signal(models.Model):
    """A signal raised by the target group; the answer is given back to the group (l. 3979-3985)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="signals")
    raised_on = models.DateField(_("raised on"))
    raised_by = models.CharField(_("raised by (group or organisation)"), max_length=200)
    text = models.TextField(_("signal"))
    status = models.CharField(
        _("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.RAISED
    )
    answer = models.TextField(_("answer given back to the target group"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-pk"]
