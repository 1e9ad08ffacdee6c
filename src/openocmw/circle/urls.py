from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.home, name="circle_home"),
    path("<int:pk>/", views.assessment, name="circle_assessment"),
    path("<int:pk>/groups/", views.add_group, name="circle_add_group"),
    path("<int:pk>/groups/<int:group_id>/", views.group_scores, name="circle_scores"),
    path(
        "<int:pk>/groups/<int:group_id>/questionnaire/",
        views.open_questionnaire,
        name="circle_open_questionnaire",
    ),
    path("<int:pk>/actions/", views.add_action, name="circle_add_action"),
    path("<int:pk>/actions/<int:action_id>/", views.add_action, name="circle_update_action"),
    path("<int:pk>/report.pdf", views.report, name="circle_report"),
    re_path(r"^(?P<pk>[0-9]+)/export\.(?P<fmt>csv|xlsx)$", views.export, name="circle_export"),
    path("q/<str:token>/", views.questionnaire, name="circle_questionnaire"),
    path("projects/", views.project_create, name="circle_project_create"),
    path("projects/<int:pk>/", views.project, name="circle_project"),
    path("projects/<int:pk>/steering/", views.project_steering, name="circle_steering"),
    path("projects/<int:pk>/phases/<int:number>/", views.project_phase, name="circle_phase"),
    path("projects/<int:pk>/signals/", views.project_signal, name="circle_signal"),
    path(
        "projects/<int:pk>/signals/<int:signal_id>/",
        views.project_signal,
        name="circle_signal_update",
    ),
]
