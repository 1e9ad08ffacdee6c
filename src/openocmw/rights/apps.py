from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "openocmw.rights"
    label = "rights"
    verbose_name = _("Proactive rights")

    def ready(self) -> None:
        self._connect_hinges()
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

    def _connect_hinges(self) -> None:
        # Hinge moments (issue 11, §5): registry and casework changes that trigger a screening;
        # importing `hinges` also registers its job kinds.
        from django.db.models.signals import post_save

        from openocmw.accounts import models as accounts
        from openocmw.casework.signals import decision_recorded
        from openocmw.registry.models import PersonVersion
        from openocmw.registry.signals import household_changed

        from . import hinges, notices, partitions  # noqa: F401 (registers their job kinds)

        household_changed.connect(hinges.on_household_changed, dispatch_uid="rights_hinge_hh")
        post_save.connect(
            hinges.on_person_version_saved, sender=PersonVersion, dispatch_uid="rights_hinge_pv"
        )
        decision_recorded.connect(hinges.on_decision_recorded, dispatch_uid="rights_hinge_d")
        accounts.AUDIT_OBJECT_TYPES.update(
            {
                "hinge_moment": _("hinge moment (life event) of a household"),
                "rights_match": _("right a household appears to miss"),
                "rights_notice": _("notice: a right granted automatically ends"),
            }
        )
        accounts.AUDIT_PURPOSES.update(
            {
                "rights intake panel": _("rights a household appears to miss, at intake"),
                "rights hinge moment": _("screening of a household at a hinge moment"),
            }
        )
