"""Working days of Vietnamese public administration: weekends, public holidays and the administrator's edits.

Pure Python (no Django): the deadline parser (deadlines.py) counts "trong 10 ngày làm việc" with it, and the
project wraps it with the calendar the administrator keeps (dtsystem.core.workdays).

Statutory holidays (Bộ luật Lao động 2019, Điều 112; days off for civil servants, Saturday and Sunday are the
weekly rest):
- Tết Dương lịch: 01/01.
- Tết Nguyên đán: 5 days. The Government fixes them each year; the default kept here is the last day of the
  lunar year and the first four days of the new one (the administrator's edits move them).
- Giỗ Tổ Hùng Vương: 10/3 lunar.
- Ngày Chiến thắng 30/4 and Quốc tế Lao động 01/5.
- Quốc khánh 02/9 and one adjacent day: 01/9 by default, 03/9 when 02/9 is a Monday (so that the two days
  touch the weekend, as the Government has chosen in recent years).
- A holiday that falls on a Saturday or Sunday gives a compensatory day off: the next day that is neither a
  weekend day nor a holiday (Điều 111 khoản 3).

The lunar calendar is computed with Hồ Ngọc Đức's astronomical algorithm (new moons and the sun's longitude
after Jean Meeus, "Astronomical Algorithms"), at the time zone of Vietnam (UTC+7).

`Calendar` carries the administrator's edits: extra days off (a swapped day off, a holiday the Government
adds) and days that are working days although the rules above say otherwise (a Saturday worked in exchange).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

VN_TIMEZONE = 7.0
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    """The administrator's edits over the statutory rules."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    working_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "days_off", frozenset(self.days_off))
        object.__setattr__(self, "working_days", frozenset(self.working_days))


STATUTORY = Calendar()

# A calendar, or a function that gives it (called only when working days are counted), or None (statutory).
CalendarSource = Calendar | Callable[[], Calendar] | None


def resolve_calendar(source: CalendarSource) -> Calendar:
    if source is None:
        return STATUTORY
    return source() if callable(source) else source


# ------------------------------------------------------------------------------------------ lunar calendar


def _jd_from_date(d: date) -> int:
    """Julian day number of a Gregorian date."""
    a = (14 - d.month) // 12
    y = d.year + 4800 - a
    m = d.month + 12 * a - 3
    return d.day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def _date_from_jd(jd: int) -> date:
    return date.fromordinal(jd - 1721425)


