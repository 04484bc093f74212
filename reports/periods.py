"""Report periods: "2022-Q1" (a quarter) or "2022-03" (a month), their first and last days and their
Vietnamese names ("quý I năm 2022", "tháng 3 năm 2022")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import PeriodKind

PERIOD_RE = re.compile(r"^(?P<year>\d{4})-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2]))$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    code: str
    kind: str
    year: int
    number: int  # quarter 1-4 or month 1-12
    start: date
    end: date

    @property
    def label(self) -> str:
        """ "quý I năm 2022" / "tháng 3 năm 2022" (lower case, as in a sentence)."""
        if self.kind == PeriodKind.QUARTER:
            return _("quý %(q)s năm %(y)s") % {"q": ROMAN[self.number], "y": self.year}
        return _("tháng %(m)s năm %(y)s") % {"m": self.number, "y": self.year}

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), self.kind)


def _last_day(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def parse_period(code: str) -> Period:
    """ "2022-Q3" -> 01/07/2022 … 30/09/2022; "2022-03" -> 01/03/2022 … 31/03/2022."""
    match = PERIOD_RE.match((code or "").strip())
    if not match:
        raise ValidationError(_("Kỳ báo cáo phải có dạng 2022-Q1 (quý) hoặc 2022-03 (tháng)."), code="period")
    year = int(match["year"])
    if match["quarter"]:
        q = int(match["quarter"])
        return Period(
            f"{year}-Q{q}", PeriodKind.QUARTER, year, q, date(year, 3 * q - 2, 1), _last_day(year, 3 * q)
        )
    m = int(match["month"])
    return Period(f"{year}-{m:02d}", PeriodKind.MONTH, year, m, date(year, m, 1), _last_day(year, m))


def period_containing(day: date, kind: str = PeriodKind.QUARTER) -> Period:
    if kind == PeriodKind.MONTH:
        return parse_period(f"{day.year}-{day.month:02d}")
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def vn_long_date(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2022", "ngày 31 tháng 3 năm 2022" (Nghị định 30/2020: days below 10 and
    months below 3 take a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": f"{day.day:02d}", "m": month, "y": day.year}
