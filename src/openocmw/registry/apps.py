from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "openocmw.registry"
    label = "registry"
    verbose_name = _("Persons and households")

    def ready(self):
        # The security adviser filters the audit log by INSZ (accounts.subjects).
        from openocmw.accounts.subjects import register_finder

        from .services_audit import persons_with_insz

        register_finder(persons_with_insz)
