"""The task import writes a whole file in batches (services.tasks_create_imported): the same tasks and
the same history as the row-by-row services (task_create_imported), and a number of queries that does
not grow with the rows (constant + one set of INSERTs per batch of 500)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives import rollups, services
from directives.choices import TaskStatus
from directives.models import Document, Task
from tests.support.task_import import STATUS_CYCLE, file_rows


@pytest.fixture
def units(own_unit, other_unit, coord_unit):
    return own_unit, other_unit, coord_unit


def _labels():
    from directives.choices import TaskStatus

    return {str(label) for _v, label in TaskStatus.choices}


def test_status_labels_of_the_file_exist():
    assert set(filter(None, STATUS_CYCLE)) <= _labels()


def _import_queries(office, notice, n) -> tuple[int, int]:
    """(statements other than INSERT, INSERT statements) of a committed import of n rows."""
    rows = file_rows(n)
    with CaptureQueriesContext(connection) as captured:
        report = services.tasks_import(user=office, document=notice, rows=rows, commit=True)
    assert report.saved and report.created == n, report.errors[:3]
    inserts = sum(q["sql"].startswith("INSERT") for q in captured.captured_queries)
    return len(captured.captured_queries) - inserts, inserts


def test_import_queries_do_not_grow_with_rows(office, notice, units):
    def another(title):
        return services.document_create(
            user=office,
            data={
                "kind": "TB",
                "issuing_body_text": "UBND TỈNH",
                "symbol": "TB-UBND",
                "issue_year": 2022,
                "title": title,
            },
        )

    # A first import fills the process's caches (the working-day calendar...): not what is measured.
    _import_queries(office, another("Khởi động"), 1)
    small = _import_queries(office, notice, 10)
    other = another("Kết luận khác")
    large = _import_queries(office, other, 200)
    assert large[0] == small[0], (small, large)  # reads, savepoints, the document's version: constant
    # One INSERT per table and batch of rows (SQLite splits a batch by its limit of bound variables,
    # ~45 task rows a statement); never one per row.
    assert small[1] <= 6 and large[1] <= 14, (small, large)
    if connection.vendor == "postgresql":
        assert large == small
    assert Task.objects.filter(document=other).count() == 200
    assert rollups.table_counts() == +rollups.counts_of(Task.objects.all())  # counted on the dashboard


def _snapshot(document: Document):
    out = []
    for task in document.tasks.order_by("position").prefetch_related(
        "coordinating_units", "events", "progress_reports"
    ):
        out.append(
            (
                task.position,
                task.item,
                task.content,
                task.lead_unit_id,
                sorted(u.pk for u in task.coordinating_units.all()),
                task.deadline_kind,
                task.due_date,
                task.status,
                task.progress,
                task.completed_on,
                task.status_reason,
                task.confirmed_by_id,
                task.search_text,
                [
                    (e.kind, e.changes, e.note, e.actor_id)
                    for e in sorted(task.events.all(), key=lambda e: e.pk)
                ],
                [(r.percent, r.note, r.reported_by_id) for r in task.progress_reports.all()],
            )
        )
    return out


def test_bulk_import_writes_what_the_row_by_row_services_write(office, lead, notice, units):
    rows = file_rows(24)
    report = services.tasks_import(user=office, document=notice, rows=rows, commit=True)
    assert report.saved
    by_row = services.document_create(
        user=office,
        data={
            "kind": "TB",
            "issuing_body_text": "UBND TỈNH",
            "symbol": "TB-UBND",
            "issue_year": 2022,
            "title": "Kết luận thử",
        },
    )
    # The same file through the per-row service, with the rows the import's spec made of it.
    from directives.resources import TaskImport
    from dtsystem.common.imports import ImportRow

    spec = TaskImport(document=by_row)
    spec.user = office
    items = [ImportRow(number=r["_row"], values=r) for r in rows]
    spec.prepare(items)
    for position, item in enumerate(items, start=1):
        spec.clean(item)
        services.task_create_imported(
            user=office,
            document=by_row,
            position=position,
            status=item.fields["status"],
            progress=item.fields["progress"],
            reason="Nhập từ tệp Excel/CSV.",
            **item.fields["task"],
        )
    assert _snapshot(notice) == _snapshot(by_row)
    # What waits in people's inboxes afterwards: the same (new tasks to the lead units' members, tasks
    # left reported done to the office).
    from inbox.models import InboxItem

    def waiting(document):
        return sorted(
            (item.task.position, item.user_id, item.kind)
            for item in InboxItem.objects.filter(
                task__document=document, read_at__isnull=True
            ).select_related("task")
        )

    assert waiting(notice) == waiting(by_row)
    assert "task_assigned" in {kind for _p, _u, kind in waiting(notice)}  # the lead of Sở TT&TT is told
    statuses = {t.status for t in Task.objects.all()}
    assert {TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.PAUSED, TaskStatus.REPORTED_DONE} <= statuses
