"""Fill the dashboard rollups from the existing tasks (directives.rollups) and schedule the nightly job
that recomputes them, checks them against the tasks and repairs any drift (django-celery-beat, editable
in the admin)."""

from django.db import migrations

TASK = "directives.rebuild_task_rollups"


def fill(apps, schema_editor):
    from directives.rollups import counts_of

    Task = apps.get_model("directives", "Task")
    TaskRollup = apps.get_model("directives", "TaskRollup")
    TaskRollup.objects.all().delete()
    TaskRollup.objects.bulk_create(
        [
            TaskRollup(lead_unit_id=unit_id, klass=klass, bucket=bucket, n=n)
            for (unit_id, klass, bucket), n in counts_of(Task.objects.all()).items()
            if n
        ],
        batch_size=5000,
    )


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="1",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.get_or_create(
        name="Đối soát số liệu tổng hợp của bảng điều hành",
        defaults={"task": TASK, "crontab": crontab, "enabled": True},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0005_task_rollup"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
