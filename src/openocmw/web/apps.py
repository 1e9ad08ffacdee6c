from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openocmw.web"
    label = "web"
