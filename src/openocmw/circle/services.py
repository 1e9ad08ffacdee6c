"""Rules of the rights circle and of the local proactive project; every refusal names its field.

Nothing here holds personal data, so nothing is written to the audit log; every query is
scoped to the actor's OCMW (`accounts.tenancy`), and changes need ``circle.change``.
"""

from __future__ import annotations

import secrets
import statistics
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from openocmw.accounts.tenancy import Actor, require
from openocmw.inputs.validation import clean_text

from .frameworks import (
    PROJECT_PHASES,
    REQUIRED_GROUPS,
    SCORE_MAX,
    SCORE_MIN,
    Framework,
    GroupKind,
    items_of,
)
from .models import (
    Action,
    ActionStatus,
    Answer,
    Assessment,
    Group,
    MemberKind,
    Project,
    ProjectPhase,
    QuestionnaireLink,
    Score,
    Signal,
    SignalStatus,
    SteeringMember,
)

# A phase is flagged when the groups' scores lie this far apart (on 0-10) or more.
GAP_THRESHOLD = 3


def assessments(actor: Actor):
    require(actor, "circle.view")
    return Assessment.objects.filter(ocmw_id=actor.ocmw_id)


def projects(actor: Actor):
    require(actor, "circle.view")
    return Project.objects.filter(ocmw_id=actor.ocmw_id)


LABELS = {
    "title": _lazy("title"),
    "name": _lazy("name"),
    "description": _lazy("improvement action"),
    "owner": _lazy("owner"),
    "partner": _lazy("partner organisation"),
    "raised_by": _lazy("raised by (group or organisation)"),
    "text": _lazy("signal"),
    "answer": _lazy("answer given back to the target group"),
}


def _text(value, field: str, *, required: bool = True, max_length: int = 4000, label=None) -> str:
    label = label or LABELS.get(field, field)
    text = clean_text(value or "", field=field, label=label, max_length=max_length).strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    return text


def parse_score(value, field: str) -> int:
    """A whole number from 0 to 10 ("7"; not "7.5", "11" or "seven")."""
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationError({field: _("Give a score from 0 to 10.")})
    try:
        number = int(text)
    except ValueError:
        raise ValidationError({field: _("The score is a whole number from 0 to 10.")}) from None
    if not SCORE_MIN <= number <= SCORE_MAX:
        raise ValidationError({field: _("The score is a whole number from 0 to 10.")})
    return number


@transaction.atomic
def create_assessment(
    actor: Actor, *, framework: str, title: str, held_on: date, previous: Assessment | None
) -> Assessment:
    require(actor, "circle.change")
    if framework not in Framework.values:
        raise ValidationError({"framework": _("Choose the checklist.")})
    title = _text(title, "title", max_length=200)
    if previous is not None and (
        previous.ocmw_id != actor.ocmw_id or previous.framework != framework
    ):
        raise ValidationError(
            {"previous": _("Compare with an earlier assessment of the same checklist.")}
        )
    if previous is not None and previous.held_on > held_on:
        raise ValidationError({"previous": _("The earlier assessment must come before this one.")})
    assessment = Assessment.objects.create(
        ocmw_id=actor.ocmw_id,
        framework=framework,
        title=title,
        held_on=held_on,
        previous=previous,
        created_by=actor.user,
    )
    for kind in REQUIRED_GROUPS:  # named by their kind, shown in the reader's language
        Group.objects.create(assessment=assessment, kind=kind, name=kind)
    return assessment


def add_group(actor: Actor, assessment: Assessment, name: str) -> Group:
    require(actor, "circle.change")
    name = _text(name, "name", max_length=120)
    if assessment.groups.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a group with this name.")})
    return Group.objects.create(assessment=assessment, kind=GroupKind.OTHER, name=name)


def clean_scores(framework: str, data) -> dict[str, tuple[int, str]]:
    """Every item of the checklist: ``{item}-score`` and ``{item}-justification``; all errors
    at once, each naming its field."""
    errors: dict[str, str] = {}
    out: dict[str, tuple[int, str]] = {}
    for item in items_of(framework):
        score_field, why_field = f"{item.code}-score", f"{item.code}-justification"
        try:
            score = parse_score(data.get(score_field), score_field)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            score = None
        try:
            why = clean_text(
                data.get(why_field) or "", field=why_field, label=item.label, max_length=4000
            ).strip()
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            why = None
        else:
            if not why:
                errors[why_field] = _("Explain the score of %(item)s: the reasons matter.") % {
                    "item": item.label
                }
        if score is not None and why:
            out[item.code] = (score, why)
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def save_scores(actor: Actor, group: Group, data) -> None:
    require(actor, "circle.change")
    if hasattr(group, "link"):
        raise ValidationError({"group": _("This group answers through the partner questionnaire.")})
    scores = clean_scores(group.assessment.framework, data)
    group.scores.all().delete()
    Score.objects.bulk_create(
        Score(group=group, item=code, score=s, justification=why)
        for code, (s, why) in scores.items()
    )


