from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directives import services
from directives.choices import ExtensionStatus, TaskStatus
from dtsystem.common.exceptions import InvalidState


def test_request_then_reject_keeps_deadline(task, lead, office):
    request = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 2, 10), reason="Thiếu vốn"
    )
    with pytest.raises(ValidationError):
        services.extension_reject(extension=request, user=office, reason="")
    services.extension_reject(extension=request, user=office, reason="Không đủ căn cứ")
    task.refresh_from_db()
    request.refresh_from_db()
    assert request.status == ExtensionStatus.REJECTED and request.decided_by == office
    assert task.due_date == date(2022, 1, 25)
    assert list(task.events.values_list("kind", flat=True))[-2:] == [
        "extension_requested",
        "extension_rejected",
    ]


def test_only_one_pending_request(task, lead):
    services.task_request_extension(task=task, user=lead, new_due_date=date(2022, 2, 10), reason="Lý do 1")
    with pytest.raises(InvalidState):
        services.task_request_extension(
            task=task, user=lead, new_due_date=date(2022, 2, 20), reason="Lý do 2"
        )


def test_decided_twice_is_refused(task, lead, office):
    request = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 2, 10), reason="Lý do"
    )
    services.extension_approve(extension=request, user=office)
    with pytest.raises(InvalidState):
        services.extension_reject(extension=request, user=office, reason="muộn")


@pytest.mark.parametrize("new_date", [date(2022, 1, 25), date(2022, 1, 1), None])
def test_new_date_must_be_later(task, lead, new_date):
    with pytest.raises(ValidationError):
        services.task_request_extension(task=task, user=lead, new_due_date=new_date, reason="Lý do")


def test_who_may_request_and_decide(task, lead, staff, other_lead, coord_lead, committee):
    for user in (staff, other_lead, coord_lead, committee):
        with pytest.raises(PermissionDenied):
            services.task_request_extension(task=task, user=user, new_due_date=date(2022, 3, 1), reason="x")
    request = services.task_request_extension(task=task, user=lead, new_due_date=date(2022, 3, 1), reason="x")
    for user in (lead, other_lead, committee):
        with pytest.raises(PermissionDenied):
            services.extension_approve(extension=request, user=user)


def test_no_extension_without_deadline_or_when_finished(make_task, task, lead, office):
    with pytest.raises(InvalidState):
        services.task_request_extension(
            task=make_task(deadline_text=""), user=lead, new_due_date=date(2022, 3, 1), reason="x"
        )
    services.task_transition(task=task, user=lead, to=TaskStatus.REPORTED_DONE)
    with pytest.raises(InvalidState):
        services.task_request_extension(task=task, user=lead, new_due_date=date(2022, 3, 1), reason="x")


def test_pending_request_closed_when_task_cancelled(task, lead, office):
    request = services.task_request_extension(task=task, user=lead, new_due_date=date(2022, 3, 1), reason="x")
    services.task_transition(task=task, user=office, to=TaskStatus.CANCELLED, reason="Không còn phù hợp")
    request.refresh_from_db()
    assert request.status == ExtensionStatus.REJECTED
