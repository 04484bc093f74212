from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dtsystem.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self):
        from dtsystem.common import dataversion

        from . import metrics, requestid

        dataversion.install()  # every write to the programme's tables bumps the data version on commit

        requestid.connect_request_signals()
        metrics.connect_celery_signals()  # first: its postrun logs the job while the request id is still set
        requestid.connect_celery_signals()
        metrics.register_collectors()
