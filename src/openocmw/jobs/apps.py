from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "openocmw.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # Each app declares its job kinds in its own ``jobs`` module.
        from . import builtin  # noqa: F401 - the platform's own kinds

        autodiscover_modules("jobs")
