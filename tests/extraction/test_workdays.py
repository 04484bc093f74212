"""The working-day engine: the lunar new year, the statutory holidays, compensatory days, counting, and the
deadline phrases that count days ("trong 10 ngày làm việc kể từ ngày ...")."""

from datetime import date

import pytest

from extraction.deadlines import parse_deadline
from extraction.workdays import (
    Calendar,
    add_working_days,
    is_working_day,
    lunar_to_solar,
    public_holidays,
    subtract_working_days,
    tet,
    working_days_between,
)


@pytest.mark.parametrize(
    "year, first_day",
    [
        (2020, date(2020, 1, 25)),
        (2021, date(2021, 2, 12)),
        (2022, date(2022, 2, 1)),
        (2023, date(2023, 1, 22)),
        (2024, date(2024, 2, 10)),
        (2025, date(2025, 1, 29)),
        (2026, date(2026, 2, 17)),
        (2027, date(2027, 2, 6)),
    ],
)
def test_tet_by_the_lunar_calendar(year, first_day):
    assert tet(year) == first_day


def test_tet_at_utc_plus_7_differs_from_the_chinese_new_year():
    # computed at UTC+7, the Vietnamese calendar differs from China's (UTC+8) in these years
    assert tet(2007) == date(2007, 2, 17)  # China: 18/02/2007
    assert tet(1985) == date(1985, 1, 21)  # China: 20/02/1985


@pytest.mark.parametrize(
    "lunar, solar",
    [
        ((10, 3, 2022), date(2022, 4, 10)),  # Giỗ Tổ Hùng Vương
        ((10, 3, 2023), date(2023, 4, 29)),
        ((10, 3, 2024), date(2024, 4, 18)),
        ((10, 3, 2025), date(2025, 4, 7)),
        ((15, 8, 2023), date(2023, 9, 29)),  # Tết Trung thu
    ],
)
def test_lunar_to_solar(lunar, solar):
    assert lunar_to_solar(*lunar) == solar


def test_leap_month_2023():
    # 2023 had a leap 2nd month: tháng 2 nhuận began on 22/03/2023
    assert lunar_to_solar(1, 2, 2023, leap=True) == date(2023, 3, 22)
    assert lunar_to_solar(1, 3, 2023) == date(2023, 4, 20)
    with pytest.raises(ValueError):
        lunar_to_solar(1, 5, 2023, leap=True)


def test_holidays_2024():
    days = public_holidays(2024)
    assert date(2024, 1, 1) in days
    # Tết: the last day of the lunar year (Fri 09/02) and mùng 1-4; Sat 10 and Sun 11 give Wed 14 and Thu 15
    for d in (9, 10, 11, 12, 13, 14, 15):
        assert date(2024, 2, d) in days, d
    assert date(2024, 2, 16) not in days
    assert date(2024, 4, 18) in days  # Giỗ Tổ
    assert date(2024, 4, 30) in days and date(2024, 5, 1) in days
    # 02/9 is a Monday: the adjacent day is Tuesday 03/9
    assert date(2024, 9, 2) in days and date(2024, 9, 3) in days and date(2024, 9, 1) not in days


def test_holidays_2023_compensatory_days():
    days = public_holidays(2023)
    assert date(2023, 1, 2) in days  # 01/01 was a Sunday
    assert date(2023, 4, 29).weekday() == 5 and date(2023, 4, 30).weekday() == 6
    assert date(2023, 5, 2) in days and date(2023, 5, 3) in days  # Giỗ Tổ Sat, 30/4 Sun → Tue, Wed
    assert date(2023, 9, 1) in days and date(2023, 9, 4) in days  # 02/9 Saturday → Friday 01/9, Monday 04/9


def test_holidays_2025():
    days = public_holidays(2025)
    assert [d for d in days if d.month == 1 and d.day > 1] == [date(2025, 1, d) for d in (28, 29, 30, 31)]
    assert date(2025, 2, 3) in days  # mùng 4 was a Saturday
    assert date(2025, 9, 1) in days and date(2025, 9, 2) in days


def test_lunar_year_end_in_the_previous_gregorian_year():
    # Tết 2028 is on 26/01/2028: its eve is in 2028; Tết 2001... but a compensatory day may cross the turn
    # of the year: 31/12 is never a holiday, 01/01 on a Saturday gives Monday 03/01 (2022: 01/01 Saturday).
    assert date(2022, 1, 3) in public_holidays(2022)


