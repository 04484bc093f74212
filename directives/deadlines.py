"""Deadline phrases of Vietnamese administrative writing → kind, concrete due date and recurrence.

The parser lives in the pure extraction engine (extraction/deadlines.py) so that the notice-text
assistant, manual entry, fixtures, imports and the API give a phrase the same date; this module is
the project's name for it. Kinds and recurrences are plain strings equal to the values of
directives.choices.DeadlineKind and Recurrence."""

from extraction.deadlines import (
    Deadline,
    clean_marks,
    find_deadlines,
    find_recurrence,
    last_day_of_month,
    next_period_start,
    parse_deadline,
    period_bounds,
    period_kind,
    quarter_end,
)

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
