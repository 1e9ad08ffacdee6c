from django.contrib.auth import views as auth_views
from django.urls import path

from . import audit_views, letterhead_views, users_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("ocmw/", views.switch_ocmw, name="switch_ocmw"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", users_views.user_list, name="users"),
    path("users/<int:user_id>/", users_views.user_detail, name="user_detail"),
    path("users/<int:user_id>/action/", users_views.user_action, name="user_action"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/verify/", audit_views.audit_verify, name="audit_verify"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
    path("audit/export/<int:job_id>/", audit_views.audit_export_job, name="audit_export_job"),
    path(
        "audit/export/<int:job_id>/progress/",
        audit_views.audit_export_progress,
        name="audit_export_progress",
    ),
    path(
        "audit/export/<int:job_id>/download/",
        audit_views.audit_export_download,
        name="audit_export_download",
    ),
    path("audit/verify/<int:job_id>/", audit_views.audit_verify_job, name="audit_verify_job"),
    path(
        "audit/verify/<int:job_id>/progress/",
        audit_views.audit_verify_progress,
        name="audit_verify_progress",
    ),
    path("ocmw/letterhead/", letterhead_views.letterhead_page, name="ocmw_letterhead"),
]
