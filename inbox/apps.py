from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inbox"
    verbose_name = _("Việc cần xử lý")

    def ready(self):
        # Register the Celery task in every process (web too): inbox_notify starts the e-mails by the
        # task's registered name (services.SEND_TASK), after commit.
        from . import tasks  # noqa: F401