def test_is_working_day():
    assert is_working_day(date(2022, 1, 20))  # a Thursday
    assert not is_working_day(date(2022, 1, 22))  # Saturday
    assert not is_working_day(date(2022, 2, 1))  # Tết
    swapped = Calendar(days_off={date(2022, 1, 20)}, working_days={date(2022, 1, 22), date(2022, 2, 1)})
    assert not is_working_day(date(2022, 1, 20), swapped)
    assert is_working_day(date(2022, 1, 22), swapped)
    assert is_working_day(date(2022, 2, 1), swapped)


def test_add_and_subtract_across_tet():
    # Thu 20/01/2022 + 10 working days: 21, 24-28 (6), then 31/01-04/02 Tết, then 07, 08, 09, 10/02
    assert add_working_days(date(2022, 1, 20), 10) == date(2022, 2, 10)
    assert subtract_working_days(date(2022, 2, 10), 10) == date(2022, 1, 20)
    assert add_working_days(date(2022, 1, 20), 0) == date(2022, 1, 20)
    assert add_working_days(date(2022, 1, 21), 1) == date(2022, 1, 24)  # Friday + 1 → Monday
    assert add_working_days(date(2022, 1, 24), -1) == date(2022, 1, 21)
    assert subtract_working_days(date(2022, 1, 24), 1) == date(2022, 1, 21)
    assert working_days_between(date(2022, 1, 20), date(2022, 2, 10)) == 10
    assert working_days_between(date(2022, 2, 10), date(2022, 1, 20)) == -10


def test_administrator_calendar_moves_the_count():
    extra = Calendar(days_off={date(2022, 1, 21)})
    assert add_working_days(date(2022, 1, 20), 1, extra) == date(2022, 1, 24)
    worked_saturday = Calendar(working_days={date(2022, 1, 22)})
    assert add_working_days(date(2022, 1, 21), 1, worked_saturday) == date(2022, 1, 22)


# ---------------------------------------------------------------------------------------- deadline phrases


@pytest.mark.parametrize(
    "text, due",
    [
        ("trong 10 ngày làm việc kể từ ngày 20/01/2022", date(2022, 2, 10)),
        ("Trong thời hạn 10 ngày làm việc, kể từ ngày 20 tháng 01 năm 2022", date(2022, 2, 10)),
        ("trong 5 ngày làm việc kể từ ngày 28/01/2022", date(2022, 2, 11)),
        ("trong 10 ngày kể từ ngày 20/01/2022", date(2022, 1, 30)),  # calendar days
        ("trong 30 ngày kể từ ngày 20/1", date(2022, 2, 19)),  # the document's year
    ],
)
def test_relative_phrases_with_a_named_date(text, due):
    parsed = parse_deadline(text, ref_year=2022)
    assert (parsed.kind, parsed.due_date) == ("day", due)


def test_relative_phrases_count_from_the_document_date():
    signed = date(2022, 1, 20)
    assert parse_deadline("trong thời hạn 10 ngày làm việc", ref_date=signed).due_date == date(2022, 2, 10)
    assert parse_deadline("trong 15 ngày", ref_date=signed).due_date == date(2022, 2, 4)
    assert parse_deadline("trong 15 ngày kể từ ngày ký", ref_date=signed).due_date == date(2022, 2, 4)
    # without a date to count from there is no due date, and the phrase is not read as something else
    unknown = parse_deadline("trong 10 ngày làm việc kể từ ngày nhận được văn bản")
    assert (unknown.kind, unknown.due_date) == ("none", None)


def test_relative_phrase_takes_the_calendar_passed_in():
    signed = date(2022, 1, 20)
    swapped = Calendar(days_off={date(2022, 2, 7)})
    assert parse_deadline("trong 10 ngày làm việc", ref_date=signed, calendar=swapped).due_date == date(
        2022, 2, 11
    )
    calls = []

    def lazy():
        calls.append(1)
        return swapped

    assert parse_deadline("trước ngày 28/02/2022", calendar=lazy).due_date == date(2022, 2, 28)
    assert calls == []  # a phrase that counts no working days never asks for the calendar
    assert parse_deadline("trong 10 ngày làm việc", ref_date=signed, calendar=lazy).due_date == date(
        2022, 2, 11
    )
    assert calls == [1]


def test_other_phrases_unchanged():
    assert parse_deadline("trước ngày 28/02/2022").due_date == date(2022, 2, 28)
    assert parse_deadline("trong tháng 02 năm 2022").due_date == date(2022, 2, 28)
    assert parse_deadline("trong Quý I năm 2022").due_date == date(2022, 3, 31)
