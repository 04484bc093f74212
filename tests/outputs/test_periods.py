from datetime import date

import pytest
from django.core.exceptions import ValidationError

from outputs.periods import parse_period, period_containing


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2022-01", date(2022, 1, 1), date(2022, 1, 31), "tháng 1 năm 2022"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "tháng 2 năm 2024"),
        ("2022-Q1", date(2022, 1, 1), date(2022, 3, 31), "quý I năm 2022"),
        ("2022-q4", date(2022, 10, 1), date(2022, 12, 31), "quý IV năm 2022"),
        ("2022-H1", date(2022, 1, 1), date(2022, 6, 30), "6 tháng đầu năm 2022"),
        ("2022-H2", date(2022, 7, 1), date(2022, 12, 31), "6 tháng cuối năm 2022"),
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "năm 2022"),
    ],
)
def test_periods_of_every_kind(code, start, end, label):
    period = parse_period(code, today=date(2025, 1, 1))
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "code", ["2022-Q5", "2022-Q0", "2022-13", "2022-00", "2022-H3", "22-Q1", "abc", "", None, "1999"]
)
def test_malformed_periods_are_refused_in_vietnamese(code):
    with pytest.raises(ValidationError) as exc:
        parse_period(code, today=date(2023, 1, 1))
    assert "không hợp lệ" in exc.value.messages[0]


def test_a_period_that_has_not_started_is_refused_and_the_running_one_is_not():
    today = date(2022, 3, 31)
    assert parse_period("2022-Q1", today=today).as_of(today) == today
    assert parse_period("2022-03", today=today).end == today
    with pytest.raises(ValidationError) as exc:
        parse_period("2022-04", today=today)
    assert "chưa bắt đầu" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        parse_period("2023", today=today)
    # the first day of a period is already inside it
    assert parse_period("2022-Q2", today=date(2022, 4, 1)).as_of(date(2022, 4, 1)) == date(2022, 4, 1)


def test_previous_periods_cross_the_year():
    assert [p.code for p in parse_period("2022-Q1").previous_periods(3)] == ["2021-Q2", "2021-Q3", "2021-Q4"]
    assert [p.code for p in parse_period("2022-02").previous_periods(3)] == ["2021-11", "2021-12", "2022-01"]
    assert [p.code for p in parse_period("2022-H1").previous_periods(2)] == ["2021-H1", "2021-H2"]
    assert [p.code for p in parse_period("2022").previous_periods(1)] == ["2021"]
    assert period_containing(date(2022, 7, 1), "half").code == "2022-H2"
