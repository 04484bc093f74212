"""Timeliness at the boundary dates of each deadline kind, computed by the database."""

from datetime import date

import pytest
from django.db.models import Count

from directives import selectors, services
from directives.choices import TaskStatus
from directives.models import Task


def timeliness(task, user, as_of):
    return selectors.task_queryset(user=user, as_of=as_of).get(pk=task.pk).timeliness


@pytest.mark.parametrize(
    "phrase, due",
    [
        ("trước ngày 25 tháng 01 năm 2022", date(2022, 1, 25)),
        ("trong tháng 02 năm 2022", date(2022, 2, 28)),
        ("trong Quý I năm 2022", date(2022, 3, 31)),
        ("trong năm 2022", date(2022, 12, 31)),
    ],
)
def test_open_task_on_track_until_due_day_then_overdue(make_task, office, phrase, due):
    task = make_task(deadline_text=phrase)
    assert task.due_date == due
    day_before = date.fromordinal(due.toordinal() - 1)
    day_after = date.fromordinal(due.toordinal() + 1)
    assert timeliness(task, office, day_before) == "on_track"
    assert timeliness(task, office, due) == "on_track"
    assert timeliness(task, office, day_after) == "overdue"


def test_no_deadline(make_task, office):
    task = make_task(deadline_text="thường xuyên")
    assert timeliness(task, office, date(2030, 1, 1)) == "no_deadline"


def _complete(task, office, on):
    services.task_transition(task=task, user=office, to=TaskStatus.REPORTED_DONE)
    Task.objects.filter(pk=task.pk).update(completed_on=on)
    task.refresh_from_db()
    services.task_transition(task=task, user=office, to=TaskStatus.DONE)
    return task


@pytest.mark.parametrize(
    "completed, expected",
    [
        (date(2022, 1, 24), "done_on_time"),
        (date(2022, 1, 25), "done_on_time"),
        (date(2022, 1, 26), "done_late"),
    ],
)
def test_done_on_time_or_late(task, office, completed, expected):
    _complete(task, office, completed)
    assert timeliness(task, office, date(2022, 6, 1)) == expected


def test_done_later_than_as_of_counts_as_not_yet_done(task, office):
    _complete(task, office, date(2022, 2, 10))
    assert timeliness(task, office, date(2022, 1, 20)) == "on_track"
    assert timeliness(task, office, date(2022, 2, 1)) == "overdue"
    assert timeliness(task, office, date(2022, 2, 10)) == "done_late"


def test_done_without_deadline_is_on_time(make_task, office):
    task = _complete(make_task(deadline_text=""), office, date(2022, 3, 1))
    assert timeliness(task, office, date(2022, 3, 1)) == "done_on_time"


def test_reported_done_in_time_is_not_overdue_while_waiting_for_the_office(task, office):
    services.task_transition(task=task, user=office, to=TaskStatus.REPORTED_DONE)
    Task.objects.filter(pk=task.pk).update(completed_on=date(2022, 1, 25))
    assert timeliness(task, office, date(2022, 2, 15)) == "on_track"
    Task.objects.filter(pk=task.pk).update(completed_on=date(2022, 1, 30))
    assert timeliness(task, office, date(2022, 2, 15)) == "overdue"


def test_extension_moves_the_deadline_and_keeps_the_original(task, lead, office):
    request = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 2, 25), reason="Chờ ý kiến góp ý"
    )
    assert timeliness(task, office, date(2022, 2, 1)) == "overdue"
    services.extension_approve(extension=request, user=office, reason="Đồng ý")
    task.refresh_from_db()
    assert (task.due_date, task.original_due_date) == (date(2022, 2, 25), date(2022, 1, 25))
    assert timeliness(task, office, date(2022, 2, 1)) == "on_track"


def test_cancelled_and_recurring_templates_have_no_timeliness_and_are_not_counted(make_task, office):
    cancelled = make_task(deadline_text="trước ngày 25/01/2022")
    services.task_transition(task=cancelled, user=office, to=TaskStatus.CANCELLED, reason="Không còn phù hợp")
    template = make_task(deadline_text="hằng năm")
    make_task(deadline_text="trước ngày 25/01/2022")
    qs = selectors.task_queryset(user=office, as_of=date(2022, 2, 1))
    assert qs.get(pk=cancelled.pk).timeliness is None
    assert qs.get(pk=template.pk).timeliness is None
    counts = selectors.timeliness_counts(qs)
    assert counts["overdue"] == 1 and sum(counts.values()) == 1


