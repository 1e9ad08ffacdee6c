"""The rights circle's API routes, included under /api/v1/circle/ by openocmw.api.urls."""

from django.urls import path

from . import api

urlpatterns = [
    path("assessments", api.Assessments.as_view(), name="api_circle_assessments"),
    path(
        "assessments/<int:assessment_id>",
        api.AssessmentDetail.as_view(),
        name="api_circle_assessment",
    ),
    path(
        "assessments/<int:assessment_id>/groups",
        api.Groups.as_view(),
        name="api_circle_groups",
    ),
    path(
        "assessments/<int:assessment_id>/groups/<int:group_id>/scores",
        api.Scores.as_view(),
        name="api_circle_scores",
    ),
    path(
        "assessments/<int:assessment_id>/actions",
        api.Actions.as_view(),
        name="api_circle_actions",
    ),
    path(
        "assessments/<int:assessment_id>/actions/<int:action_id>",
        api.ActionDetail.as_view(),
        name="api_circle_action",
    ),
]
