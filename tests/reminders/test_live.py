"""The daily reminder job through a real Redis broker and a real worker process, sending through the
filemail backend; the worker reads the test database (committed rows: transaction=True)."""

import uuid
from datetime import date
from pathlib import Path

import pytest

from tests.directives.factories import TaskFactory
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.live import celery_worker, require_redis
from tests.support.jobs import database_url, require_postgresql

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2022, 3, 10)

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reminder_worker(tmp_path):
    redis_url = require_redis()
    require_postgresql()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    queue = f"test-reminders-{uuid.uuid4().hex[:8]}"
    env = dict(
        REDIS_URL=redis_url,
        DATABASE_URL=database_url(),
        EMAIL_URL=f"filemail://{mail_dir}",
        SITE_URL="https://dtsystem.example.gov.vn",
        DJANGO_SETTINGS_MODULE="dtsystem.settings.local",
    )
    with celery_worker(queue, **env):
        yield queue, mail_dir


def test_daily_job_through_redis_and_a_worker_sends_once_by_filemail(reminder_worker):
    from dtsystem.celery import app
    from dtsystem.units.choices import Role
    from reminders.models import Delivery
    from reminders.tasks import send_daily

    queue, mail_dir = reminder_worker
    unit = UnitFactory(
        code="so-tttt-live", name="Sở Thông tin và Truyền thông (live)", email="stttt@example.gov.vn"
    )
    lead = MembershipFactory(unit=unit, role=Role.LEAD, user=UserFactory(username="live_lead")).user
    task = TaskFactory(
        lead_unit=unit, due_date=TODAY, item="4.a", content="Hoàn thiện Đề án Trung tâm điều hành"
    )

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        first = send_daily.apply_async(args=[TODAY.isoformat()], queue=queue).get(timeout=90)
        second = send_daily.apply_async(args=[TODAY.isoformat()], queue=queue).get(timeout=90)
    finally:
        app.conf.task_always_eager = previous

    assert first["sent"] == 2 and first["failed"] == 0
    assert second["sent"] == 0 and second["skipped"] == 2
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(mail_dir.iterdir()))
    assert text.count("Content-Type: multipart/alternative") == 2
    assert f"To: {lead.email}" in text and "To: stttt@example.gov.vn" in text
    assert f"https://dtsystem.example.gov.vn/tasks/{task.pk}/" in text
    assert "Hoàn thiện Đề án Trung tâm điều hành" in text and "10/03/2022" in text
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
