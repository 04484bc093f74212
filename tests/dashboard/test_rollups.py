"""The dashboard's per-unit rollups (directives.rollups) stay equal to the full computation: random
sequences of writes through the services (create, progress, report done, confirm, extend, cancel,
reopen, reassign), with the clock moving between them, keep the rollup table equal to a recount of the
tasks, and the dashboard figures read from the rollups equal those of the scan at every as-of date the
rollups answer (today and later; earlier dates are the scan's)."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import selectors
from directives import rollups, services
from directives.aging import aging_counts, rollup_aging_counts
from directives.choices import TaskStatus
from directives.models import Task, TaskRollup, TaskRollupHorizon

START = date(2024, 5, 20)
# The as-of dates checked, as offsets from the last day of the sequence.
AS_OF_OFFSETS = [0, 1, 13, 14, 15, 45, 200, 400]

step = st.one_of(
    st.tuples(st.just("create"), st.integers(-120, 240), st.integers(0, 2)),
    st.tuples(st.just("progress"), st.integers(0, 50), st.integers(5, 95)),
    st.tuples(st.just("report_done"), st.integers(0, 50), st.just(0)),
    st.tuples(st.just("confirm"), st.integers(0, 50), st.just(0)),
    st.tuples(st.just("extend"), st.integers(0, 50), st.integers(1, 120)),
    st.tuples(st.just("cancel"), st.integers(0, 50), st.just(0)),
    st.tuples(st.just("reopen"), st.integers(0, 50), st.just(0)),
    st.tuples(st.just("reassign"), st.integers(0, 50), st.integers(0, 2)),
    st.tuples(st.just("wait"), st.integers(1, 40), st.just(0)),
    st.tuples(st.just("recount"), st.just(0), st.just(0)),
)


def _empty_notice(office):
    return services.document_create(
        user=office,
        data={
            "kind": "TB",
            "issuing_body_text": "UBND TỈNH",
            "symbol": "TB-VPUBND",
            "issue_year": 2024,
            "title": "Kết luận thử",
        },
    )


def _apply(kind, a, b, *, office, units, document, clock):
    """One write through the services; a write the workflow refuses is simply skipped."""
    if kind == "wait":
        clock.shift(timedelta(days=a))
        return
    if kind == "recount":  # the nightly job: files the rows more coarsely for its horizon
        assert rollups.rebuild(today=date.today())["drifted_keys"] == 0
        return
    if kind == "create":
        due = date.today() + timedelta(days=a)
        services.task_create(
            user=office,
            document=document,
            content=f"Việc thử hạn {due:%d/%m/%Y}",
            lead_unit=units[b],
            coordinating_units=[units[(b + 1) % 3]],
            deadline_text=f"trước ngày {due:%d/%m/%Y}",
        )
        return
    tasks = list(Task.objects.order_by("pk"))
    if not tasks:
        return
    task = tasks[a % len(tasks)]
    try:
        with transaction.atomic():
            if kind == "progress":
                services.task_report_progress(task=task, user=office, percent=b)
            elif kind == "report_done":
                services.task_transition(task=task, user=office, to=TaskStatus.REPORTED_DONE)
            elif kind == "confirm":
                services.task_transition(task=task, user=office, to=TaskStatus.DONE)
            elif kind == "cancel":
                services.task_transition(
                    task=task, user=office, to=TaskStatus.CANCELLED, reason="Không còn phù hợp"
                )
            elif kind == "reopen":
                services.task_transition(
                    task=task, user=office, to=TaskStatus.IN_PROGRESS, reason="Chưa đạt yêu cầu"
                )
            elif kind == "extend":
                extension = services.task_request_extension(
                    task=task, user=office, new_due_date=task.due_date + timedelta(days=b), reason="Chờ vốn"
                )
                services.extension_approve(extension=extension, user=office)
            elif kind == "reassign":
                services.task_update(user=office, task=task, version=task.version, lead_unit=units[b])
    except Exception as exc:  # refused by the workflow (wrong state, no due date): nothing was written
        from django.core.exceptions import ValidationError

        from dtsystem.common.exceptions import DomainError

        if not isinstance(exc, ValidationError | DomainError | TypeError):
            raise


def _figures_equal(office, as_of, **filter_args):
    filters = selectors.build_filters(as_of=as_of, **filter_args)
    horizon = rollups.horizon()
    answers = selectors.rollup_answers(user=office, filters=filters)
    assert answers == (horizon is None or as_of <= horizon + timedelta(days=rollups.WINDOW_DAYS))
    if not answers:
        return
    if not filter_args:  # the task list's count tiles (directives.views.tasks) from the same rows
        from directives.selectors import task_queryset, timeliness_groups

        assert rollups.timeliness_totals(as_of) == timeliness_groups(task_queryset(user=office, as_of=as_of))
    scanned = selectors.task_figures(
        selectors.filtered_tasks(user=office, filters=filters),
        as_of=as_of,
        trend_end=selectors.trend_end(filters),
    )
    assert selectors.rollup_figures(filters=filters) == scanned, (as_of, filter_args)
    qs = selectors.filtered_tasks(user=office, filters=filters)
    assert rollup_aging_counts(selectors.rollup_rows(filters), qs, as_of=as_of) == aging_counts(
        qs, as_of=as_of
    ), (as_of, filter_args)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_random_writes_keep_rollups_equal_to_the_full_computation(
    office, own_unit, coord_unit, other_unit, steps
):
    units = [own_unit, coord_unit, other_unit]
    with transaction.atomic():
        with time_machine.travel(START, tick=False) as clock:
            document = _empty_notice(office)
            for kind, a, b in steps:
                _apply(kind, a, b, office=office, units=units, document=document, clock=clock)
            horizon = rollups.horizon()
            if horizon is None:
                assert rollups.table_counts() == +rollups.counts_of(Task.objects.all())
            else:
                assert rollups.canonical(rollups.table_counts(), horizon) == rollups.canonical(
                    rollups.counts_of(Task.objects.all()), horizon
                )
            today = date.today()
            for offset in AS_OF_OFFSETS:
                _figures_equal(office, today + timedelta(days=offset))
            quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
            _figures_equal(office, today, period=quarter)
            _figures_equal(office, today, period=str(today.year))
            _figures_equal(office, today + timedelta(days=20), extra={"lead_unit": own_unit})
        transaction.set_rollback(True)


def test_key_of_is_the_sql_rule(office, own_unit, coord_unit):
    """The Python key (used by the services) and the SQL key (used by the recount) agree on every state."""
    with time_machine.travel(START, tick=False) as clock:
        document = _empty_notice(office)
        for offset in (-30, 0, 30):
            due = date.today() + timedelta(days=offset)
            for to in (None, TaskStatus.REPORTED_DONE, TaskStatus.DONE, TaskStatus.CANCELLED):
                task = services.task_create(
                    user=office,
                    document=document,
                    content="Việc thử",
                    lead_unit=own_unit,
                    deadline_text=f"trước ngày {due:%d/%m/%Y}",
                )
                if to:
                    steps = [TaskStatus.REPORTED_DONE, TaskStatus.DONE] if to == TaskStatus.DONE else [to]
                    for s in steps:
                        services.task_transition(task=task, user=office, to=s, reason="Lý do thử")
        services.task_create(
            user=office, document=document, content="Việc thường xuyên", lead_unit=coord_unit
        )
        clock.shift(timedelta(days=60))
    for task in Task.objects.all():
        sql = rollups.counts_of(Task.objects.filter(pk=task.pk))
        key = rollups.key_of(task)
        assert sql == {key: 1}, task


def test_rebuild_repairs_drift_and_logs_it(office, own_unit, caplog):
    with time_machine.travel(START, tick=False):
        document = _empty_notice(office)
        for offset in (-5, 5):
            services.task_create(
                user=office,
                document=document,
                content="Việc thử",
                lead_unit=own_unit,
                deadline_text=f"trước ngày {date.today() + timedelta(days=offset):%d/%m/%Y}",
            )
    assert rollups.rebuild()["drifted_keys"] == 0  # kept current by the services
    Task.objects.filter(content="Việc thử").update(status=TaskStatus.CANCELLED)  # a write behind their back
    TaskRollup.objects.create(lead_unit=own_unit, klass=rollups.OPEN, bucket=date(2030, 1, 1), n=3)
    with caplog.at_level(logging.WARNING, logger="directives.rollups"):
        result = rollups.rebuild()
    # The two tasks cancelled behind the services' back (both rows they left and the one they miss) and
    # the row nobody wrote.
    assert result == {"keys": 1, "drifted_keys": 3, "drifted_tasks": 7}
    assert "drifted" in caplog.text
    cancelled = {(own_unit.pk, rollups.EXCLUDED, rollups.NO_DUE): 2}
    assert rollups.table_counts() == rollups.counts_of(Task.objects.all()) == cancelled
    assert rollups.rebuild()["drifted_keys"] == 0  # run twice: nothing more to repair


def test_dashboard_uses_rollups_for_today_and_the_scan_for_the_past(office, lead, own_unit):
    today = date.today()
    assert selectors.rollup_answers(user=office, filters=selectors.build_filters(as_of=today))
    assert not selectors.rollup_answers(
        user=office, filters=selectors.build_filters(as_of=today - timedelta(days=1))
    )
    assert not selectors.rollup_answers(
        user=lead, filters=selectors.build_filters(as_of=today)
    )  # scoped user
    assert not selectors.rollup_answers(
        user=office, filters=selectors.build_filters(as_of=today, extra={"due_after": "2024-02-03"})
    )
    rollups.rebuild(today=today)
    window_end = today + timedelta(days=rollups.WINDOW_DAYS)
    assert selectors.rollup_answers(user=office, filters=selectors.build_filters(as_of=window_end))
    assert not selectors.rollup_answers(
        user=office, filters=selectors.build_filters(as_of=window_end + timedelta(days=1))
    )
    old_period = str(today.year - 3)
    assert not selectors.rollup_answers(
        user=office, filters=selectors.build_filters(as_of=today, period=old_period)
    )


def test_aging_from_the_rollups_equals_the_scan_around_its_boundaries(office, own_unit):
    """Open tasks due 1 to 200 days before the recount: at every as-of date of the rollups' window the
    overdue figures by age (up to 30, 31 to 90, more than 90 days late) read from the rollup rows are
    those of the scan, though the recount files old overdue tasks by quarter (the ones the 30- and 90-day
    boundaries can still cross stay by day)."""
    horizon = date(2024, 5, 20)
    with time_machine.travel(horizon, tick=False):
        document = _empty_notice(office)
        for late in (1, 2, 29, 30, 31, 32, 59, 60, 61, 89, 90, 91, 92, 93, 120, 135, 136, 137, 200):
            services.task_create(
                user=office,
                document=document,
                content=f"Việc trễ {late} ngày",
                lead_unit=own_unit,
                deadline_text=f"trước ngày {horizon - timedelta(days=late):%d/%m/%Y}",
            )
        rollups.rebuild(today=horizon)
        assert rollups.usable_horizon() == (True, horizon)
        for offset in range(0, rollups.WINDOW_DAYS + 1):
            as_of = horizon + timedelta(days=offset)
            filters = selectors.build_filters(as_of=as_of)
            assert selectors.rollup_answers(user=office, filters=filters)
            qs = selectors.filtered_tasks(user=office, filters=filters)
            scanned = aging_counts(qs, as_of=as_of)
            assert rollup_aging_counts(selectors.rollup_rows(filters), qs, as_of=as_of) == scanned, as_of
            assert selectors.dashboard_data(user=office, filters=filters)["aging"] == scanned


def test_rollups_filed_by_an_older_rule_answer_nothing_until_the_next_recount(office):
    today = date.today()
    rollups.rebuild(today=today)
    TaskRollupHorizon.objects.filter(pk=1).update(filing=rollups.FILING - 1)
    assert not rollups.answers(today)
    assert not selectors.rollup_answers(user=office, filters=selectors.build_filters(as_of=today))
    rollups.rebuild(today=today)
    assert rollups.answers(today)
    assert selectors.rollup_answers(user=office, filters=selectors.build_filters(as_of=today))
