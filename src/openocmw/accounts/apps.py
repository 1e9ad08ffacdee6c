from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openocmw.accounts"
    label = "accounts"
    verbose_name = _("OCMWs, users and audit")

    def ready(self):
        from . import checks, signals

        signals.connect_axes()
        checks.register()
