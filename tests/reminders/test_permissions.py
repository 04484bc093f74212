"""The permission matrix of reminders (tests/support/permissions.py): every signed-in user chooses their
own reminders (and nobody else's); only the office reads the sending log and changes the settings."""

from types import SimpleNamespace

import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from reminders import services
from reminders.models import Delivery, ReminderPreference, ReminderSettings
from tests.support.permissions import OFFICE, SIGNED_IN, Action, PermissionMatrix

SETTINGS = {
    "day_offsets": "10, 5,1",
    "send_hour": "6",
    "overdue_repeat_days": "3",
    "escalate_after_days": "21",
}


def _own_choices(w):
    """The actor's choices are saved (only due_today kept), and no one else's row exists."""
    rows = list(ReminderPreference.objects.values_list("user_id", "due_soon", "due_today", "weekly_digest"))
    return w.actor is not None and rows == [(w.actor.pk, False, True, False)]


def _settings_saved(w):
    config = services.reminder_settings_get()
    return (config.offsets, config.send_hour, config.escalate_after_days) == ([10, 5, 1], 6, 21)


ACTIONS = (
    Action("preferences page", "reminders:preferences", SIGNED_IN, method="get"),
    Action(
        "choose own reminders",
        "reminders:preferences",
        SIGNED_IN,
        data={"due_today": "on"},
        effect=_own_choices,
    ),
    Action("sending log", "reminders:log", OFFICE, method="get"),
    Action("settings page", "reminders:settings", OFFICE, method="get"),
    Action("change settings", "reminders:settings", OFFICE, data=SETTINGS, effect=_settings_saved),
)


class TestReminderWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (ReminderPreference, ReminderSettings, Delivery, PeriodicTask, CrontabSchedule)

    @pytest.fixture
    def world(self, db):
        return SimpleNamespace()
