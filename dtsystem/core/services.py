"""Writes of the ground app: the administrator's edits of the working-day calendar."""

from datetime import date

from django.db import transaction

from .models import Holiday
from .selectors import working_calendar_invalidate


def holiday_save(*, holiday: Holiday) -> Holiday:
    """Create or change one date of the calendar; a date already in it is refused (ValidationError)."""
    holiday.full_clean()
    with transaction.atomic():
        holiday.save()
        transaction.on_commit(working_calendar_invalidate)
    working_calendar_invalidate()
    return holiday


def holiday_create(*, day: date, name: str, kind: str = Holiday.Kind.DAY_OFF) -> Holiday:
    return holiday_save(holiday=Holiday(date=day, name=name, kind=kind))


def holiday_delete(*, holiday: Holiday) -> None:
    with transaction.atomic():
        holiday.delete()
        transaction.on_commit(working_calendar_invalidate)
    working_calendar_invalidate()
