"""Celery application. Broker = REDIS_URL; without it tasks run eagerly (see settings)."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtsystem.settings.local")

app = Celery("dtsystem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _django_logging(loglevel=None, **kwargs):
    """Workers log as the web does (settings.LOGGING: JSON in production, every line with the request id
    of the request that started the job), instead of Celery's own root handler; `-l LEVEL` still sets
    the level."""
    import logging
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
