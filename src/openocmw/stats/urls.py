from django.urls import path

from . import views

urlpatterns = [
    path("", views.page, name="stats_observatory"),
    path("export/<str:fmt>", views.export, name="stats_export"),
    path("reform/", views.reform_page, name="stats_reform"),
    path("reform/<int:job_id>/export/<str:fmt>", views.reform_export, name="stats_reform_export"),
]
