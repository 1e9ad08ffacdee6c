from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircleConfig(AppConfig):
    name = "openocmw.circle"
    label = "circle"
    verbose_name = _("Rights circle")

    def ready(self) -> None:
        from openocmw.accounts.models import AUDIT_OBJECT_TYPES

        AUDIT_OBJECT_TYPES.update({"circle_assessment": _("rights circle assessment")})
