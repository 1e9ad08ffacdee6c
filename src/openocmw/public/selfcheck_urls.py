from django.urls import path

from . import selfcheck

urlpatterns = [
    path("selfcheck/", selfcheck.questionnaire, name="selfcheck"),
]