# --- the result: per item, the groups side by side -------------------------------------------


@dataclass
class Row:
    item: object  # frameworks.Item
    scores: list  # one (group, score | None, justification) per group
    spread: int | None
    gap: bool
    average: float | None
    previous: dict  # group name -> score in the earlier assessment
    previous_cells: list  # (group label, score) of the earlier assessment, for display


def result(assessment: Assessment) -> dict:
    groups = list(assessment.groups.prefetch_related("scores"))
    earlier, earlier_labels = {}, {}
    if assessment.previous_id:
        for g in assessment.previous.groups.prefetch_related("scores"):
            earlier[g.name] = {s.item: s.score for s in g.scores.all()}
            earlier_labels[g.name] = g.label
    by_group = {g.pk: {s.item: s for s in g.scores.all()} for g in groups}
    rows = []
    for item in items_of(assessment.framework):
        cells = []
        values = []
        for g in groups:
            s = by_group[g.pk].get(item.code)
            cells.append((g, s.score if s else None, s.justification if s else ""))
            if s:
                values.append(s.score)
        spread = max(values) - min(values) if len(values) >= 2 else None
        rows.append(
            Row(
                item=item,
                scores=cells,
                spread=spread,
                gap=spread is not None and spread >= GAP_THRESHOLD,
                average=round(statistics.mean(values), 1) if values else None,
                previous={name: sc.get(item.code) for name, sc in earlier.items()},
                previous_cells=[
                    (earlier_labels[name], sc.get(item.code)) for name, sc in earlier.items()
                ],
            )
        )
    complete = [g for g in groups if len(by_group[g.pk]) == len(rows)]
    return {"groups": groups, "rows": rows, "complete": complete, "earlier": earlier}


# --- improvement actions ---------------------------------------------------------------------


def save_action(actor: Actor, assessment: Assessment, data, action: Action | None = None):
    require(actor, "circle.change")
    codes = {i.code for i in items_of(assessment.framework)}
    errors = {}
    if data.get("item") not in codes:
        errors["item"] = _("Choose the phase this action improves.")
    for field in ("description", "owner"):
        try:
            data_value = _text(
                data.get(field), field, max_length=4000 if field == "description" else 120
            )
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        else:
            data = {**data, field: data_value}
    deadline = data.get("deadline")
    if not isinstance(deadline, date):
        errors["deadline"] = _("Give the deadline.")
    status = data.get("status") or ActionStatus.PLANNED
    if status not in ActionStatus.values:
        errors["status"] = _("Choose the status.")
    if errors:
        raise ValidationError(errors)
    action = action or Action(assessment=assessment)
    action.item, action.description, action.owner = data["item"], data["description"], data["owner"]
    action.deadline, action.status = deadline, status
    action.save()
    return action


# --- the anonymous partner questionnaire ----------------------------------------------------


def open_questionnaire(actor: Actor, group: Group, partner: str) -> QuestionnaireLink:
    require(actor, "circle.change")
    if group.kind != GroupKind.TARGET_GROUP:
        raise ValidationError({"group": _("The partner questionnaire is for the target group.")})
    partner = _text(partner, "partner", max_length=200)
    if hasattr(group, "link"):
        raise ValidationError({"partner": _("This group already has a questionnaire.")})
    if group.scores.exists():
        raise ValidationError({"partner": _("This group's scores were already entered.")})
    return QuestionnaireLink.objects.create(
        group=group, partner=partner, token=secrets.token_urlsafe(32)
    )


def link_for(token: str) -> QuestionnaireLink | None:
    if not token or len(token) > 64:
        return None
    return (
        QuestionnaireLink.objects.select_related("group__assessment")
        .filter(token=token, open=True)
        .first()
    )


@transaction.atomic
def submit_questionnaire(link: QuestionnaireLink, data) -> None:
    """One anonymous response: a score and, if the respondent wants, a reason per question.
    The group's score per item becomes the median of the responses, its justification the
    reasons given (the seed: the reasons matter more than a number)."""
    framework = link.group.assessment.framework
    errors, answers = {}, []
    for item in items_of(framework):
        field = f"{item.code}-score"
        try:
            score = parse_score(data.get(field), field)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            continue
        try:
            reason = clean_text(
                data.get(f"{item.code}-reason") or "",
                field=f"{item.code}-reason",
                label=item.label,
                max_length=2000,
            ).strip()
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            continue
        answers.append((item.code, score, reason))
    if errors:
        raise ValidationError(errors)
    link = QuestionnaireLink.objects.select_for_update().get(pk=link.pk)
    number = (
        link.answers.order_by("-response").values_list("response", flat=True).first() or 0
    ) + 1
    Answer.objects.bulk_create(
        Answer(link=link, response=number, item=code, score=s, reason=r) for code, s, r in answers
    )
    _summarise(link)


