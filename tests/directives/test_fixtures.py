"""Notices 000 and 004 as loaded by load_demo: every assignment a task, deadlines read correctly."""

import json
from datetime import date
from pathlib import Path

import pytest

from directives.models import Document, Task

NOTICES = Path(__file__).resolve().parents[2] / "fixtures" / "notices"


@pytest.fixture
def loaded(demo_data):
    return demo_data


def test_seed_000_key_items(loaded):
    doc = Document.objects.get(source_key="tb-dongthap-2022-01-06")
    assert (doc.kind, doc.code, doc.meeting_date, doc.issue_year, doc.issue_month) == (
        "TB",
        "…/TB-VPUBND",
        date(2022, 1, 6),
        2022,
        None,
    )
    tasks = {t.item: t for t in doc.tasks.filter(recurrence_parent__isnull=True)}
    assert (tasks["4.a"].due_date, tasks["4.a"].deadline_kind) == (date(2022, 1, 25), "day")
    assert (tasks["1"].deadline_text, tasks["1"].deadline_kind, tasks["1"].due_date) == (
        "trong tháng 02 năm 2022",
        "month",
        date(2022, 2, 28),
    )
    assert (tasks["4.a.4"].deadline_kind, tasks["4.a.4"].due_date) == ("quarter", date(2022, 3, 31))
    yearly = doc.tasks.get(item="5.1", deadline_kind="recurring")
    assert yearly.recurrence == "yearly"
    assert tasks["4.b"].lead_unit.code == "vp-ubnd-dt"
    assert [u.code for u in tasks["4.b"].coordinating_units.all()] == ["so-tttt"]


@pytest.mark.parametrize("name", ["tb-dongthap-2022-01-06", "tb-quangngai-2022-02-14"])
def test_every_reference_assignment_is_a_task_with_its_units_and_deadline(loaded, name):
    reference = json.loads((NOTICES / f"{name}.json").read_text(encoding="utf-8"))
    doc = Document.objects.get(source_key=name)
    tasks = list(
        doc.tasks.filter(recurrence_parent__isnull=True)
        .select_related("lead_unit")
        .prefetch_related("coordinating_units")
        .order_by("position")
    )
    assert len(tasks) == len(reference["tasks"])
    for task, ref in zip(tasks, reference["tasks"], strict=True):
        assert task.item == ref["item"]
        assert task.lead_unit.code == ref["lead_unit"]
        assert sorted(u.code for u in task.coordinating_units.all()) == sorted(ref["coordinating_units"])
        assert task.deadline_kind == ref["deadline_kind"], task.deadline_text
        assert (task.due_date.isoformat() if task.due_date else None) == ref["deadline"], task.deadline_text
        assert (task.recurrence or None) == ref["recurrence"]


def test_demo_has_a_believable_spread(loaded):
    statuses = set(Task.objects.values_list("status", flat=True))
    assert {"new", "in_progress", "reported_done", "done", "paused"} <= statuses
    assert Task.objects.filter(progress_reports__isnull=False).distinct().count() >= 10
    assert Task.objects.filter(extension_requests__status="pending").exists()
