"""Reminder windows counted in working days when the office's setting says so: the days before a deadline
skip weekends, holidays (Tết) and the administrator's days off; each stage is still sent once."""

from datetime import date

import pytest

from dtsystem.core.services import holiday_create
from dtsystem.core.workdays import working_calendar
from reminders import selectors, services
from reminders.choices import ReminderKind

pytestmark = pytest.mark.django_db


def working_config():
    config = services.reminder_settings_get()
    config.day_offsets = [3, 1]
    config.offsets_in_working_days = True
    return config


def test_stage_of_counts_working_days():
    due = date(2022, 2, 9)  # a Wednesday after Tết (31/01 – 04/02/2022)
    config = working_config()
    cal = working_calendar()
    # 3 working days before Wed 09/02: Fri 28/01 (Mon 07, Tue 08 are 1 and 2; 31/01-04/02 are Tết)
    assert selectors.stage_of(due=due, today=date(2022, 1, 28), offsets=config.offsets, calendar=cal) == (
        ReminderKind.DUE_SOON,
        date(2022, 1, 28),
    )
    # during Tết, 2 working days are left: still the 3-day stage, same day (caught up, sent once)
    assert selectors.stage_of(due=due, today=date(2022, 2, 2), offsets=config.offsets, calendar=cal) == (
        ReminderKind.DUE_SOON,
        date(2022, 1, 28),
    )
    # in calendar days, Fri 28/01 is 12 days before: no stage yet
    assert selectors.stage_of(due=due, today=date(2022, 1, 28), offsets=config.offsets) is None
    assert selectors.stage_of(due=due, today=date(2022, 2, 8), offsets=config.offsets, calendar=cal) == (
        ReminderKind.DUE_SOON,
        date(2022, 2, 8),
    )
    assert selectors.stage_of(due=due, today=due, offsets=config.offsets, calendar=cal) == (
        ReminderKind.DUE_TODAY,
        due,
    )


def test_due_tasks_reaches_across_tet(make_task):
    due = date(2022, 2, 9)
    task = make_task(due)
    config = working_config()
    assert selectors.due_tasks(today=date(2022, 1, 27), config=config) == []
    assert selectors.due_tasks(today=date(2022, 1, 28), config=config) == [
        (task.pk, task.lead_unit_id, ReminderKind.DUE_SOON, date(2022, 1, 28))
    ]
    config.offsets_in_working_days = False
    assert selectors.due_tasks(today=date(2022, 1, 28), config=config) == []


def test_administrator_day_off_moves_the_stage(make_task):
    holiday_create(day=date(2022, 2, 8), name="Nghỉ hoán đổi")
    due = date(2022, 2, 9)
    task = make_task(due)
    config = working_config()
    # 1 working day before Wed 09/02 is now Mon 07/02 (Tue 08 is off)
    assert selectors.due_tasks(today=date(2022, 2, 7), config=config) == [
        (task.pk, task.lead_unit_id, ReminderKind.DUE_SOON, date(2022, 2, 7))
    ]


def test_sent_once_per_stage(make_task, lead, mailoutbox):
    due = date(2022, 2, 9)
    make_task(due)
    services.reminder_settings_update(
        user=_office(),
        day_offsets=[3, 1],
        send_hour=7,
        overdue_repeat_days=7,
        escalate_after_days=14,
        offsets_in_working_days=True,
    )
    sent_on = []
    day = date(2022, 1, 24)
    while day <= due:
        before = len(mailoutbox)
        services.reminders_send(today=day)
        services.reminders_send(today=day)  # run twice: no second e-mail
        if len(mailoutbox) > before:
            sent_on.append(day)
        day = date.fromordinal(day.toordinal() + 1)
    assert sent_on == [date(2022, 1, 28), date(2022, 2, 8), date(2022, 2, 9)]


def _office():
    from dtsystem.units.choices import Role
    from tests.factories import MembershipFactory, UnitFactory

    return MembershipFactory(unit=UnitFactory(), role=Role.OFFICE).user


def test_settings_page_saves_the_choice(client, office):
    client.force_login(office)
    response = client.post(
        "/reminders/settings/",
        {
            "day_offsets": "5, 2",
            "offsets_in_working_days": "on",
            "send_hour": "7",
            "overdue_repeat_days": "7",
            "escalate_after_days": "14",
        },
    )
    assert response.status_code == 302
    assert services.reminder_settings_get().offsets_in_working_days is True
    page = client.get("/reminders/settings/").content.decode()
    assert "theo ngày làm việc" in page
