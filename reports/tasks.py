"""Celery tasks of the reports app: thin wrappers that call one service and only handle retries.

All are safe to run twice (acks_late redelivery, retries, two beats): the build claims its report with a
conditional UPDATE and a lease, the committee e-mail is claimed the same way, and the sweep changes each
report with conditional UPDATEs. A build has a hard time limit (REPORT_BUILD_TIME_LIMIT, below the broker's
visibility timeout: see the Celery settings)."""

from datetime import date
from smtplib import SMTPException

from celery import shared_task

from . import conf, services
from .choices import PeriodKind

RETRY = {
    "autoretry_for": (*services.TRANSIENT_ERRORS, SMTPException),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "acks_late": True,
}
LIMITS = {
    "soft_time_limit": max(1, conf.build_time_limit() - 60),
    "time_limit": conf.build_time_limit(),
}


@shared_task(name=services.BUILD_TASK, **RETRY, **LIMITS)
def build(report_id: int) -> dict:
    """Build one report's PDF (with the progress bar kept up to date) and e-mail it when asked."""
    report = services.report_generate(report_id=report_id)
    return {"report": report_id, "status": report.status if report else None}


@shared_task(name="reports.build_scheduled", **RETRY, **LIMITS)
def build_scheduled(kind: str = PeriodKind.QUARTER, today: str | None = None) -> dict:
    """The monthly / quarterly report of the period that has just ended, e-mailed to the committee."""
    report = services.report_schedule_run(kind=kind, today=date.fromisoformat(today) if today else None)
    return {"report": report.pk if report else None, "status": report.status if report else None}


@shared_task(name="reports.sweep", acks_late=True, ignore_result=True)
def sweep() -> dict:
    """Every minute (beat): hand over again, requeue or fail the reports left unfinished."""
    return services.reports_sweep()
