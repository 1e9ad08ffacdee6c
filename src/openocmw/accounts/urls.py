from django.contrib.auth import views as auth_views
from django.urls import path

from . import letterhead_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("ocmw/", views.switch_ocmw, name="switch_ocmw"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("ocmw/letterhead/", letterhead_views.letterhead_page, name="ocmw_letterhead"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
]
