from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "openocmw.registry"
    label = "registry"
    verbose_name = "Personen en gezinnen"
