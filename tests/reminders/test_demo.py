"""With the demo data of `make run`, `send_reminders --today 2022-01-20` sends what notice 000's deadlines
call for, and a second run sends none."""

import io

import pytest
from django.core.management import call_command

from directives.models import Task
from reminders.models import Delivery


@pytest.mark.django_db
def test_demo_notice_000_on_2022_01_20(demo_data, mailoutbox, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    out = io.StringIO()
    call_command("send_reminders", "--today", "2022-01-20", stdout=out)
    line = out.getvalue().strip()
    assert line == "send_reminders 2022-01-20: recipients=2 tasks=2 sent=2 skipped=0 failed=0"

    # Sở TT&TT leads 4.a (before 25/01/2022, 5 days left: the 7-day reminder) and 5.1 (before 24/01/2022,
    # in progress); 5.2 (24/01/2022) is paused, every other deadline is weeks away.
    notice = Task.objects.filter(document__source_key="tb-dongthap-2022-01-06")
    item_4a = notice.get(item="4.a")
    item_51 = notice.get(item="5.1", deadline_kind="day")
    item_52 = notice.get(item="5.2")
    assert sorted(m.to[0] for m in mailoutbox) == ["lead_tttt@dtsystem.local", "stttt@dongthap.gov.vn"]
    for message in mailoutbox:
        assert "20/01/2022" in message.subject
        assert f"http://127.0.0.1:8000/tasks/{item_4a.pk}/" in message.body
        assert f"http://127.0.0.1:8000/tasks/{item_51.pk}/" in message.body
        assert f"/tasks/{item_52.pk}/" not in message.body
        assert "25/01/2022" in message.body and "24/01/2022" in message.body
        assert "còn 5 ngày" in message.body and "còn 4 ngày" in message.body
    assert "Kính gửi: Trần Văn Hùng" in next(m for m in mailoutbox if "lead_tttt" in m.to[0]).body
    assert Delivery.objects.filter(status="sent").count() == 4

    again = io.StringIO()
    call_command("send_reminders", "--today", "2022-01-20", stdout=again)
    assert "sent=0" in again.getvalue()
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_demo_2022_01_25_due_today_and_overdue(demo_data, mailoutbox):
    call_command("send_reminders", "--today", "2022-01-20", stdout=io.StringIO())
    mailoutbox.clear()
    out = io.StringIO()
    call_command("send_reminders", "--today", "2022-01-25", stdout=out)
    assert "sent=2" in out.getvalue()
    # 5.1 is overdue since 24/01; 4.a (due today) was reported done on 24/01, so it is not reminded.
    item_4a = Task.objects.get(document__source_key="tb-dongthap-2022-01-06", item="4.a")
    for message in mailoutbox:
        assert "QUÁ HẠN" in message.body and "quá hạn 1 ngày" in message.body
        assert "ĐẾN HẠN HÔM NAY" not in message.body
        assert f"/tasks/{item_4a.pk}/" not in message.body