def _summarise(link: QuestionnaireLink) -> None:
    group = link.group
    group.scores.all().delete()
    by_item: dict[str, list[Answer]] = {}
    for a in link.answers.order_by("response"):
        by_item.setdefault(a.item, []).append(a)
    rows = []
    for code, answers in by_item.items():
        median = statistics.median(a.score for a in answers)
        reasons = [a.reason for a in answers if a.reason]
        summary = _("Answers received: %(n)s (the score is their median).") % {"n": len(answers)}
        rows.append(
            Score(
                group=group,
                item=code,
                score=int(median + 0.5),
                justification="\n".join([summary, *(f"– {r}" for r in reasons)]),
            )
        )
    Score.objects.bulk_create(rows)


# --- the local proactive project ------------------------------------------------------------


@transaction.atomic
def create_project(actor: Actor, name: str, deadlines: dict[int, date | None]) -> Project:
    require(actor, "circle.change")
    errors = {}
    try:
        name = _text(name, "name", max_length=200)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    previous = None
    for number, _label, _tasks in PROJECT_PHASES:
        day = deadlines.get(number)
        if not isinstance(day, date):
            errors[f"deadline_{number}"] = _("Give the deadline of this phase.")
        elif previous is not None and day < previous:
            errors[f"deadline_{number}"] = _("A phase cannot end before the phase before it.")
        else:
            previous = day
    if errors:
        raise ValidationError(errors)
    project = Project.objects.create(ocmw_id=actor.ocmw_id, name=name)
    ProjectPhase.objects.bulk_create(
        ProjectPhase(project=project, number=n, deadline=deadlines[n])
        for n, _l, _t in PROJECT_PHASES
    )
    return project


@transaction.atomic
def set_steering_group(actor: Actor, project: Project, members: list[tuple[str, str]]) -> None:
    """The steering group: at least the OCMW and one organisation of the target group
    (seed 003, l. 2862-2868 and 3966-3974: the target group takes part in steering)."""
    require(actor, "circle.change")
    errors = {}
    clean = []
    for i, (organisation, kind) in enumerate(members):
        if not (organisation or "").strip() and not kind:
            continue
        try:
            organisation = _text(
                organisation, f"organisation_{i}", max_length=200, label=_lazy("organisation")
            )
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        if kind not in MemberKind.values:
            errors[f"kind_{i}"] = _("Choose the kind of member.")
        clean.append((organisation, kind))
    kinds = {k for _o, k in clean}
    if not errors and MemberKind.OCMW not in kinds:
        errors["steering"] = _("The steering group must include the OCMW.")
    if not errors and MemberKind.TARGET_GROUP_ORG not in kinds:
        errors["steering"] = _(
            "The steering group must include at least one organisation of the target group."
        )
    if errors:
        raise ValidationError(errors)
    project.steering.all().delete()
    SteeringMember.objects.bulk_create(
        SteeringMember(project=project, organisation=o, kind=k) for o, k in clean
    )


def set_phase_done(actor: Actor, phase: ProjectPhase, done: bool) -> None:
    require(actor, "circle.change")
    if done and phase.number > 1:
        before = phase.project.phases.filter(number__lt=phase.number, done=False)
        if before.exists():
            raise ValidationError({"done": _("Finish the phases before this one first.")})
    phase.done = done
    phase.save(update_fields=["done"])


def save_signal(actor: Actor, project: Project, data, signal: Signal | None = None) -> Signal:
    """A signal has a status; once it is decided (taken up or not) the answer given back to the
    target group is required (seed 003, l. 3979-3985: feedback on the signals taken up, and
    the reasons why others cannot be addressed now)."""
    require(actor, "circle.change")
    errors = {}
    values = {}
    for field, required, size in (
        ("raised_by", True, 200),
        ("text", True, 4000),
        ("answer", False, 4000),
    ):
        try:
            values[field] = _text(data.get(field), field, required=required, max_length=size)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    raised_on = data.get("raised_on")
    if not isinstance(raised_on, date):
        errors["raised_on"] = _("Give the date the signal was raised.")
    status = data.get("status") or SignalStatus.RAISED
    if status not in SignalStatus.values:
        errors["status"] = _("Choose the status.")
    answered_on = data.get("answered_on")
    decided = status in (SignalStatus.TAKEN_UP, SignalStatus.NOT_POSSIBLE)
    if decided and not values.get("answer") and "answer" not in errors:
        errors["answer"] = _("Write the answer given back to the target group.")
    if decided and not isinstance(answered_on, date):
        errors["answered_on"] = _("Give the date the answer was given.")
    if isinstance(answered_on, date) and isinstance(raised_on, date) and answered_on < raised_on:
        errors["answered_on"] = _("The answer cannot come before the signal.")
    if errors:
        raise ValidationError(errors)
    signal = signal or Signal(project=project)
    signal.raised_on, signal.raised_by, signal.text = raised_on, values["raised_by"], values["text"]
    signal.status, signal.answer = status, values["answer"]
    signal.answered_on = answered_on if isinstance(answered_on, date) else None
    signal.save()
    return signal
