"""Which tasks call for a reminder on which day: boundary days of each deadline kind, statuses, templates."""

from datetime import date, timedelta

import pytest

from directives.choices import DeadlineKind, Recurrence, TaskStatus
from reminders import selectors, services
from reminders.choices import ReminderKind
from reminders.models import ReminderSettings

pytestmark = pytest.mark.django_db

DEADLINES = {
    DeadlineKind.DAY: date(2022, 3, 15),
    DeadlineKind.MONTH: date(2022, 2, 28),
    DeadlineKind.QUARTER: date(2022, 3, 31),
}

# days relative to the deadline -> (kind, day of the reminder relative to the deadline) or None
EXPECTED = {
    -8: None,
    -7: (ReminderKind.DUE_SOON, -7),
    -4: (ReminderKind.DUE_SOON, -7),  # catch-up of the 7-day stage, same key: sent once
    -3: (ReminderKind.DUE_SOON, -3),
    -2: (ReminderKind.DUE_SOON, -3),
    -1: (ReminderKind.DUE_SOON, -1),
    0: (ReminderKind.DUE_TODAY, 0),
    1: (ReminderKind.OVERDUE, 1),
    2: None,
    7: None,
    8: (ReminderKind.OVERDUE, 8),
    9: None,
    15: (ReminderKind.OVERDUE, 15),
    22: (ReminderKind.OVERDUE, 22),
}


def config():
    return services.reminder_settings_get()


@pytest.mark.parametrize("kind", list(DEADLINES))
@pytest.mark.parametrize("offset", list(EXPECTED))
def test_boundary_days_of_each_deadline_kind(make_task, kind, offset):
    due = DEADLINES[kind]
    task = make_task(due, deadline_kind=kind)
    today = due + timedelta(days=offset)
    rows = selectors.due_tasks(today=today, config=config())
    expected = EXPECTED[offset]
    if expected is None:
        assert rows == []
    else:
        assert rows == [(task.pk, task.lead_unit_id, expected[0], due + timedelta(days=expected[1]))]


def test_run_every_day_sends_on_days_7_3_1_0_and_overdue_1_8_15(make_task, lead, mailoutbox):
    due = date(2022, 3, 15)
    make_task(due)
    sent_on = []
    for offset in range(-12, 17):
        before = len(mailoutbox)
        services.reminders_send(today=due + timedelta(days=offset))
        if len(mailoutbox) > before:
            assert len(mailoutbox) - before == 2  # the lead and the unit's address
            sent_on.append(offset)
    assert sent_on == [-7, -3, -1, 0, 1, 8, 15]


def test_offsets_come_from_the_settings(make_task):
    settings_row = config()
    settings_row.day_offsets = [10, 5]
    due = date(2022, 3, 15)
    task = make_task(due)
    assert selectors.due_tasks(today=due - timedelta(days=10), config=settings_row)[0][2:] == (
        ReminderKind.DUE_SOON,
        due - timedelta(days=10),
    )
    assert selectors.due_tasks(today=due - timedelta(days=11), config=settings_row) == []
    assert selectors.due_tasks(today=due - timedelta(days=5), config=settings_row)[0][0] == task.pk
    settings_row.overdue_repeat_days = 3
    assert (
        selectors.due_tasks(today=due + timedelta(days=4), config=settings_row)[0][2] == ReminderKind.OVERDUE
    )
    assert selectors.due_tasks(today=due + timedelta(days=8), config=settings_row) == []


@pytest.mark.parametrize(
    "status, remind",
    [
        (TaskStatus.NEW, True),
        (TaskStatus.IN_PROGRESS, True),
        (TaskStatus.PAUSED, False),
        (TaskStatus.CANCELLED, False),
        (TaskStatus.REPORTED_DONE, False),
        (TaskStatus.DONE, False),
    ],
)
def test_statuses(make_task, status, remind):
    due = date(2022, 3, 15)
    completed = date(2022, 3, 1) if status in (TaskStatus.DONE, TaskStatus.REPORTED_DONE) else None
    make_task(due, status=status, completed_on=completed)
    for offset in (-7, 0, 1, 8, 15):
        rows = selectors.due_tasks(today=due + timedelta(days=offset), config=config())
        assert bool(rows) is remind


def test_finished_after_today_counts_as_open_at_today(make_task):
    """`--today` in the past sees a task as it was then (same rule as timeliness)."""
    due = date(2022, 3, 15)
    make_task(due, status=TaskStatus.REPORTED_DONE, completed_on=date(2022, 3, 14))
    assert selectors.due_tasks(today=date(2022, 3, 12), config=config())
    assert not selectors.due_tasks(today=date(2022, 3, 14), config=config())


def test_recurring_templates_excluded_instances_included(make_task):
    due = date(2022, 3, 31)
    template = make_task(due, deadline_kind=DeadlineKind.RECURRING, recurrence=Recurrence.QUARTERLY)
    instance = make_task(
        due, deadline_kind=DeadlineKind.QUARTER, recurrence_parent=template, period_label="2022-Q1"
    )
    rows = selectors.due_tasks(today=due, config=config())
    assert [r[0] for r in rows] == [instance.pk]


def test_no_deadline_never_reminded(make_task):
    make_task(None)
    assert selectors.due_tasks(today=date(2022, 3, 15), config=config()) == []


def test_settings_is_a_singleton_with_the_defaults():
    row = services.reminder_settings_get()
    assert row.pk == 1
    assert row.offsets == [7, 3, 1]
    assert (row.send_hour, row.overdue_repeat_days, row.escalate_after_days) == (7, 7, 14)
    assert ReminderSettings.objects.count() <= 1


def test_settings_update_writes_the_single_row(office):
    ReminderSettings.objects.all().delete()
    assert services.reminder_settings_get().offsets == [7, 3, 1]  # defaults, nothing written
    assert ReminderSettings.objects.count() == 0
    services.reminder_settings_update(
        user=office, day_offsets=[5, 2], send_hour=8, overdue_repeat_days=7, escalate_after_days=14
    )
    assert ReminderSettings.objects.get().offsets == [5, 2]


def test_selection_runs_a_fixed_number_of_queries(make_task, lead, coord_unit, django_assert_num_queries):
    due = date(2022, 3, 15)
    for i in range(3):
        make_task(due - timedelta(days=i), coordinating_units=[coord_unit])
    cfg = config()
    # 4 for the tasks' reminders, 1 for the coordinating units' input deadlines (issue 12)
    with django_assert_num_queries(5):
        first = selectors.reminder_candidates(today=due - timedelta(days=1), config=cfg)
    for i in range(20):
        make_task(due - timedelta(days=i % 3), coordinating_units=[coord_unit])
    with django_assert_num_queries(5):
        second = selectors.reminder_candidates(today=due - timedelta(days=1), config=cfg)
    assert len(second) > len(first)
