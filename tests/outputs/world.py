"""The outputs' test world: tasks of two units with known endings around the first quarter of 2022."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from django.utils import timezone

from directives.choices import EventKind, ExtensionStatus, TaskStatus
from directives.models import ExtensionRequest, Task, TaskEvent
from tests.support.directives import make_notice


def row(unit, content, due, item):
    return {"item": item, "content": content, "lead_unit": unit, "due_date": due}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def done(task, on: date) -> None:
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, completed_on=on, progress=100)


def build(office, own, other, lead) -> SimpleNamespace:
    """Sở TTTT (own): Q1/2022 — one done on time, one done 10 days late, one overdue (due 01/03: 30 days at
    31/03), one due on 31/03 (the last day: on track), one due 01/04 (outside); Q4/2021 one done on time.
    Sở Y tế (other): one done on time, one overdue since 01/01/2022 (89 days at 31/03)."""
    notice = make_notice(
        office,
        own,
        tasks=[
            row(own, "Rà soát danh mục dịch vụ công trực tuyến toàn trình", date(2022, 2, 10), "1"),
            row(own, "Nâng cấp trục liên thông văn bản của tỉnh", date(2022, 1, 20), "2"),
            row(own, "Triển khai nền tảng họp trực tuyến đến cấp xã", date(2022, 3, 1), "3.a"),
            row(own, "Báo cáo tình hình an toàn thông tin quý I", date(2022, 3, 31), "3.b"),
            row(own, "Tổ chức tập huấn kỹ năng số cho cán bộ", date(2022, 4, 1), "4"),
            row(own, "Hoàn thành kho dữ liệu dùng chung năm 2021", date(2021, 12, 31), "5"),
            row(other, "Số hóa hồ sơ sức khỏe điện tử tại bệnh viện tỉnh", date(2022, 3, 15), "6"),
            row(other, "Triển khai thanh toán viện phí không dùng tiền mặt", date(2022, 1, 1), "7"),
        ],
    )
    t = {task.item: task for task in notice.tasks.all()}
    done(t["1"], date(2022, 2, 5))
    done(t["2"], date(2022, 1, 30))
    done(t["5"], date(2021, 12, 20))
    done(t["6"], date(2022, 3, 15))
    Task.objects.filter(pk__in=[t["3.a"].pk, t["7"].pk]).update(status=TaskStatus.IN_PROGRESS)
    extension = ExtensionRequest.objects.create(
        task=t["3.a"],
        requested_by=lead,
        current_due_date=date(2022, 3, 1),
        new_due_date=date(2022, 5, 1),
        reason="Chờ bố trí kinh phí",
        status=ExtensionStatus.REJECTED,
    )
    ExtensionRequest.objects.filter(pk=extension.pk).update(
        requested_at=_at(date(2022, 2, 20)), decided_at=_at(date(2022, 2, 22))
    )
    granted = ExtensionRequest.objects.create(
        task=t["3.b"],
        requested_by=lead,
        current_due_date=date(2022, 3, 31),
        new_due_date=date(2022, 4, 30),
        reason="Chờ số liệu của các huyện",
        status=ExtensionStatus.APPROVED,
    )
    ExtensionRequest.objects.filter(pk=granted.pk).update(
        requested_at=_at(date(2022, 3, 10)), decided_at=_at(date(2022, 3, 12))
    )
    returned = TaskEvent.objects.create(
        task=t["2"],
        actor=office,
        kind=EventKind.STATUS,
        changes={"status": [TaskStatus.REPORTED_DONE, TaskStatus.IN_PROGRESS]},
        note="Thiếu minh chứng",
    )
    TaskEvent.objects.filter(pk=returned.pk).update(at=_at(date(2022, 1, 25)))
    return SimpleNamespace(notice=notice, tasks={k: Task.objects.get(pk=v.pk) for k, v in t.items()})
