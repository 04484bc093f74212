"""The reminder jobs, stored in django-celery-beat's tables so that `docker compose up` needs no manual
step and the administrator can change them in the admin. The office's settings page moves the daily
hour (services.reminder_settings_update keeps the crontab in step)."""

from django.db import migrations

DAILY_TASK = "reminders.send_daily"
DIGEST_TASK = "reminders.send_digest"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    ReminderSettings = apps.get_model("reminders", "ReminderSettings")
    ReminderSettings.objects.get_or_create(pk=1)
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    weekly, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="1",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.get_or_create(
        name="Nhắc hạn nhiệm vụ hằng ngày",
        defaults={"task": DAILY_TASK, "crontab": daily, "enabled": True},
    )
    PeriodicTask.objects.get_or_create(
        name="Báo cáo tuần việc quá hạn kéo dài (gửi Văn phòng)",
        defaults={"task": DIGEST_TASK, "crontab": weekly, "enabled": True},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__in=[DAILY_TASK, DIGEST_TASK]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
