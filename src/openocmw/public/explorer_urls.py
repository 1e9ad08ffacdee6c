from django.urls import path

from . import explorer

urlpatterns = [
    path("", explorer.catalogue, name="explorer"),
    path("rights/<slug:code>/", explorer.right, name="right"),
]
