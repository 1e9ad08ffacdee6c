from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "openocmw.stats"
    label = "stats"
    verbose_name = _("Statistical observatory")

    def ready(self) -> None:
        from openocmw.accounts.models import AUDIT_OBJECT_TYPES, AUDIT_PURPOSES

        AUDIT_OBJECT_TYPES.update({"observatory": _("statistical observatory")})
        from . import aggregates

        aggregates.connect()
        AUDIT_PURPOSES.update({"observatory": _("statistics of the right to social integration")})
