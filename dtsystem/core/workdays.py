"""Working days for the project: the pure engine (extraction.workdays) with the administrator's calendar.

    from dtsystem.core.workdays import add_working_days, working_days_before

Every caller gets the same calendar (selectors.working_calendar), so a phrase such as "trong 10 ngày làm
việc" gives the same date on pages, in the assistant, the API, imports and reminders."""

from datetime import date

from extraction import workdays as engine
from extraction.workdays import Calendar

from .models import Holiday
from .selectors import working_calendar, working_calendar_invalidate

__all__ = [
    "Calendar",
    "add_working_days",
    "holiday_name",
    "is_working_day",
    "working_calendar",
    "working_calendar_invalidate",
    "working_days_before",
    "working_days_between",
]


def is_working_day(day: date, *, calendar: Calendar | None = None) -> bool:
    return engine.is_working_day(day, calendar or working_calendar())


def add_working_days(start: date, n: int, *, calendar: Calendar | None = None) -> date:
    """The n-th working day after `start` (start not counted)."""
    return engine.add_working_days(start, n, calendar or working_calendar())


def working_days_before(day: date, n: int, *, calendar: Calendar | None = None) -> date:
    """The n-th working day before `day` (day not counted): 5 working days before a deadline."""
    return engine.subtract_working_days(day, n, calendar or working_calendar())


def working_days_between(start: date, end: date, *, calendar: Calendar | None = None) -> int:
    """Working days in (start, end]; negative when end is before start."""
    return engine.working_days_between(start, end, calendar or working_calendar())


def holiday_name(day: date, *, calendar: Calendar | None = None) -> str:
    """Why `day` is not a working day ("" when it is one): the statutory name or the administrator's."""
    cal = calendar or working_calendar()
    if engine.is_working_day(day, cal):
        return ""
    if day in cal.days_off:
        found = Holiday.objects.filter(date=day).values_list("name", flat=True).first()
        return found or "Ngày nghỉ"
    return engine.holiday_name(day) or ("Thứ Bảy" if day.weekday() == 5 else "Chủ nhật")
