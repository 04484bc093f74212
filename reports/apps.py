from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    label = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        # Register the Celery tasks in every process (web too): the services start the build by its
        # registered name (services.BUILD_TASK) instead of importing the tasks module.
        from . import tasks  # noqa: F401
