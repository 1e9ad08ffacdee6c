from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "openocmw.public"
    label = "public"
    verbose_name = "Public pages"
