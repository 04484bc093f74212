"""The monthly and quarterly progress reports, stored in django-celery-beat's tables so that the
administrator can change them in the admin and `docker compose up` needs no manual step.

Monthly: 06:00 on the 1st of every month (the report of the month just ended). Quarterly: 06:30 on the
1st of January, April, July and October (the quarter just ended)."""

import json

from django.db import migrations

SCHEDULES = [
    ("Báo cáo tiến độ chuyển đổi số hằng tháng", "month", "0", "6", "*"),
    ("Báo cáo tiến độ chuyển đổi số hằng quý", "quarter", "30", "6", "1,4,7,10"),
]


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, kind, minute, hour, months in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="1",
            month_of_year=months,
            timezone="Asia/Ho_Chi_Minh",
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": "reports.build_scheduled",
                "crontab": crontab,
                "kwargs": json.dumps({"kind": kind}),
                "enabled": True,
            },
        )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task="reports.build_scheduled").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
