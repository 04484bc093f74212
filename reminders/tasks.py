"""Celery tasks of the reminders app: thin wrappers that call one service and only handle retries.

acks_late: a worker that dies mid-run leaves the message on the broker and the job runs again; the
delivery rows (unique per recipient, task, kind, day, claimed by a conditional UPDATE) keep it from
sending anything twice. SMTP errors are recorded on the rows and re-raised so Celery retries with backoff."""

import smtplib
from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import services

RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError, OperationalError),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


def _day(today: str | None) -> date:
    return date.fromisoformat(today) if today else timezone.localdate()


@shared_task(name="reminders.send_daily", **RETRY)
def send_daily(today: str | None = None) -> dict:
    """Reminders of upcoming, due and overdue tasks (one e-mail per recipient)."""
    return services.reminders_send(today=_day(today), raise_on_failure=True).as_dict()


@shared_task(name="reminders.send_digest", **RETRY)
def send_digest(today: str | None = None) -> dict:
    """The office's weekly digest of tasks overdue for long."""
    return services.reminders_send_digest(today=_day(today), raise_on_failure=True).as_dict()
