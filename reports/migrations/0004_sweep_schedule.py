"""The sweep of unfinished reports (reports.sweep), every minute, in django-celery-beat's tables like the
other schedules: it hands again to the broker the reports that were never handed over (the broker was
down when they were asked for) or whose message was lost, requeues those whose worker died (lease
expired), and fails, with the reason, those that used up their attempts (reports.services.reports_sweep)."""

from django.db import migrations

NAME = "Quét báo cáo chưa hoàn thành (gửi lại, xếp hàng lại, báo lỗi)"
TASK = "reports.sweep"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "interval": every_minute, "enabled": True}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_reliability"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
