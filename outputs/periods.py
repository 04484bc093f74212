"""Scorecard periods: "2022-01" (a month), "2022-Q1" (a quarter), "2022-H1" (a half-year), "2022" (a
year); their first and last days, their Vietnamese names and the periods before them.

A malformed code ("2022-Q5", "2022-13", "abc") and a period that has not started yet are refused with a
ValidationError in Vietnamese (a 400 on the API, a form error on the page)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import PeriodKind

PERIOD_RE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<month>0[1-9]|1[0-2])))?$"
)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MIN_YEAR = 2000


@dataclass(frozen=True)
class Period:
    code: str
    kind: str
    year: int
    number: int  # month 1-12, quarter 1-4, half 1-2; 1 for a year
    start: date
    end: date

    @property
    def label(self) -> str:
        """ "tháng 3 năm 2022", "quý I năm 2022", "6 tháng đầu năm 2022", "năm 2022"."""
        if self.kind == PeriodKind.MONTH:
            return _("tháng %(m)s năm %(y)s") % {"m": self.number, "y": self.year}
        if self.kind == PeriodKind.QUARTER:
            return _("quý %(q)s năm %(y)s") % {"q": ROMAN[self.number], "y": self.year}
        if self.kind == PeriodKind.HALF:
            if self.number == 1:
                return _("6 tháng đầu năm %(y)s") % {"y": self.year}
            return _("6 tháng cuối năm %(y)s") % {"y": self.year}
        return _("năm %(y)s") % {"y": self.year}

    @property
    def short_label(self) -> str:
        """ "T3/2022", "QI/2022", "6T đầu/2022", "2022": for chart axes and table heads."""
        if self.kind == PeriodKind.MONTH:
            return f"T{self.number}/{self.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"Q{ROMAN[self.number]}/{self.year}"
        if self.kind == PeriodKind.HALF:
            return (_("6T đầu") if self.number == 1 else _("6T cuối")) + f"/{self.year}"
        return str(self.year)

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), self.kind)

    def previous_periods(self, n: int) -> list[Period]:
        """The n periods of the same kind before this one, oldest first."""
        out: list[Period] = []
        current = self
        for _i in range(n):
            current = current.previous()
            out.append(current)
        return list(reversed(out))

    def as_of(self, today: date) -> date:
        """The day the figures are counted at: the period's end, or today while it is running."""
        return min(self.end, today)


def _last_day(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _build(year: int, kind: str, number: int) -> Period:
    if kind == PeriodKind.MONTH:
        return Period(
            f"{year}-{number:02d}", kind, year, number, date(year, number, 1), _last_day(year, number)
        )
    if kind == PeriodKind.QUARTER:
        first = 3 * number - 2
        return Period(
            f"{year}-Q{number}", kind, year, number, date(year, first, 1), _last_day(year, first + 2)
        )
    if kind == PeriodKind.HALF:
        first = 6 * number - 5
        return Period(
            f"{year}-H{number}", kind, year, number, date(year, first, 1), _last_day(year, first + 5)
        )
    return Period(str(year), PeriodKind.YEAR, year, 1, date(year, 1, 1), date(year, 12, 31))


def parse_period(code: str | None, *, today: date | None = None) -> Period:
    """ "2022-01" | "2022-Q1" | "2022-H1" | "2022" → Period. With `today`, a period that starts after
    `today` is refused too (there is nothing to score yet)."""
    raw = (code or "").strip().upper()
    match = PERIOD_RE.match(raw)
    if not match or not MIN_YEAR <= int(match["year"]) <= 2100:
        raise ValidationError(
            _(
                "Kỳ “%(code)s” không hợp lệ. Hãy dùng tháng (2022-01), quý (2022-Q1), "
                "6 tháng (2022-H1) hoặc năm (2022)."
            )
            % {"code": (code or "")[:20]},
            code="period",
        )
    year = int(match["year"])
    if match["month"]:
        period = _build(year, PeriodKind.MONTH, int(match["month"]))
    elif match["quarter"]:
        period = _build(year, PeriodKind.QUARTER, int(match["quarter"]))
    elif match["half"]:
        period = _build(year, PeriodKind.HALF, int(match["half"]))
    else:
        period = _build(year, PeriodKind.YEAR, 1)
    if today is not None and period.start > today:
        raise ValidationError(
            _("Kỳ %(label)s chưa bắt đầu (hôm nay là %(today)s): chưa có gì để đánh giá.")
            % {"label": period.label, "today": today.strftime("%d/%m/%Y")},
            code="period_future",
        )
    return period


def period_containing(day: date, kind: str = PeriodKind.QUARTER) -> Period:
    if kind == PeriodKind.MONTH:
        return _build(day.year, kind, day.month)
    if kind == PeriodKind.QUARTER:
        return _build(day.year, kind, (day.month - 1) // 3 + 1)
    if kind == PeriodKind.HALF:
        return _build(day.year, kind, 1 if day.month <= 6 else 2)
    return _build(day.year, PeriodKind.YEAR, 1)


def vn_long_date(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2022", "ngày 31 tháng 3 năm 2022" (Nghị định 30/2020: days below 10 and
    months below 3 take a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": f"{day.day:02d}", "m": month, "y": day.year}
