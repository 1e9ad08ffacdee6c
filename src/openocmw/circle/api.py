"""The rights circle in the JSON API (/api/v1/circle/...), as the pages offer it (issue 12 §4).

List the assessments of the user's OCMW, read one with every group's scores and justifications
side by side (gaps flagged, never an average alone), create one, add a group, enter a group's
scores, add and update improvement actions. The same rules as the pages (``circle.services``):
reading needs ``circle.view``, changing ``circle.change`` (team lead, OCMW administrator); an
assessment of another OCMW is a 404 (the attempt is audited, ``audit.fetch``); every read and
change is written to the audit log; bad input is named by its field in the user's language.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from openocmw.accounts import audit
from openocmw.accounts.tenancy import require
from openocmw.api.framework import (
    ApiView,
    Choice,
    DayField,
    StrictSerializer,
    TextField,
    WholeNumberField,
    django_validation_errors,
    error,
)
from openocmw.registry.api import refusals

from . import services
from .frameworks import ITEMS, SCORE_MAX, SCORE_MIN, Framework, GroupKind, items_of
from .models import Action, ActionStatus, Assessment, Group

TAG = ["circle"]
OBJECT = "circle_assessment"
PURPOSE = "api"
ALL_ITEMS = sorted({i.code for items in ITEMS.values() for i in items})


# --- Input -------------------------------------------------------------------------------------


class ListQuery(StrictSerializer):
    framework = Choice(choices=Framework.choices, required=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200, default=50)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=10**9, default=0)


class AssessmentInput(StrictSerializer):
    framework = Choice(choices=Framework.choices)
    title = TextField(max_length=200)
    held_on = DayField()
    previous_id = WholeNumberField(
        required=False, allow_null=True, help_text="An earlier assessment of the same checklist"
    )


class GroupInput(StrictSerializer):
    name = TextField(max_length=120)


class ScoreInput(StrictSerializer):
    item = Choice(choices=ALL_ITEMS, help_text="A phase (item) of the assessment's checklist")
    score = WholeNumberField(min_value=SCORE_MIN, max_value=SCORE_MAX)
    justification = TextField(max_length=4000, allow_blank=True)


class ScoresInput(StrictSerializer):
    scores = ScoreInput(
        many=True, help_text="Every item of the checklist once, each with its justification"
    )


class ActionInput(StrictSerializer):
    item = Choice(choices=ALL_ITEMS, help_text="The phase (item) the action improves")
    description = TextField(max_length=4000)
    owner = TextField(max_length=120)
    deadline = DayField()
    status = Choice(choices=ActionStatus.choices, required=False)


# --- Output ------------------------------------------------------------------------------------


class AssessmentSummary(serializers.Serializer):
    id = serializers.IntegerField()
    framework = serializers.ChoiceField(choices=Framework.choices)
    title = serializers.CharField()
    held_on = serializers.DateField()
    previous_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class AssessmentList(serializers.Serializer):
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    results = AssessmentSummary(many=True)


class GroupOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=GroupKind.choices)
    name = serializers.CharField(help_text="In the reader's language for the standard groups")
    complete = serializers.BooleanField(help_text="Every item scored")
    questionnaire = serializers.BooleanField(help_text="Answers through the partner questionnaire")


class CellOut(serializers.Serializer):
    group_id = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True)
    justification = serializers.CharField()


class EarlierOut(serializers.Serializer):
    group = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)


class ItemOut(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    scores = CellOut(many=True, help_text="One per group, with the reasons side by side")
    spread = serializers.IntegerField(allow_null=True, help_text="Highest minus lowest score")
    gap = serializers.BooleanField(help_text="The groups differ by gap_threshold or more")
    average = serializers.FloatField(allow_null=True)
    earlier = EarlierOut(many=True, help_text="The scores of the earlier assessment")


class ActionOut(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.CharField()
    description = serializers.CharField()
    owner = serializers.CharField()
    deadline = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)


class AssessmentOut(AssessmentSummary):
    gap_threshold = serializers.IntegerField()
    groups = GroupOut(many=True)
    items = ItemOut(many=True)
    actions = ActionOut(many=True)


# --- Helpers -----------------------------------------------------------------------------------


def _assessment(actor, assessment_id: int, *, record_view: bool = True) -> Assessment:
    require(actor, "circle.view")
    try:
        return audit.fetch(
            actor,
            Assessment.objects.all(),
            assessment_id,
            object_type=OBJECT,
            purpose=PURPOSE,
            record_view=record_view,
        )
    except Assessment.DoesNotExist:
        raise error(404, _("No such assessment in your OCMW."), code="not_found") from None


def _detail(a: Assessment) -> dict:
    res = services.result(a)
    complete = {g.pk for g in res["complete"]}
    linked = set(
        Group.objects.filter(assessment=a, link__isnull=False).values_list("pk", flat=True)
    )
    return {
        "id": a.pk,
        "framework": a.framework,
        "title": a.title,
        "held_on": a.held_on,
        "previous_id": a.previous_id,
        "created_at": a.created_at,
        "gap_threshold": services.GAP_THRESHOLD,
        "groups": [
            {
                "id": g.pk,
                "kind": g.kind,
                "name": str(g.label),
                "complete": g.pk in complete,
                "questionnaire": g.pk in linked,
            }
            for g in res["groups"]
        ],
        "items": [
            {
                "code": r.item.code,
                "label": str(r.item.label),
                "scores": [
                    {"group_id": g.pk, "score": s, "justification": why} for g, s, why in r.scores
                ],
                "spread": r.spread,
                "gap": r.gap,
                "average": r.average,
                "earlier": [{"group": str(lbl), "score": s} for lbl, s in r.previous_cells],
            }
            for r in res["rows"]
        ],
        "actions": list(a.actions.all()),
    }


def _answer_detail(view, a: Assessment, status: int = 200):
    return view.answer(AssessmentOut(_detail(a)).data, status)


def _changed(actor, a: Assessment, action: str, **detail) -> None:
    audit.record(actor, action, object_type=OBJECT, object_id=a.pk, purpose=PURPOSE, detail=detail)


def _score_field(key: str) -> str:
    """``prevention-score`` (the page's field) as ``scores.prevention.score``."""
    if "-" in key:
        item, part = key.rsplit("-", 1)
        return f"scores.{item}.{part}"
    return key


# --- Views -------------------------------------------------------------------------------------


class Assessments(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The rights circle and seven B's assessments of the OCMW, newest first",
        operation_id="circle_assessments_list",
        parameters=[ListQuery],
        responses={200: AssessmentList} | refusals(400, 401, 403),
    )
    def get(self, request):
        qs = services.assessments(self.actor)
        q = self.valid(ListQuery, {k: request.query_params.get(k) for k in request.GET})
        if q.get("framework"):
            qs = qs.filter(framework=q["framework"])
        count = qs.count()
        rows = list(qs[q["offset"] : q["offset"] + q["limit"]])
        audit.record(
            self.actor, "view", object_type=OBJECT, purpose=PURPOSE, detail={"list": count}
        )
        return self.answer(
            AssessmentList({"count": count, "offset": q["offset"], "results": rows}).data
        )

    @extend_schema(
        tags=TAG,
        summary="Start an assessment (the target group, the staff and the policy level score it)",
        operation_id="circle_assessments_create",
        request=AssessmentInput,
        responses={201: AssessmentOut} | refusals(400, 401, 403),
    )
    def post(self, request):
        require(self.actor, "circle.change")
        data = self.valid(AssessmentInput)
        previous = None
        if data.get("previous_id") is not None:
            previous = services.assessments(self.actor).filter(pk=data["previous_id"]).first()
            if previous is None:
                raise error(
                    400, _("Compare with an earlier assessment of the same checklist."),
                    field="previous_id",
                )  # fmt: skip
        try:
            a = services.create_assessment(
                self.actor, framework=data["framework"], title=data["title"],
                held_on=data["held_on"], previous=previous,
            )  # fmt: skip
        except ValidationError as exc:
            raise _renamed(exc, {"previous": "previous_id"}) from None
        _changed(self.actor, a, "create", framework=a.framework)
        return _answer_detail(self, a, 201)


def _renamed(exc: ValidationError, names: dict) -> Exception:
    if hasattr(exc, "error_dict"):
        exc = ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})
    return django_validation_errors(exc)


class AssessmentDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="An assessment: per item every group's score and justification, gaps flagged, "
        "the earlier assessment's scores, and the improvement actions",
        operation_id="circle_assessment",
        responses={200: AssessmentOut} | refusals(401, 403, 404),
    )
    def get(self, request, assessment_id: int):
        return _answer_detail(self, _assessment(self.actor, assessment_id))


class Groups(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Add a group that scores the assessment (besides the three required ones)",
        operation_id="circle_groups_add",
        request=GroupInput,
        responses={201: AssessmentOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, assessment_id: int):
        require(self.actor, "circle.change")
        a = _assessment(self.actor, assessment_id, record_view=False)
        data = self.valid(GroupInput)
        group = services.add_group(self.actor, a, data["name"])
        _changed(self.actor, a, "update", group=group.pk)
        return _answer_detail(self, a, 201)


class Scores(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Enter (or replace) a group's scores: every item 0-10 with its justification",
        operation_id="circle_scores_set",
        request=ScoresInput,
        responses={200: AssessmentOut} | refusals(400, 401, 403, 404),
    )
    def put(self, request, assessment_id: int, group_id: int):
        require(self.actor, "circle.change")
        a = _assessment(self.actor, assessment_id, record_view=False)
        group = a.groups.filter(pk=group_id).first()
        if group is None:
            raise error(404, _("No such group in this assessment."), code="not_found")
        rows = self.valid(ScoresInput)["scores"]
        codes = {i.code for i in items_of(a.framework)}
        data, errors = {}, {}
        for index, row in enumerate(rows):
            if row["item"] not in codes:
                errors[f"scores.{index}.item"] = _("This item is not part of this checklist.")
            elif f"{row['item']}-score" in data:
                errors[f"scores.{index}.item"] = _("Each item is scored once.")
            else:
                data[f"{row['item']}-score"] = row["score"]
                data[f"{row['item']}-justification"] = row["justification"]
        if errors:
            raise django_validation_errors(ValidationError(errors))
        try:
            services.save_scores(self.actor, group, data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                exc = ValidationError({_score_field(k): v for k, v in exc.error_dict.items()})
            raise django_validation_errors(exc) from None
        _changed(self.actor, a, "update", group=group.pk, scores=len(data) // 2)
        return _answer_detail(self, a)


def _action_data(data: dict) -> dict:
    return {**data, "status": data.get("status") or ActionStatus.PLANNED}


class Actions(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Add an improvement action to a phase, with its owner, deadline and status",
        operation_id="circle_actions_add",
        request=ActionInput,
        responses={201: ActionOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, assessment_id: int):
        require(self.actor, "circle.change")
        a = _assessment(self.actor, assessment_id, record_view=False)
        data = self.valid(ActionInput)
        action = services.save_action(self.actor, a, _action_data(data))
        _changed(self.actor, a, "update", improvement_action=action.pk)
        return self.answer(ActionOut(action).data, 201)


class ActionDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="Change an improvement action (all its fields, e.g. its status)",
        operation_id="circle_action_update",
        request=ActionInput,
        responses={200: ActionOut} | refusals(400, 401, 403, 404),
    )
    def put(self, request, assessment_id: int, action_id: int):
        require(self.actor, "circle.change")
        a = _assessment(self.actor, assessment_id, record_view=False)
        action = Action.objects.filter(assessment=a, pk=action_id).first()
        if action is None:
            raise error(404, _("No such improvement action in this assessment."), code="not_found")
        data = self.valid(ActionInput)
        action = services.save_action(self.actor, a, _action_data(data), action)
        _changed(self.actor, a, "update", improvement_action=action.pk)
        return self.answer(ActionOut(action).data)
