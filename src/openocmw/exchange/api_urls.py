from django.urls import path

from . import api

urlpatterns = [
    path("messages", api.InboundMessage.as_view(), name="exchange_api_messages"),
    path("warnings", api.Warnings.as_view(), name="exchange_api_warnings"),
]
