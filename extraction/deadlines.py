"""Deadline phrases of Vietnamese administrative writing → kind, concrete due date and recurrence.

"trước ngày 25 tháng 01 năm 2022" → day, 2022-01-25
"trước ngày 28/02/2022", "trước ngày 30/6/2022", "ngày 15/3" (year of the document) → day
"trong tháng 02 năm 2022", "tháng 9/2022", "từ tháng 9/2022" → month, last day of the month
"trong Quý I năm 2022", "quý 2/2022" → quarter, last day of the quarter
"6 tháng đầu năm 2022" → half year, 30/06; "trong năm 2023", "cuối năm 2023" → year, 31/12
"hằng năm", "hàng tháng", "ít nhất 01 lần/năm", "định kỳ hằng quý" → recurring (no single due date)
"" or "thường xuyên" → none
"trong 10 ngày làm việc kể từ ngày 20/01/2022", "trong thời hạn 15 ngày làm việc" → day, counted in working
days (workdays.py, with the calendar the caller passes) from the named date or else the document's date;
"trong 30 ngày kể từ ngày ký" → day, counted in calendar days. Without a named date and without the
document's date such a phrase gives no date.
A whole phrase as task tables write it (the column "Thời gian hoàn thành"): "6/2025", "Tháng 6/2025" →
month; "2025", "Năm 2025" → year; "2025-2026", "Năm 2025 - 2026", "Giai đoạn 2025-2030" → the last year.

The one deadline parser of the project: manual entry, fixtures, imports, the API and the notice-text
engine all read a phrase here (directives.deadlines re-exports it), so a phrase gives the same date
everywhere. Kinds and recurrences are plain strings equal to the values of
directives.choices.DeadlineKind and Recurrence (tests/extraction/test_boundary.py holds them equal).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import date

from .normalize import fold
from .workdays import CalendarSource, add_working_days, resolve_calendar


class DeadlineKind:
    """Deadline kinds (the values of directives.choices.DeadlineKind)."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RECURRING = "recurring"
    NONE = "none"

    ALL = (DAY, MONTH, QUARTER, YEAR, RECURRING, NONE)


