"""The task workflow: every legal transition, every illegal one, reasons, history, and conflicts."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from directives import services
from directives.choices import TaskStatus
from directives.models import Task
from dtsystem.common.exceptions import Conflict, InvalidState

S = TaskStatus
ALL = [s.value for s in TaskStatus]
LEGAL = {
    (S.NEW, S.IN_PROGRESS),
    (S.PAUSED, S.IN_PROGRESS),
    (S.REPORTED_DONE, S.IN_PROGRESS),
    (S.DONE, S.IN_PROGRESS),
    (S.NEW, S.REPORTED_DONE),
    (S.IN_PROGRESS, S.REPORTED_DONE),
    (S.REPORTED_DONE, S.DONE),
    (S.NEW, S.PAUSED),
    (S.IN_PROGRESS, S.PAUSED),
    (S.NEW, S.CANCELLED),
    (S.IN_PROGRESS, S.CANCELLED),
    (S.PAUSED, S.CANCELLED),
    (S.REPORTED_DONE, S.CANCELLED),
}


def put_in(task, status, office):
    """Drive a fresh task to `status` through legal transitions."""
    path = {
        S.NEW: [],
        S.IN_PROGRESS: [S.IN_PROGRESS],
        S.REPORTED_DONE: [S.REPORTED_DONE],
        S.DONE: [S.REPORTED_DONE, S.DONE],
        S.PAUSED: [S.PAUSED],
        S.CANCELLED: [S.CANCELLED],
    }[status]
    for to in path:
        services.task_transition(task=task, user=office, to=to, reason="lý do")
    task.refresh_from_db()
    return task


@pytest.mark.parametrize("frm", ALL)
@pytest.mark.parametrize("to", ALL)
def test_every_transition(task, office, frm, to):
    put_in(task, frm, office)
    if (frm, to) in LEGAL:
        services.task_transition(task=task, user=office, to=to, reason="lý do")
        task.refresh_from_db()
        assert task.status == to
        assert task.events.filter(kind="status").last().changes == {"status": [frm, to]}
    else:
        version = task.version
        with pytest.raises(InvalidState) as excinfo:
            services.task_transition(task=task, user=office, to=to, reason="lý do")
        assert "Không thể chuyển nhiệm vụ" in excinfo.value.message
        task.refresh_from_db()
        assert (task.status, task.version) == (frm, version)


def test_unknown_status_is_a_validation_error(task, office):
    with pytest.raises(ValidationError):
        services.task_transition(task=task, user=office, to="finished")


@pytest.mark.parametrize("to", [S.PAUSED, S.CANCELLED])
def test_pause_and_cancel_need_a_reason(task, office, to):
    with pytest.raises(ValidationError) as excinfo:
        services.task_transition(task=task, user=office, to=to, reason="  ")
    assert "reason" in excinfo.value.message_dict
    services.task_transition(task=task, user=office, to=to, reason="Chờ chủ trương")
    task.refresh_from_db()
    assert task.status_reason == "Chờ chủ trương"


def test_unit_reports_done_office_confirms(task, lead, office):
    with time_machine.travel(date(2022, 1, 20)):
        services.task_transition(task=task, user=lead, to=S.REPORTED_DONE)
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.progress) == (S.REPORTED_DONE, date(2022, 1, 20), 100)
    with pytest.raises(PermissionDenied):
        services.task_transition(task=task, user=lead, to=S.DONE)
    with time_machine.travel(date(2022, 2, 3)):
        services.task_transition(task=task, user=office, to=S.DONE)
    task.refresh_from_db()
    assert task.status == S.DONE and task.confirmed_by == office
    assert task.completed_on == date(2022, 1, 20)  # the unit's completion date counts, not the confirmation


def test_reopen_clears_completion(task, office):
    put_in(task, S.DONE, office)
    services.task_transition(task=task, user=office, to=S.IN_PROGRESS, reason="Hồ sơ chưa đạt")
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.confirmed_by) == (S.IN_PROGRESS, None, None)


def test_other_unit_cannot_transition(task, other_lead, committee):
    for user in (other_lead, committee):
        with pytest.raises(PermissionDenied):
            services.task_transition(task=task, user=user, to=S.IN_PROGRESS)
        with pytest.raises(PermissionDenied):  # even an impossible target answers "not allowed" first
            services.task_transition(task=task, user=user, to=S.DONE)


def test_progress_report_starts_the_task_and_is_logged(task, lead):
    report = services.task_report_progress(task=task, user=lead, percent=50, note="Đã xong dự thảo")
    task.refresh_from_db()
    assert (task.status, task.progress) == (S.IN_PROGRESS, 50)
    assert report.reported_by == lead
    event = task.events.filter(kind="progress").get()
    assert event.changes == {"progress": [0, 50], "status": ["new", "in_progress"]}
    assert event.actor == lead and event.note == "Đã xong dự thảo"


@pytest.mark.parametrize("percent", [-1, 101, "abc", None])
def test_progress_must_be_0_to_100(task, lead, percent):
    with pytest.raises(ValidationError):
        services.task_report_progress(task=task, user=lead, percent=percent)
    assert not task.progress_reports.exists()


@pytest.mark.parametrize("status", [S.REPORTED_DONE, S.DONE, S.PAUSED, S.CANCELLED])
def test_no_progress_report_when_not_active(task, office, lead, status):
    put_in(task, status, office)
    with pytest.raises(InvalidState):
        services.task_report_progress(task=task, user=office, percent=40)


def test_concurrent_edit_second_writer_gets_conflict(task, office):
    first = Task.objects.get(pk=task.pk)
    second = Task.objects.get(pk=task.pk)
    services.task_update(
        user=office, task=first, version=first.version, content="Nội dung mới của người thứ nhất"
    )
    with pytest.raises(Conflict):
        services.task_update(user=office, task=second, version=second.version, content="Người thứ hai")
    task.refresh_from_db()
    assert task.content == "Nội dung mới của người thứ nhất"


def test_concurrent_transition_on_stale_object_is_refused(task, office, lead):
    stale = Task.objects.get(pk=task.pk)
    services.task_transition(task=task, user=office, to=S.PAUSED, reason="Tạm dừng")
    with pytest.raises(Conflict):
        services.task_report_progress(task=stale, user=lead, percent=30)
    task.refresh_from_db()
    assert task.status == S.PAUSED and not task.progress_reports.exists()


def test_update_records_before_and_after(task, office, other_unit):
    services.task_update(
        user=office,
        task=task,
        version=task.version,
        lead_unit=other_unit,
        deadline_text="trong tháng 02 năm 2022",
    )
    event = task.events.filter(kind="updated").get()
    assert event.changes["lead_unit"] == ["Sở Thông tin và Truyền thông", "Sở Y tế"]
    assert event.changes["due_date"] == ["2022-01-25", "2022-02-28"]
    assert event.changes["deadline_kind"] == ["day", "month"]


def test_history_is_ordered(task, lead, office):
    services.task_report_progress(task=task, user=lead, percent=20)
    services.task_transition(task=task, user=lead, to=S.REPORTED_DONE)
    services.task_transition(task=task, user=office, to=S.DONE)
    assert list(task.events.values_list("kind", flat=True)) == ["created", "progress", "status", "status"]


def test_unchanged_deadline_phrase_keeps_an_approved_extension(task, lead, office):
    request = services.task_request_extension(task=task, user=lead, new_due_date=date(2022, 3, 1), reason="x")
    services.extension_approve(extension=request, user=office)
    task.refresh_from_db()
    services.task_update(
        user=office, task=task, version=task.version, deadline_text=task.deadline_text, content="Nội dung sửa"
    )
    task.refresh_from_db()
    assert (task.due_date, task.original_due_date) == (date(2022, 3, 1), date(2022, 1, 25))


def test_saving_without_changes_keeps_the_version(task, office):
    version = task.version
    services.task_update(user=office, task=task, version=version, content=task.content)
    task.refresh_from_db()
    assert task.version == version and not task.events.filter(kind="updated").exists()


def test_document_edit_from_a_stale_task_list_does_not_drop_a_new_task(notice, task, make_task, office):
    stale_version = notice.version
    notice.refresh_from_db()
    make_task(content="Nhiệm vụ mới thêm song song")
    with pytest.raises(Conflict):
        services.document_update(
            user=office,
            document=notice,
            version=stale_version,
            data={"title": notice.title},
            tasks=[{"id": task.pk, "version": task.version, "content": task.content}],
        )
    assert notice.tasks.count() == 2


def test_document_update_requires_each_row_version(notice, task, office):
    notice.refresh_from_db()
    with pytest.raises(ValidationError):
        services.document_update(
            user=office,
            document=notice,
            version=notice.version,
            data={"title": "T"},
            tasks=[{"id": task.pk, "content": "x"}],
        )
