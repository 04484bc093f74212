"""Celery task of the inbox: calls one service; safe to run twice (items are claimed before sending)."""

import smtplib

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    name=services.SEND_TASK,
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
    acks_late=True,
)
def send_emails() -> dict:
    """E-mail the inbox items queued by inbox_notify (one e-mail per user)."""
    return services.inbox_send_emails()
