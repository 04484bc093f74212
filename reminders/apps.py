from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    label = "reminders"
    verbose_name = _("Nhắc việc")

    def ready(self):
        from dtsystem.units.reorganisation import register_mover

        from . import reorganisation

        register_mover("reminders", preview=reorganisation.preview, apply=reorganisation.apply)
