from django.urls import path

from . import views

urlpatterns = [
    path("", views.page, name="stats_observatory"),
    path("export/<str:fmt>", views.export, name="stats_export"),
    path("reform/", views.reform_page, name="stats_reform"),
]
