"""The administrator's working-day calendar: the Holiday model, its admin, the cached selector and the
helpers other apps use (dtsystem.core.workdays)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directives.deadlines import parse_deadline
from dtsystem.core import services
from dtsystem.core.models import Holiday
from dtsystem.core.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    working_calendar,
    working_days_before,
)

pytestmark = pytest.mark.django_db


def test_statutory_calendar_without_edits():
    assert add_working_days(date(2022, 1, 20), 10) == date(2022, 2, 10)
    assert working_days_before(date(2022, 2, 10), 5) == date(2022, 1, 27)  # Tết in between
    assert holiday_name(date(2022, 2, 1)) == "Tết Nguyên đán (mùng 1)"
    assert holiday_name(date(2022, 1, 22)) == "Thứ Bảy"
    assert holiday_name(date(2022, 1, 20)) == ""


def test_an_edit_moves_the_dates_at_once():
    assert working_calendar().days_off == frozenset()  # cached now
    services.holiday_create(day=date(2022, 1, 21), name="Nghỉ hoán đổi")
    services.holiday_create(day=date(2022, 1, 29), name="Làm bù", kind=Holiday.Kind.WORKING_DAY)
    cal = working_calendar()
    assert cal.days_off == {date(2022, 1, 21)} and cal.working_days == {date(2022, 1, 29)}
    assert not is_working_day(date(2022, 1, 21))
    assert is_working_day(date(2022, 1, 29))
    assert holiday_name(date(2022, 1, 21)) == "Nghỉ hoán đổi"
    # Thu 20/01 + 1: Fri 21 is off, Mon 24 is the next working day; Sat 29 is worked
    assert add_working_days(date(2022, 1, 20), 1) == date(2022, 1, 24)
    assert add_working_days(date(2022, 1, 28), 1) == date(2022, 1, 29)
    # the deadline parser of the project reads the same calendar
    assert parse_deadline("trong 1 ngày làm việc kể từ ngày 20/01/2022").due_date == date(2022, 1, 24)
    services.holiday_delete(holiday=Holiday.objects.get(date=date(2022, 1, 21)))
    assert add_working_days(date(2022, 1, 20), 1) == date(2022, 1, 21)


def test_the_calendar_is_cached(django_assert_num_queries):
    services.holiday_create(day=date(2022, 1, 21), name="Nghỉ hoán đổi")
    with django_assert_num_queries(1):
        working_calendar()
    with django_assert_num_queries(0):
        working_calendar()
        add_working_days(date(2022, 1, 20), 30)
        parse_deadline("trước ngày 28/02/2022")


def test_a_date_twice_is_refused_in_vietnamese():
    services.holiday_create(day=date(2022, 1, 21), name="Nghỉ hoán đổi")
    with pytest.raises(ValidationError) as refused:
        services.holiday_create(day=date(2022, 1, 21), name="Lần nữa")
    assert "Ngày này đã có trong lịch ngày nghỉ, làm bù" in str(refused.value.message_dict["date"])
    assert Holiday.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Holiday.objects.create(date=date(2022, 1, 21), name="Bỏ qua kiểm tra")


def test_empty_name_refused():
    with pytest.raises(ValidationError):
        services.holiday_create(day=date(2022, 1, 21), name="")
    assert not Holiday.objects.exists()


def test_admin_adds_and_refuses_a_duplicate(client, admin_user):
    client.force_login(admin_user)
    url = "/admin/core/holiday/add/"
    data = {"date": "21/01/2022", "name": "Nghỉ hoán đổi", "kind": "day_off"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Holiday.objects.get().date == date(2022, 1, 21)
    assert not is_working_day(date(2022, 1, 21))
    response = client.post(url, {**data, "name": "Lần nữa"})
    assert response.status_code == 200
    assert "Ngày này đã có trong lịch ngày nghỉ, làm bù" in response.content.decode()
    assert Holiday.objects.count() == 1
    listing = client.get("/admin/core/holiday/")
    assert listing.status_code == 200 and "Thứ Sáu" in listing.content.decode()
