"""Celery application. Broker = REDIS_URL; without it tasks run eagerly (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtsystem.settings.local")

app = Celery("dtsystem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