def test_counts_come_from_one_query(make_task, office, django_assert_num_queries):
    for i in range(5):
        make_task(deadline_text=f"trước ngày {10 + i}/01/2022")
    qs = selectors.task_queryset(user=office, as_of=date(2022, 1, 12))
    with django_assert_num_queries(1):
        counts = selectors.timeliness_counts(qs)
    assert counts["overdue"] == 2 and counts["on_track"] == 3
    # and the annotation agrees with a GROUP BY over the same rows
    grouped = dict(qs.values_list("timeliness").annotate(n=Count("pk")).values_list("timeliness", "n"))
    assert grouped == {"overdue": 2, "on_track": 3}


def test_visibility_scopes_tasks(make_task, lead, other_lead, coord_lead, committee, other_unit):
    own = make_task()
    foreign = make_task(lead_unit=other_unit, coordinating_units=[])
    as_of = date(2022, 1, 1)
    assert set(selectors.task_queryset(user=lead, as_of=as_of).values_list("pk", flat=True)) == {own.pk}
    assert set(selectors.task_queryset(user=other_lead, as_of=as_of).values_list("pk", flat=True)) == {
        foreign.pk
    }
    assert set(selectors.task_queryset(user=coord_lead, as_of=as_of).values_list("pk", flat=True)) == {own.pk}
    assert selectors.task_queryset(user=committee, as_of=as_of).count() == 2


def test_timeliness_filter_clause_agrees_with_the_annotation_on_every_case(make_task, office):
    """selectors.timeliness_q (used by list filters) must classify exactly like timeliness_expression."""
    from directives.choices import Timeliness

    due_dates = ["trước ngày 10/01/2022", "trước ngày 20/01/2022", ""]
    completions = [None, date(2022, 1, 5), date(2022, 1, 10), date(2022, 1, 15), date(2022, 1, 25)]
    statuses = ["new", "in_progress", "paused", "reported_done", "done", "cancelled"]
    for phrase in due_dates:
        for status in statuses:
            for completed in completions:
                if status in ("reported_done", "done") and completed is None:
                    continue
                task = make_task(deadline_text=phrase)
                Task.objects.filter(pk=task.pk).update(
                    status=status, completed_on=completed if status in ("reported_done", "done") else None
                )
    make_task(deadline_text="hằng năm")  # a recurring template: never counted
    for as_of in [
        date(2022, 1, 1),
        date(2022, 1, 10),
        date(2022, 1, 12),
        date(2022, 1, 20),
        date(2022, 2, 1),
    ]:
        qs = selectors.task_queryset(user=office, as_of=as_of)
        for value in Timeliness:
            by_annotation = set(qs.filter(timeliness=value).values_list("pk", flat=True))
            by_clause = set(qs.filter(selectors.timeliness_q(value, as_of)).values_list("pk", flat=True))
            assert by_annotation == by_clause, (value, as_of)
        assert (
            sum(len(qs.filter(selectors.timeliness_q(v, as_of))) for v in Timeliness)
            == selectors.in_scope(qs).count()
        )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?timeliness=overdue",
        "?timeliness=overdue&timeliness=on_track",
        "?timeliness=no_deadline&as_of=2022-01-01",
    ],
)
def test_task_list_length_known_from_the_groups_equals_a_real_count(client, make_task, office, query):
    for phrase in ["trước ngày 10/01/2022", "trước ngày 20/01/2022", "", "hằng năm"]:
        make_task(deadline_text=phrase)
    cancelled = make_task(deadline_text="trước ngày 10/01/2022")
    services.task_transition(task=cancelled, user=office, to=TaskStatus.CANCELLED, reason="Không còn phù hợp")
    client.force_login(office)
    response = client.get(
        "/tasks/" + query + ("&" if "?" in query else "?") + "as_of=2022-01-15"
        if "as_of" not in query
        else "/tasks/" + query
    )
    page = response.context["page"]
    assert page.paginator.count == page.paginator.object_list.count() == len(page.object_list)
