from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "openocmw.exchange"
    label = "exchange"
    verbose_name = _("Federal data flows and exchange")

    def ready(self) -> None:
        from openocmw.accounts.models import AUDIT_OBJECT_TYPES, AUDIT_PURPOSES

        from . import jobs  # noqa: F401  (registers the job kinds)

        AUDIT_OBJECT_TYPES.update(
            {
                "consultation": _("consultation of a federal data flow"),
                "mutation": _("change reported by a data flow"),
                "flow_warning": _("cross-check warning"),
                "recovery_proposal": _("recovery proposal"),
                "social_report": _("electronic social report"),
                "exchange_message": _("exchange message"),
            }
        )
        AUDIT_PURPOSES.update(
            {
                "flow consultation": _("consultation of a federal data flow"),
                "e-box": _("e-box of cross-check warnings"),
                "social report": _("electronic social report between OCMWs"),
                "mutations": _("changes reported by the data flows"),
            }
        )
