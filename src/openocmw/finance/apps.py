from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "openocmw.finance"
    label = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        # Labels of the audit codes this app writes (see accounts.models AUDIT_OBJECT_TYPES).
        from openocmw.accounts.models import AUDIT_OBJECT_TYPES, AUDIT_PURPOSES

        AUDIT_OBJECT_TYPES.update(
            {
                "bank_account": _("bank account"),
                "payment_run": _("payment run"),
                "payment": _("payment"),
                "recovery_claim": _("recovery claim"),
                "sepa_file": _("SEPA transfer file"),
                "refund_claim": _("state refund claim"),
                "law65_form": _("Law of 1965 form"),
                "medical_decision": _("medical aid decision"),
                "medical_invoice": _("medical invoice line"),
                "art60_contract": _("art. 60 §7 contract"),
                "payer_account": _("account of the OCMW"),
                "psa_cost": _("PSA cost"),
                "psa_grant": _("PSA grant"),
                "spi_use": _("use of the socio-professional exemption"),
                "suspension": _("suspension"),
            }
        )
        AUDIT_PURPOSES.update(
            {
                "payment run": _("monthly payment run"),
                "recovery": _("recovery of an overpayment"),
                "medical lookup": _("look-up by a care provider"),
                "finance": _("financial administration"),
            }
        )
