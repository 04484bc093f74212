"""Deadline phrases of Vietnamese administrative writing → kind, concrete due date and recurrence.

The parser lives in the pure extraction engine (extraction/deadlines.py) so that the notice-text
assistant, manual entry, fixtures, imports and the API give a phrase the same date; this module is
the project's name for it, with the administrator's working-day calendar (dtsystem.core.workdays) passed in
unless the caller gives one, so "trong 10 ngày làm việc" means the same day everywhere. Kinds and recurrences are plain strings equal to the values of
directives.choices.DeadlineKind and Recurrence."""

from datetime import date

from dtsystem.core.workdays import Calendar, working_calendar
from extraction import deadlines as engine
from extraction.deadlines import (
    Deadline,
    clean_marks,
    find_recurrence,
    last_day_of_month,
    next_period_start,
    period_bounds,
    period_kind,
    quarter_end,
)


def parse_deadline(
    text: str | None,
    *,
    ref_year: int | None = None,
    ref_date: date | None = None,
    calendar: Calendar | None = None,
) -> Deadline:
    """extraction.deadlines.parse_deadline with the working-day calendar of the administrator (read only when
    the phrase counts working days: other phrases cost no query)."""
    return engine.parse_deadline(
        text, ref_year=ref_year, ref_date=ref_date, calendar=calendar or working_calendar
    )


def find_deadlines(
    text: str,
    *,
    ref_year: int | None = None,
    ref_date: date | None = None,
    calendar: Calendar | None = None,
) -> list[Deadline]:
    return engine.find_deadlines(
        text, ref_year=ref_year, ref_date=ref_date, calendar=calendar or working_calendar
    )


parse_deadline.__wrapped__ = engine.parse_deadline
find_deadlines.__wrapped__ = engine.find_deadlines

__all__ = [
    "Deadline",
    "clean_marks",
    "find_deadlines",
    "find_recurrence",
    "last_day_of_month",
    "next_period_start",
    "parse_deadline",
    "period_bounds",
    "period_kind",
    "quarter_end",
]
