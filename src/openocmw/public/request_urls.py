from django.urls import path

from . import request

urlpatterns = [
    path("request/", request.request_form, name="request"),
]
