from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircleConfig(AppConfig):
    name = "openocmw.circle"
    label = "circle"
    verbose_name = _("Rights circle")
