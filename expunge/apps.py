from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpungeConfig(AppConfig):
    name = "expunge"
    verbose_name = _("Record clearing")
