"""The reply-by date of a chase letter: N working days after the letter's date.

Uses the province's working-day calendar (dtsystem.core.workdays, with the public holidays and the days
the Government swaps) when it is installed; until then, Saturdays and Sundays are the only days off."""

from __future__ import annotations

from datetime import date, timedelta

try:  # the working-day calendar of issue 15 part 3
    from dtsystem.core.workdays import add_working_days as _calendar_add
except ImportError:  # pragma: no cover - depends on what is merged
    _calendar_add = None


def add_working_days(start: date, days: int) -> date:
    if _calendar_add is not None:
        return _calendar_add(start, days)
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current
