from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openocmw.api"
    label = "api"
