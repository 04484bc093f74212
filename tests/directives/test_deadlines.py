"""Deadline phrases → kind, due date and recurrence, for every form in the seeds and their variants."""

from datetime import date

import pytest

from directives.deadlines import find_recurrence, parse_deadline, period_bounds


@pytest.mark.parametrize(
    "text, kind, due",
    [
        ("trước ngày 25 tháng 01 năm 2022", "day", date(2022, 1, 25)),
        ("Thời gian hoàn thành trước ngày 24 tháng 01 năm 2022.", "day", date(2022, 1, 24)),
        ("**trước ngày 28/02/2022**", "day", date(2022, 2, 28)),
        ("trước ngày 30/6/2022", "day", date(2022, 6, 30)),
        ("trước ngày 15/3", "day", date(2022, 3, 15)),  # no year: the document's year
        ("ngày 5 tháng 9", "day", date(2022, 9, 5)),
        ("Thời gian hoàn thành trong tháng 02 năm 2022", "month", date(2022, 2, 28)),
        ("trong tháng 02/2024", "month", date(2024, 2, 29)),
        ("từ tháng 9/2022", "month", date(2022, 9, 30)),
        ("trong Quý I năm 2022", "quarter", date(2022, 3, 31)),
        ("Quý IV/2023", "quarter", date(2023, 12, 31)),
        ("quý 2 năm 2022", "quarter", date(2022, 6, 30)),
        ("6 tháng đầu năm 2022", "month", date(2022, 6, 30)),
        ("trong năm 2023", "year", date(2023, 12, 31)),
        ("*cuối năm 2025*", "year", date(2025, 12, 31)),
    ],
)
def test_concrete_deadlines(text, kind, due):
    parsed = parse_deadline(text, ref_year=2022)
    assert (parsed.kind, parsed.due_date, parsed.recurrence) == (kind, due, "")


@pytest.mark.parametrize(
    "text, recurrence",
    [
        ("hằng năm", "yearly"),
        ("hàng năm", "yearly"),
        ("ít nhất 01 lần/năm", "yearly"),
        ("tổ chức hội thảo ít nhất 01 lần / năm", "yearly"),
        ("hàng tháng", "monthly"),
        ("định kỳ hằng quý", "quarterly"),
        ("báo cáo hằng quý", "quarterly"),
    ],
)
def test_recurring(text, recurrence):
    parsed = parse_deadline(text, ref_year=2022)
    assert (parsed.kind, parsed.due_date, parsed.recurrence) == ("recurring", None, recurrence)


@pytest.mark.parametrize("text", ["", "thường xuyên", "Thường xuyên", None, "khi có yêu cầu"])
def test_no_deadline(text):
    parsed = parse_deadline(text, ref_year=2022)
    assert (parsed.kind, parsed.due_date) == ("none", None)


def test_date_without_year_and_without_reference_is_not_guessed():
    assert parse_deadline("trước ngày 15/3").kind == "none"


def test_impossible_date_is_not_a_deadline():
    assert parse_deadline("trước ngày 30/02/2022").kind == "none"


def test_document_numbers_are_not_dates():
    assert parse_deadline("theo Kế hoạch số 145/KH-UBND").kind == "none"


def test_budget_phrase_is_not_recurrence():
    assert find_recurrence("đảm bảo khả năng cân đối ngân sách hàng năm") == ""


@pytest.mark.parametrize(
    "recurrence, day, expected",
    [
        ("yearly", date(2022, 5, 3), ("2022", date(2022, 1, 1), date(2022, 12, 31))),
        ("quarterly", date(2022, 5, 3), ("2022-Q2", date(2022, 4, 1), date(2022, 6, 30))),
        ("monthly", date(2024, 2, 10), ("2024-02", date(2024, 2, 1), date(2024, 2, 29))),
    ],
)
def test_period_bounds(recurrence, day, expected):
    assert period_bounds(recurrence, day) == expected
