"""Celery tasks of the reports app: thin wrappers that call one service and only handle retries.

Both are safe to run twice (acks_late redelivery, retries): the build claims its report with a
conditional UPDATE and the committee e-mail is claimed the same way."""

from datetime import date
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from . import services
from .choices import PeriodKind

RETRY = {
    "autoretry_for": (OperationalError, SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(name=services.BUILD_TASK, **RETRY)
def build(report_id: int) -> dict:
    """Build one report's PDF (with the progress bar kept up to date) and e-mail it when asked."""
    report = services.report_generate(report_id=report_id)
    return {"report": report_id, "status": report.status if report else None}


@shared_task(name="reports.build_scheduled", **RETRY)
def build_scheduled(kind: str = PeriodKind.QUARTER, today: str | None = None) -> dict:
    """The monthly / quarterly report of the period that has just ended, e-mailed to the committee."""
    report = services.report_schedule_run(kind=kind, today=date.fromisoformat(today) if today else None)
    return {"report": report.pk if report else None, "status": report.status if report else None}
