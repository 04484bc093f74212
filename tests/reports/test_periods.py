from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reports.periods import parse_period, period_containing, vn_long_date


@pytest.mark.parametrize(
    "code, start, end, label",
    [
        ("2022-Q1", date(2022, 1, 1), date(2022, 3, 31), "quý I năm 2022"),
        ("2022-Q3", date(2022, 7, 1), date(2022, 9, 30), "quý III năm 2022"),
        ("2022-Q4", date(2022, 10, 1), date(2022, 12, 31), "quý IV năm 2022"),
        ("2022-02", date(2022, 2, 1), date(2022, 2, 28), "tháng 2 năm 2022"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "tháng 2 năm 2024"),
        ("2022-12", date(2022, 12, 1), date(2022, 12, 31), "tháng 12 năm 2022"),
    ],
)
def test_parse_period(code, start, end, label):
    period = parse_period(code)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("code", ["2022", "2022-Q5", "2022-13", "22-Q1", "", "2022-3"])
def test_malformed_period_is_refused(code):
    with pytest.raises(ValidationError):
        parse_period(code)


def test_period_containing_and_previous():
    assert period_containing(date(2022, 3, 31)).code == "2022-Q1"
    assert period_containing(date(2022, 4, 1)).previous().code == "2022-Q1"
    assert period_containing(date(2022, 1, 1), "month").previous().code == "2021-12"
    assert period_containing(date(2022, 1, 15)).previous().code == "2021-Q4"


@pytest.mark.parametrize(
    "day, text",
    [
        (date(2022, 1, 5), "ngày 05 tháng 01 năm 2022"),
        (date(2022, 2, 28), "ngày 28 tháng 02 năm 2022"),
        (date(2022, 3, 31), "ngày 31 tháng 3 năm 2022"),
        (date(2022, 12, 9), "ngày 09 tháng 12 năm 2022"),
    ],
)
def test_long_date_takes_leading_zeros_as_decree_30_says(day, text):
    assert vn_long_date(day) == text
