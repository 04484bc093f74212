"""The office's log and settings pages, and each user's preferences."""

from datetime import timedelta

import pytest
from django.urls import reverse

from reminders import services
from reminders.models import Delivery, ReminderPreference
from tests.support.reminders import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_log(make_task, lead, coord_unit):
    for i in range(3):
        make_task(TODAY + timedelta(days=i), coordinating_units=[coord_unit])
    services.reminders_send(today=TODAY)
    return Delivery.objects.all()


@pytest.mark.parametrize(
    "persona, expected", [("office", 200), ("admin", 200), ("lead", 403), ("committee", 403)]
)
def test_log_is_for_the_office(client, personas, persona, expected):
    client.force_login(personas[persona])
    assert client.get(reverse("reminders:log")).status_code == expected


def test_log_anonymous_goes_to_login(client):
    response = client.get(reverse("reminders:log"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_log_lists_deliveries_with_filters(client, office, sent_log, lead):
    Delivery.objects.filter(recipient=lead.email).update(status="failed", last_error="SMTP 421 thử lại sau")
    client.force_login(office)
    page = client.get(reverse("reminders:log")).content.decode()
    assert lead.email in page and "so-xd@example.gov.vn" in page
    assert "SMTP 421 thử lại sau" in page and "Gửi lỗi" in page
    failed = client.get(reverse("reminders:log"), {"status": "failed"}).content.decode()
    assert failed.count('data-status="failed"') == 3 + 1  # rows + the count button
    assert "so-xd@example.gov.vn" not in failed
    by_recipient = client.get(reverse("reminders:log"), {"q": "so-xd"}).content.decode()
    assert "so-xd@example.gov.vn" in by_recipient and lead.email not in by_recipient


def test_log_runs_a_bounded_number_of_queries(client, office, make_task, lead, django_assert_max_num_queries):
    for i in range(15):
        make_task(TODAY + timedelta(days=i % 3))
    services.reminders_send(today=TODAY)
    client.force_login(office)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reminders:log")).status_code == 200


def test_settings_page_office_updates_offsets_and_the_beat_hour(client, office):
    from django_celery_beat.models import PeriodicTask

    client.force_login(office)
    assert client.get(reverse("reminders:settings")).status_code == 200
    response = client.post(
        reverse("reminders:settings"),
        {"day_offsets": "10, 5,1", "send_hour": "6", "overdue_repeat_days": "3", "escalate_after_days": "21"},
    )
    assert response.status_code == 302
    config = services.reminder_settings_get()
    assert (config.offsets, config.send_hour, config.overdue_repeat_days, config.escalate_after_days) == (
        [10, 5, 1],
        6,
        3,
        21,
    )
    assert PeriodicTask.objects.get(task="reminders.send_daily").crontab.hour == "6"
    digest = PeriodicTask.objects.get(task="reminders.send_digest").crontab
    assert (digest.hour, digest.day_of_week) == ("6", "1")


def test_settings_page_rejects_bad_offsets(client, office):
    client.force_login(office)
    response = client.post(
        reverse("reminders:settings"),
        {"day_offsets": "7, ba", "send_hour": "25", "overdue_repeat_days": "7", "escalate_after_days": "14"},
    )
    assert response.status_code == 200
    assert services.reminder_settings_get().offsets == [7, 3, 1]


def test_settings_page_not_for_units(client, lead):
    client.force_login(lead)
    assert client.get(reverse("reminders:settings")).status_code == 403
    assert client.post(reverse("reminders:settings"), {"send_hour": "1"}).status_code == 403


def test_settings_service_refuses_non_office(lead):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.reminder_settings_update(
            user=lead, day_offsets=[1], send_hour=1, overdue_repeat_days=1, escalate_after_days=1
        )


def test_beat_schedule_created_by_migration():
    from django_celery_beat.models import PeriodicTask

    daily = PeriodicTask.objects.get(task="reminders.send_daily")
    weekly = PeriodicTask.objects.get(task="reminders.send_digest")
    assert daily.enabled and (daily.crontab.hour, daily.crontab.minute, daily.crontab.day_of_week) == (
        "7",
        "0",
        "*",
    )
    assert weekly.enabled and weekly.crontab.day_of_week == "1"


def test_preferences_page_is_the_profile_with_the_choices(client, lead):
    client.force_login(lead)
    page = client.get(reverse("reminders:preferences")).content.decode()
    assert "Hồ sơ cá nhân" in page and "Nhận e-mail nhắc việc" in page
    assert 'name="weekly_digest"' not in page or 'type="hidden" name="weekly_digest"' in page
    response = client.post(reverse("reminders:preferences"), {"due_today": "on", "overdue": "on"})
    assert response.status_code == 302
    pref = ReminderPreference.objects.get(user=lead)
    assert (pref.due_soon, pref.due_today, pref.overdue, pref.coordinating_info) == (False, True, True, False)


def test_preferences_page_office_sees_the_digest_choice(client, office):
    client.force_login(office)
    page = client.get(reverse("reminders:preferences")).content.decode()
    assert 'type="checkbox" name="weekly_digest"' in page


def test_nav_links_the_log_for_the_office(client, office):
    client.force_login(office)
    assert reverse("reminders:log") in client.get(reverse("home")).content.decode()


def test_admin_pages(client, admin_user, sent_log):
    client.force_login(admin_user)
    for name in ("delivery", "reminderpreference", "remindersettings"):
        assert client.get(reverse(f"admin:reminders_{name}_changelist")).status_code == 200
    response = client.post(
        reverse("admin:reminders_remindersettings_change", args=[1]),
        {"day_offsets": "[5, 2]", "send_hour": "9", "overdue_repeat_days": "7", "escalate_after_days": "14"},
    )
    assert response.status_code == 302
    from django_celery_beat.models import PeriodicTask

    assert services.reminder_settings_get().offsets == [5, 2]
    assert PeriodicTask.objects.get(task="reminders.send_daily").crontab.hour == "9"
