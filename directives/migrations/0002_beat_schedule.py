"""The daily job that creates recurring task instances, stored in django-celery-beat's tables so that the
administrator can change it in the admin and `docker compose up` needs no manual step."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.get_or_create(
        name="Tạo nhiệm vụ định kỳ (hằng tháng, quý, năm)",
        defaults={"task": "directives.generate_recurring_tasks", "crontab": crontab, "enabled": True},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task="directives.generate_recurring_tasks"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
