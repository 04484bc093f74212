"""The inbox's e-mail sweep (inbox.send_emails) every 5 minutes, in django-celery-beat's tables like the
other schedules: items whose e-mail was queued while the broker was down, or that failed, go out then
(each item is claimed by a conditional UPDATE, so the sweep and the after-commit run never send twice)."""

from django.db import migrations

NAME = "Gửi e-mail việc cần xử lý (quét 5 phút)"
TASK = "inbox.send_emails"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=300, period="seconds")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "interval": every_five, "enabled": True}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
