"""Celery tasks of the directives app: thin wrappers that call one service and only handle retries."""

from datetime import date

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    name="directives.generate_recurring_tasks",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def generate_recurring_tasks(today: str | None = None) -> dict:
    """Create the instances of recurring obligations for the current and next period (idempotent)."""
    created = services.task_recurrences_generate(today=date.fromisoformat(today) if today else None)
    return {"created": created}


@shared_task(
    name="directives.rebuild_task_rollups",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def rebuild_task_rollups() -> dict:
    """Recompute the dashboard rollups from the tasks, repair them and log any drift (safe to run twice)."""
    from . import rollups

    return rollups.rebuild()
