from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GpmiConfig(AppConfig):
    name = "openocmw.gpmi"
    label = "gpmi"
    verbose_name = _("Integration projects (GPMI)")

    def ready(self) -> None:
        from openocmw.casework.signals import decision_recorded

        from .integration import on_decision

        decision_recorded.connect(on_decision, dispatch_uid="gpmi.on_decision")
        # The audit log shows labels for the codes this app writes (accounts.models asks every
        # app that writes a new object type or purpose to add its label there).
        from openocmw.accounts.models import AUDIT_OBJECT_TYPES, AUDIT_PURPOSES

        AUDIT_OBJECT_TYPES.update(
            {
                "gpmi": _("GPMI"),
                "gpmi_contract": _("GPMI contract"),
                "gpmi_evaluation": _("GPMI evaluation"),
                "social_balance": _("social balance"),
                "gpmi_consent": _("consent for the electronic social report"),
                "gpmi_exemption": _("GPMI exemption"),
                "leefloon_start": _("leefloon start"),
                "gpmi_breach": _("breach of a GPMI"),
                "gpmi_hearing": _("hearing"),
                "sanction_proposal": _("sanction proposal"),
                "gpmi_staff_time": _("time spent on GPMIs"),
                "gpmi_statistics": _("GPMI statistics"),
                "social_report": _("electronic social report"),
            }
        )
        AUDIT_PURPOSES.update(
            {
                "gpmi file": _("consulting the GPMI"),
                "gpmi worklist": _("list of persons who need a GPMI"),
                "gpmi dashboard": _("GPMI dashboard"),
                "gpmi contract pdf": _("GPMI contract as PDF"),
                "gpmi statistics": _("GPMI statistics"),
                "social report": _("electronic social report"),
                "staff time report": _("report of time spent on GPMIs"),
            }
        )
