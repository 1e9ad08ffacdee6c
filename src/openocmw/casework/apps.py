from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "openocmw.casework"
    label = "casework"
    verbose_name = "Hulpvragen en beslissingen"
