"""The task list's SQL (issue 14): the multi-value status filter and ?unit= (lead OR coordinating unit)
stay plain indexed conditions on the task table — no SELECT DISTINCT, no OR over a join — and answer
exactly what a straightforward Python filter over the same small world answers."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives import selectors
from directives.choices import DeadlineKind, TaskStatus, Timeliness
from directives.filters import TaskFilterSet
from directives.models import Task
from tests.support.world import dated_document

STATUSES = list(TaskStatus.values)
AS_OF = date(2024, 6, 15)


@pytest.fixture
def world(own_unit, coord_unit, other_unit):
    """36 tasks: every status × lead unit, with 0, 1 or 2 coordinating units, due before, on and after
    the as-of date (or never), done before or after it."""
    document = dated_document(number="77", issue_year=2024, issue_month=1, issue_day=5)
    units = [own_unit, coord_unit, other_unit]
    tasks = []
    for i, (status, lead) in enumerate(itertools.product(STATUSES, units)):
        due = [AS_OF - timedelta(days=3), AS_OF, AS_OF + timedelta(days=9), None][i % 4]
        completed = (
            AS_OF - timedelta(days=i % 5) if status in (TaskStatus.DONE, TaskStatus.REPORTED_DONE) else None
        )
        task = Task.objects.create(
            document=document,
            item=str(i + 1),
            position=i + 1,
            content=f"Việc thử số {i + 1}",
            lead_unit=lead,
            deadline_kind=DeadlineKind.DAY if due else DeadlineKind.NONE,
            due_date=due,
            original_due_date=due,
            status=status,
            completed_on=completed,
        )
        others = [u for u in units if u != lead]
        task.coordinating_units.set(others[: i % 3])
        tasks.append(task)
    return {"tasks": tasks, "units": units}


def _run(params, user):
    base = selectors.task_list(user=user, as_of=AS_OF)
    filterset = TaskFilterSet({**params, "as_of": AS_OF.isoformat()}, queryset=base)
    assert filterset.is_valid(), filterset.errors
    with CaptureQueriesContext(connection) as captured:
        ids = sorted(t.pk for t in filterset.qs)
    return ids, captured.captured_queries[0]["sql"]


def _timeliness(task, as_of):
    """The rule of selectors.timeliness_expression, written out in Python."""
    if task.status == TaskStatus.CANCELLED or (
        task.deadline_kind == DeadlineKind.RECURRING and task.recurrence_parent_id is None
    ):
        return None
    if task.status == TaskStatus.DONE and task.completed_on and task.completed_on <= as_of:
        on_time = task.due_date is None or task.completed_on <= task.due_date
        return Timeliness.DONE_ON_TIME if on_time else Timeliness.DONE_LATE
    if task.due_date is None:
        return Timeliness.NO_DEADLINE
    if (
        task.status == TaskStatus.REPORTED_DONE
        and task.completed_on
        and task.completed_on <= as_of
        and task.completed_on <= task.due_date
    ):
        return Timeliness.ON_TRACK
    return Timeliness.OVERDUE if task.due_date < as_of else Timeliness.ON_TRACK


def _expected(world, *, statuses=None, unit=None, timeliness=None):
    out = []
    for task in world["tasks"]:
        if statuses and task.status not in statuses:
            continue
        if unit and task.lead_unit_id != unit.pk and unit not in task.coordinating_units.all():
            continue
        if timeliness and _timeliness(task, AS_OF) not in timeliness:
            continue
        out.append(task.pk)
    return sorted(out)


@pytest.mark.parametrize(
    "statuses",
    [
        [TaskStatus.NEW],
        [TaskStatus.NEW, TaskStatus.IN_PROGRESS],
        [TaskStatus.DONE, TaskStatus.REPORTED_DONE, TaskStatus.CANCELLED],
    ],
)
def test_status_filter_is_status_in_without_distinct(world, office, statuses):
    ids, sql = _run({"status": statuses}, office)
    assert ids == _expected(world, statuses=statuses)
    assert "DISTINCT" not in sql.upper()
    assert '"status" IN' in sql


@pytest.mark.parametrize("which", [0, 1, 2])
def test_unit_filter_is_a_union_of_id_lists_without_or(world, office, which):
    unit = world["units"][which]
    ids, sql = _run({"unit": unit.pk}, office)
    expected = _expected(world, unit=unit)
    assert ids == expected and len(expected) > 3
    where = sql.upper().split(" WHERE ", 1)[1]
    assert "UNION" in where and "DISTINCT" not in sql.upper() and " OR " not in where


def test_unit_status_and_timeliness_together(world, office, own_unit):
    params = {
        "unit": own_unit.pk,
        "status": [TaskStatus.NEW, TaskStatus.DONE],
        "timeliness": [Timeliness.OVERDUE, Timeliness.DONE_LATE],
    }
    ids, sql = _run(params, office)
    assert ids == _expected(world, statuses=params["status"], unit=own_unit, timeliness=params["timeliness"])
    assert "DISTINCT" not in sql.upper()


def test_unit_lead_scope_is_the_same_union(world, lead, own_unit):
    """A unit lead sees exactly the tasks their unit leads or coordinates (the scope of every list)."""
    ids, sql = _run({}, lead)
    assert ids == _expected(world, unit=own_unit)
    assert "UNION" in sql.upper() and "DISTINCT" not in sql.upper()