class Recurrence:
    """Recurrences of a periodic duty (the values of directives.choices.Recurrence)."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    ALL = (MONTHLY, QUARTERLY, YEARLY)


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_date: date | None
    recurrence: str = ""
    text: str = ""
    start: int = -1  # span of the phrase in the folded text it was found in
    end: int = -1


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return last_day_of_month(year, quarter * 3)


def clean_marks(text: str) -> str:
    """Remove Markdown-like emphasis (**bold**, *italic*, _x_) and collapse spaces."""
    return re.sub(r"\s+", " ", re.sub(r"[*_]+", "", text or "")).strip()


_YEAR = r"(?:nam\s*)?(\d{4})"
# All patterns run on folded text (no diacritics, lower case).
_DAY_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?")
_DAY_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?![\d/])")
_MONTH = re.compile(r"thang\s+(\d{1,2})(?:\s*(?:/|-|nam)\s*(\d{4}))?")
_QUARTER = re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|-|nam)\s*(\d{4}))?")
_HALF = re.compile(r"(6|sau)\s+thang\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?")
_YEAR_ONLY = re.compile(r"(?:trong|cuoi|ca|het|den het)\s+nam\s+(\d{4})|(?<!\d )nam\s+(\d{4})")
# "trong (thời hạn|vòng) N ngày (làm việc) (, kể từ|tính từ ngày X | ngày ký...)", "thời hạn N ngày làm việc".
_RELATIVE = re.compile(
    r"(?:trong(?:\s+(?:thoi han|thoi gian|vong))?|thoi han|cham nhat(?: la)?|sau)\s+(\d{1,3})\s+ngay"
    r"(\s+lam viec)?"
    r"(?:\s*,?\s*(?:ke tu|tinh tu|tu)\s+(?:sau\s+)?ngay"
    r"(?:\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?![\d/])"
    r"|\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?)?)?"
)
_RECURRING = [
    (re.compile(r"(hang|moi)\s+thang|dinh ky\s+(hang\s+)?thang|\d+\s*lan\s*/\s*thang"), Recurrence.MONTHLY),
    (re.compile(r"(hang|moi)\s+quy|dinh ky\s+(hang\s+)?quy|\d+\s*lan\s*/\s*quy"), Recurrence.QUARTERLY),
    (
        re.compile(r"(hang|moi)\s+nam|dinh ky\s+(hang\s+)?nam|(it nhat\s+)?\d+\s*lan\s*/\s*nam"),
        Recurrence.YEARLY,
    ),
]
_RECURRING_FALSE = re.compile(r"ngan sach hang nam|du toan hang nam|kha nang can doi ngan sach hang nam")


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def relative_due(
    count: int, *, working: bool, start: date | None, calendar: CalendarSource = None
) -> date | None:
    """The day a period of `count` days (working days or calendar days) counted from `start` ends."""
    if start is None:
        return None
    if working:
        return add_working_days(start, count, resolve_calendar(calendar))
    return date.fromordinal(start.toordinal() + count)


def find_deadlines(
    text: str,
    *,
    ref_year: int | None = None,
    ref_date: date | None = None,
    calendar: CalendarSource = None,
) -> list[Deadline]:
    """Every concrete deadline expression in `text`, in order of appearance (spans in folded text).
    `ref_date` (the document's date) starts "trong N ngày (làm việc)" when no date is named; `calendar`
    (workdays.Calendar, the administrator's edits, or a function returning it, called only when a phrase
    counts working days) counts working days."""
    folded = fold(clean_marks(text))
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping spans already read

    def free(start: int, end: int) -> bool:
        at = bisect_left(taken, (start, end))
        before_ok = at == 0 or taken[at - 1][1] <= start
        after_ok = at == len(taken) or taken[at][0] >= end
        return before_ok and after_ok

    def add(kind: str, due: date | None, m: re.Match) -> None:
        if due is None or not free(m.start(), m.end()):
            return
        insort(taken, (m.start(), m.end()))
        found.append(Deadline(kind=kind, due_date=due, text=m.group(0), start=m.start(), end=m.end()))

    for m in _RELATIVE.finditer(folded):
        day, month, year_text = m.group(3) or m.group(6), m.group(4) or m.group(7), m.group(5) or m.group(8)
        start = ref_date
        if day:
            year = int(year_text) if year_text else (ref_date.year if ref_date else ref_year)
            start = _valid_day(year, int(month), int(day)) if year else None
        due = relative_due(int(m.group(1)), working=bool(m.group(2)), start=start, calendar=calendar)
        if due is None:
            if free(m.start(), m.end()):
                insort(taken, (m.start(), m.end()))  # a named start is no deadline of its own
            continue
        add(DeadlineKind.DAY, due, m)
    for m in _DAY_WORDS.finditer(folded):
        year = int(m.group(3)) if m.group(3) else ref_year
        if year:
            add(DeadlineKind.DAY, _valid_day(year, int(m.group(2)), int(m.group(1))), m)
    for m in _HALF.finditer(folded):
        year = int(m.group(3)) if m.group(3) else ref_year
        if year:
            add(DeadlineKind.MONTH, date(year, 6, 30) if m.group(2) == "dau" else date(year, 12, 31), m)
    for m in _MONTH.finditer(folded):
        year = int(m.group(2)) if m.group(2) else ref_year
        month = int(m.group(1))
        if year and 1 <= month <= 12:
            add(DeadlineKind.MONTH, last_day_of_month(year, month), m)
    for m in _DAY_NUMERIC.finditer(folded):
        # "28/02/2022", "30/6/2022", "15/3" — but not "145/KH" or "2021-2025" (those fail the checks).
        year = int(m.group(3)) if m.group(3) else ref_year
        before = folded[max(0, m.start() - 12) : m.start()]
        if not m.group(3) and "ngay" not in before:
            continue  # a bare "15/3" is a date only when introduced by "ngày"
        if year:
            add(DeadlineKind.DAY, _valid_day(year, int(m.group(2)), int(m.group(1))), m)
    for m in _QUARTER.finditer(folded):
        year = int(m.group(2)) if m.group(2) else ref_year
        q = m.group(1)
        quarter = ROMAN.get(q) or int(q)
        if year:
            add(DeadlineKind.QUARTER, quarter_end(year, quarter), m)
    for m in _YEAR_ONLY.finditer(folded):
        year = int(m.group(1) or m.group(2))
        add(DeadlineKind.YEAR, date(year, 12, 31), m)
    found.sort(key=lambda d: d.start)
    return found


def find_recurrence(text: str) -> str:
    folded = fold(clean_marks(text))
    folded = _RECURRING_FALSE.sub(" ", folded)
    for pattern, recurrence in _RECURRING:
        if pattern.search(folded):
            return recurrence
    return ""


# Whole phrases of a table cell (folded): a bare month, a bare year, a range of years.
_CELL_MONTH = re.compile(r"(?:(?:truoc|den het|den|trong|het)\s+)?(?:thang\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})")
_CELL_YEARS = re.compile(
    r"(?:(?:truoc|den het|den|trong|het|cuoi)\s+)?(?:nam\s*|giai doan\s*)?(\d{4})"
    r"(?:\s*(?:-|–|den)\s*(?:nam\s*)?(\d{4}))?"
)


def _cell_deadline(raw: str) -> Deadline | None:
    """A table cell's deadline written as a bare month ("6/2025"), year ("2025") or years ("2025-2026")."""
    folded = fold(raw).strip(" .;")
    m = _CELL_MONTH.fullmatch(folded)
    if m and 1 <= int(m.group(1)) <= 12:
        return Deadline(DeadlineKind.MONTH, last_day_of_month(int(m.group(2)), int(m.group(1))), text=raw)
    m = _CELL_YEARS.fullmatch(folded)
    if m:
        year = int(m.group(2) or m.group(1))
        if 1990 <= year <= 2100:
            return Deadline(DeadlineKind.YEAR, date(year, 12, 31), text=raw)
    return None


def parse_deadline(
    text: str | None,
    *,
    ref_year: int | None = None,
    ref_date: date | None = None,
    calendar: CalendarSource = None,
) -> Deadline:
    """The deadline a phrase means. Recurrence wins over a date inside the same phrase only when the
    phrase has no concrete date ("hằng năm" → recurring; "trước ngày 10/10 hằng năm" → recurring too,
    since the date repeats every year)."""
    raw = clean_marks(text or "")
    raw = re.sub(r"^(thời gian hoàn thành|thời hạn|hạn hoàn thành)\s*[:,]?\s*", "", raw, flags=re.I)
    if not raw or fold(raw) in {"thuong xuyen", "khong", "khong co"}:
        return Deadline(kind=DeadlineKind.NONE, due_date=None, text=raw)
    recurrence = find_recurrence(raw)
    if recurrence:
        return Deadline(kind=DeadlineKind.RECURRING, due_date=None, recurrence=recurrence, text=raw)
    cell = _cell_deadline(raw)
    if cell is not None:
        return cell
    found = find_deadlines(raw, ref_year=ref_year, ref_date=ref_date, calendar=calendar)
    if not found:
        return Deadline(kind=DeadlineKind.NONE, due_date=None, text=raw)
    best = found[0]
    return Deadline(kind=best.kind, due_date=best.due_date, text=raw)


def period_bounds(recurrence: str, day: date) -> tuple[str, date, date]:
    """The period of a recurring obligation that contains `day`: (label, first day, due date)."""
    if recurrence == Recurrence.MONTHLY:
        return (
            f"{day.year}-{day.month:02d}",
            date(day.year, day.month, 1),
            last_day_of_month(day.year, day.month),
        )
    if recurrence == Recurrence.QUARTERLY:
        q = (day.month - 1) // 3 + 1
        return f"{day.year}-Q{q}", date(day.year, 3 * q - 2, 1), quarter_end(day.year, q)
    if recurrence == Recurrence.YEARLY:
        return str(day.year), date(day.year, 1, 1), date(day.year, 12, 31)
    raise ValueError(f"unknown recurrence {recurrence!r}")


def next_period_start(recurrence: str, day: date) -> date:
    _, _, end = period_bounds(recurrence, day)
    return date.fromordinal(end.toordinal() + 1)


def period_kind(recurrence: str) -> str:
    return {
        Recurrence.MONTHLY: DeadlineKind.MONTH,
        Recurrence.QUARTERLY: DeadlineKind.QUARTER,
        Recurrence.YEARLY: DeadlineKind.YEAR,
    }[recurrence]
