from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "openocmw.rights"
    label = "rights"
    verbose_name = _("Proactive rights")

    def ready(self) -> None:
        # The audit log shows labels for the codes this app writes.
        from openocmw.accounts.models import AUDIT_OBJECT_TYPES, AUDIT_PURPOSES

        AUDIT_OBJECT_TYPES.update(
            {
                "right_version": _("version of a right in the catalogue"),
                "screening_run": _("screening for rights"),
                "worklist_entry": _("possible missed right"),
                "rights_outcome": _("outcome of a possible missed right"),
                "rights_contact": _("contact about a possible missed right"),
                "rights_campaign": _("outreach campaign"),
            }
        )
        AUDIT_PURPOSES.update(
            {
                "rights catalogue": _("maintaining the rights catalogue"),
                "rights screening": _("screening for missed rights"),
                "rights worklist": _("list of persons who may miss a right"),
                "rights outreach": _("reaching persons who may miss a right"),
            }
        )
