from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "openocmw.journal"
    label = "journal"
    verbose_name = _("The file's journal, documents and appointments")
