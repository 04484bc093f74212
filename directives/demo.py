"""Demo data for directives: notices 000 and 004 from fixtures/notices/, with a believable spread of
statuses and progress (deterministic, so every run gives the same picture)."""

import json
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from dtsystem.units.models import Unit

from . import rollups, services
from .choices import TaskStatus
from .models import Document, ExtensionRequest, Task

NOTICES_DIR = settings.BASE_DIR / "fixtures" / "notices"


def notice_rows(path) -> tuple[dict, list[dict]]:
    """A notice fixture as (document data, task rows) for services.document_create."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    units = {u.code: u for u in Unit.objects.all()}
    issue = raw.get("issue_date") or {}
    data = {
        "kind": raw["kind"],
        "number": raw.get("number") or "",
        "symbol": raw.get("symbol", ""),
        "issuing_unit": units.get(raw.get("issuing_unit")),
        "issuing_body_text": raw.get("issuing_body_text", ""),
        "superior_body_text": raw.get("superior_body_text", ""),
        "place": raw.get("place", ""),
        "issue_year": issue.get("year"),
        "issue_month": issue.get("month"),
        "issue_day": issue.get("day"),
        "title": raw["title"],
        "meeting_date": date.fromisoformat(raw["meeting_date"]) if raw.get("meeting_date") else None,
        "chair": raw.get("chair", ""),
        "chair_title": raw.get("chair_title", ""),
        "signer": raw.get("signer", ""),
        "signer_title": raw.get("signer_title", ""),
        "recipients": raw.get("recipients", []),
        "body": (path.parent / raw["body_file"]).read_text(encoding="utf-8") if raw.get("body_file") else "",
    }
    tasks = []
    for row in raw["tasks"]:
        tasks.append(
            {
                "item": row.get("item", ""),
                "content": row["content"],
                "lead_unit": units[row["lead_unit"]],
                "coordinating_units": [units[c] for c in row.get("coordinating_units", [])],
                "deadline_text": row.get("deadline_text", ""),
            }
        )
    return data, tasks


# Deterministic story per task position: (status, progress, completion offset in days vs due date).
STORY = [
    (TaskStatus.DONE, 100, -3),
    (TaskStatus.DONE, 100, 6),
    (TaskStatus.IN_PROGRESS, 60, None),
    (TaskStatus.REPORTED_DONE, 100, -1),
    (TaskStatus.IN_PROGRESS, 30, None),
    (TaskStatus.NEW, 0, None),
    (TaskStatus.DONE, 100, -10),
    (TaskStatus.IN_PROGRESS, 80, None),
    (TaskStatus.PAUSED, 20, None),
]


def _aware(day: date):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _tell_story(document: Document, office) -> None:
    """Give the demo tasks history as if the units had worked on them (dates around the deadlines)."""
    tasks = list(
        document.tasks.filter(recurrence_parent__isnull=True)
        .exclude(deadline_kind="recurring")
        .select_related("lead_unit")
        .order_by("position")
    )
    for index, task in enumerate(tasks):
        status, progress, offset = STORY[index % len(STORY)]
        if status == TaskStatus.NEW:
            continue
        services.task_report_progress(
            task=task,
            user=office,
            percent=max(10, progress // 2),
            note="Đã triển khai, đang hoàn thiện hồ sơ.",
        )
        if status == TaskStatus.PAUSED:
            services.task_transition(
                task=task, user=office, to=TaskStatus.PAUSED, reason="Chờ ý kiến của Thường trực Tỉnh ủy."
            )
        elif status in (TaskStatus.DONE, TaskStatus.REPORTED_DONE):
            services.task_transition(task=task, user=office, to=TaskStatus.REPORTED_DONE)
            due = task.due_date or (document.meeting_date or date(2022, 1, 1)) + timedelta(days=40)
            with rollups.tracked([task.pk]):  # a completion date in the past, as the story tells it
                Task.objects.filter(pk=task.pk).update(completed_on=due + timedelta(days=offset))
            task.refresh_from_db()
            if status == TaskStatus.DONE:
                services.task_transition(task=task, user=office, to=TaskStatus.DONE)
        elif progress:
            services.task_report_progress(
                task=task, user=office, percent=progress, note="Cập nhật tiến độ theo kế hoạch."
            )


def load() -> dict:
    User = get_user_model()
    office = User.objects.filter(username="office").first()
    created = 0
    for path in sorted(NOTICES_DIR.glob("*.json")):
        key = path.stem
        if Document.objects.filter(source_key=key).exists():
            continue
        data, tasks = notice_rows(path)
        document = services.document_create(user=office, data=data, tasks=tasks, source_key=key)
        _tell_story(document, office)
        created += 1
    first_open = (
        Task.objects.filter(status=TaskStatus.IN_PROGRESS, lead_unit__code="so-tttt", due_date__isnull=False)
        .order_by("id")
        .first()
    )
    if first_open and not ExtensionRequest.objects.exists():
        lead = User.objects.filter(username="lead_tttt").first()
        if lead:
            services.task_request_extension(
                task=first_open,
                user=lead,
                new_due_date=first_open.due_date + timedelta(days=30),
                reason="Chờ đơn vị tư vấn hoàn thiện hồ sơ kỹ thuật.",
            )
    services.task_recurrences_generate(today=date(2022, 12, 1))
    return {"documents_created": created, "tasks": Task.objects.count()}