def _new_moon(k: int) -> float:
    """Julian day (fractional, UT) of the k-th new moon after the one of 1900-01-01."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _new_moon_day(k: int, tz: float = VN_TIMEZONE) -> int:
    """Julian day number of the local day of the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_longitude(jdn: float) -> float:
    """The sun's apparent longitude in radians, in [0, 2π), at Julian day `jdn` (UT)."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    return lon - 2 * math.pi * math.floor(lon / (2 * math.pi))


def _sun_sector(day_number: int, tz: float = VN_TIMEZONE) -> int:
    """Which of the 12 solar terms (major terms, 30° each) the sun is in at the start of local day."""
    return math.floor(_sun_longitude(day_number - 0.5 - tz / 24) / math.pi * 6)


def _lunar_month_11(year: int, tz: float = VN_TIMEZONE) -> int:
    """Julian day number of the first day of the 11th lunar month (the one with the winter solstice)."""
    off = _jd_from_date(date(year, 12, 31)) - 2415021
    k = math.floor(off / 29.530588853)
    nm = _new_moon_day(k, tz)
    if _sun_sector(nm, tz) >= 9:
        nm = _new_moon_day(k - 1, tz)
    return nm


def _leap_month_offset(a11: int, tz: float = VN_TIMEZONE) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            break
    return i - 1


def lunar_to_solar(lunar_day: int, lunar_month: int, lunar_year: int, leap: bool = False) -> date:
    """The Gregorian date of a day of the Vietnamese lunar calendar (UTC+7)."""
    tz = VN_TIMEZONE
    if lunar_month < 11:
        a11, b11 = _lunar_month_11(lunar_year - 1, tz), _lunar_month_11(lunar_year, tz)
    else:
        a11, b11 = _lunar_month_11(lunar_year, tz), _lunar_month_11(lunar_year + 1, tz)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = lunar_month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:  # a year with a leap month
        leap_off = _leap_month_offset(a11, tz)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and lunar_month != leap_month:
            raise ValueError(f"{lunar_year} has no leap month {lunar_month}")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError(f"{lunar_year} has no leap month")
    return _date_from_jd(_new_moon_day(k + off, tz) + lunar_day - 1)


def tet(year: int) -> date:
    """Mùng 1 Tết Nguyên đán of the lunar year that starts in Gregorian `year`."""
    return lunar_to_solar(1, 1, year)


# ------------------------------------------------------------------------------------------ holidays


def _statutory_days(year: int) -> dict[date, str]:
    """The named holidays whose date (lunar or solar) belongs to `year`, before compensation."""
    first = tet(year)
    named: dict[date, str] = {first - _DAY: "Tết Nguyên đán (ngày cuối năm âm lịch)"}
    for i in range(4):
        named[first + i * _DAY] = f"Tết Nguyên đán (mùng {i + 1})"
    named[date(year, 1, 1)] = "Tết Dương lịch"
    named[lunar_to_solar(10, 3, year)] = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    named[date(year, 4, 30)] = "Ngày Chiến thắng (30/4)"
    named[date(year, 5, 1)] = "Ngày Quốc tế Lao động (01/5)"
    national = date(year, 9, 2)
    named[national] = "Quốc khánh (02/9)"
    adjacent = national + _DAY if national.weekday() == 0 else national - _DAY
    named[adjacent] = f"Quốc khánh (nghỉ liền kề {adjacent:%d/%m})"
    return named


@lru_cache(maxsize=256)
def public_holidays(year: int) -> dict[date, str]:
    """The statutory days off of `year` (compensatory days included), date → name."""
    named: dict[date, str] = {}
    for y in (year - 1, year, year + 1):  # Tết and compensatory days cross the turn of the year
        named.update(_statutory_days(y))
    # Compensatory days: each holiday on a weekend gives the next free weekday, in date order.
    taken = set(named)
    for day in sorted(named):
        if day.weekday() >= 5 and not named[day].startswith("Nghỉ bù"):
            comp = day + _DAY
            while comp.weekday() >= 5 or comp in taken:
                comp += _DAY
            taken.add(comp)
            named[comp] = f"Nghỉ bù ({named[day]})"
    return {d: n for d, n in sorted(named.items()) if d.year == year}


def holiday_name(d: date) -> str:
    """The statutory holiday's name, or "" for an ordinary day."""
    return public_holidays(d.year).get(d, "")


def is_working_day(d: date, calendar: Calendar | None = None) -> bool:
    cal = calendar or STATUTORY
    if d in cal.working_days:
        return True
    if d in cal.days_off or d.weekday() >= 5:
        return False
    return d not in public_holidays(d.year)


def add_working_days(start: date, n: int, calendar: Calendar | None = None) -> date:
    """The n-th working day after `start` (`start` itself not counted; n = 0 → `start`).
    A negative n counts backwards, as subtract_working_days."""
    if n < 0:
        return subtract_working_days(start, -n, calendar)
    day = start
    while n > 0:
        day += _DAY
        if is_working_day(day, calendar):
            n -= 1
    return day


def subtract_working_days(end: date, n: int, calendar: Calendar | None = None) -> date:
    """The n-th working day before `end` (`end` itself not counted; n = 0 → `end`)."""
    if n < 0:
        return add_working_days(end, -n, calendar)
    day = end
    while n > 0:
        day -= _DAY
        if is_working_day(day, calendar):
            n -= 1
    return day


def working_days_between(start: date, end: date, calendar: Calendar | None = None) -> int:
    """How many working days lie in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start, calendar)
    count, day = 0, start
    while day < end:
        day += _DAY
        if is_working_day(day, calendar):
            count += 1
    return count
