"""Coordinating units' contributions (issue 12, part 3): input requests created and kept in step by every
service that creates tasks or changes their coordinating units or deadline, due a number of working days
before the lead's deadline; contributions (text + files) sent by the coordinating unit only, refused when
the task is closed, empty or from a unit that does not coordinate; nothing half-saved; read by the lead,
the office, the committee and that unit; included in the lead's progress report; moved to a successor."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directives import services
from directives.choices import EventKind, InputRequestStatus, TaskStatus
from directives.models import Attachment, Contribution, InputRequest, Task
from dtsystem.common.exceptions import InvalidState
from dtsystem.core.services import holiday_create
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.support.directives import FUTURE, make_notice
from tests.support.files import pdf

pytestmark = pytest.mark.django_db

DUE = date(2022, 2, 15)  # a Tuesday after Tết 2022 (31/01 – 04/02)
# 5 working days before Tue 15/02: Mon 14, Fri 11, Thu 10, Wed 9, Tue 8 → Tue 08/02/2022
INPUT_DUE = date(2022, 2, 8)


def notice_with(office, lead_unit, *coordinating, deadline="trước ngày 15/02/2022"):
    rows = [
        {
            "item": "1",
            "content": "Xây dựng kho dữ liệu dùng chung của tỉnh",
            "lead_unit": lead_unit,
            "coordinating_units": list(coordinating),
            "deadline_text": deadline,
        }
    ]
    return make_notice(office, lead_unit, tasks=rows).tasks.get()


@pytest.fixture
def task(office, own_unit, coord_unit):
    return notice_with(office, own_unit, coord_unit)


def test_a_new_task_asks_each_coordinating_unit(task, coord_unit):
    request = InputRequest.objects.get()
    assert (request.task, request.unit, request.status) == (task, coord_unit, InputRequestStatus.OPEN)
    assert request.due_date == INPUT_DUE


def test_due_date_follows_the_setting_and_the_calendar(office, own_unit, coord_unit, settings):
    settings.DT_INPUT_DAYS_BEFORE_DEADLINE = 1
    holiday_create(day=date(2022, 2, 14), name="Nghỉ hoán đổi")
    notice_with(office, own_unit, coord_unit)
    # 1 working day before Tue 15/02, Mon 14/02 being a day off: Fri 11/02
    assert InputRequest.objects.get().due_date == date(2022, 2, 11)


def test_no_deadline_no_due_date_and_no_coordinating_no_request(office, own_unit, coord_unit, other_unit):
    notice_with(office, own_unit, coord_unit, deadline="")
    assert InputRequest.objects.get().due_date is None
    notice_with(office, other_unit)
    assert InputRequest.objects.count() == 1


def test_changing_units_and_deadline_keeps_requests_in_step(office, task, own_unit, coord_unit, other_unit):
    services.task_update(user=office, task=task, version=task.version, coordinating_units=[other_unit])
    rows = {r.unit_id: r for r in InputRequest.objects.all()}
    assert rows[coord_unit.pk].status == InputRequestStatus.WITHDRAWN
    assert rows[other_unit.pk].status == InputRequestStatus.OPEN
    task.refresh_from_db()
    services.task_update(
        user=office,
        task=task,
        version=task.version,
        coordinating_units=[coord_unit, other_unit],
        deadline_text="trước ngày 28/02/2022",
    )
    rows = {r.unit_id: r for r in InputRequest.objects.all()}
    assert InputRequest.objects.count() == 2  # the returning unit's request is opened again, not duplicated
    assert {r.status for r in rows.values()} == {InputRequestStatus.OPEN}
    # 5 working days before Mon 28/02: 25, 24, 23, 22, 21 → Mon 21/02
    assert {r.due_date for r in rows.values()} == {date(2022, 2, 21)}


def test_an_approved_extension_moves_the_input_due_date(office, lead, task):
    task.due_date = date(FUTURE, 3, 2)
    Task.objects.filter(pk=task.pk).update(due_date=task.due_date)
    extension = services.task_request_extension(
        task=task, user=lead, new_due_date=date(FUTURE, 3, 31), reason="Chờ kinh phí"
    )
    services.extension_approve(extension=extension, user=office)
    request = InputRequest.objects.get()
    from dtsystem.core.workdays import working_days_before

    assert request.due_date == working_days_before(date(FUTURE, 3, 31), 5)


def test_recurring_instances_ask_their_coordinating_units(office, own_unit, coord_unit):
    notice_with(office, own_unit, coord_unit, deadline="hằng quý")
    assert not InputRequest.objects.exists()  # the template asks nothing
    created = services.task_recurrences_generate(today=date(2022, 2, 10))
    assert created == 2
    assert InputRequest.objects.count() == 2
    assert set(InputRequest.objects.values_list("task__period_label", flat=True)) == {"2022-Q1", "2022-Q2"}


def test_the_coordinating_unit_sends_text_and_files(task, coord_lead, coord_unit):
    contribution = services.contribution_submit(
        user=coord_lead, task=task, text="Đề nghị bổ sung dữ liệu quy hoạch xây dựng.", files=[pdf()]
    )
    request = InputRequest.objects.get()
    assert request.status == InputRequestStatus.SUBMITTED and request.submitted_at is not None
    assert contribution.unit == coord_unit and contribution.submitted_by == coord_lead
    attachment = Attachment.objects.get()
    assert (attachment.task, attachment.contribution) == (task, contribution)
    event = task.events.get(kind=EventKind.CONTRIBUTION)
    assert event.changes == {"contribution": [None, coord_unit.name], "files": [None, 1]}
    assert event.note == ""  # the text is not copied into the history other units can read
    # a second contribution is appended; the first stays as it was
    services.contribution_submit(user=coord_lead, task=task, text="Bổ sung thêm.")
    assert Contribution.objects.count() == 2
    assert Contribution.objects.order_by("id").first().text.startswith("Đề nghị bổ sung")


@pytest.mark.parametrize("persona", ["lead", "staff", "other_lead", "office", "committee"])
def test_only_the_coordinating_unit_sends(request, task, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.contribution_submit(user=user, task=task, text="Ý kiến")
    assert not Contribution.objects.exists()


def test_staff_of_the_coordinating_unit_sends(task, coord_unit):
    staff = MembershipFactory(unit=coord_unit, role="staff").user
    services.contribution_submit(user=staff, task=task, text="Ý kiến của chuyên viên")
    assert Contribution.objects.get().submitted_by == staff


def test_empty_contribution_is_refused(task, coord_lead):
    with pytest.raises(ValidationError) as refused:
        services.contribution_submit(user=coord_lead, task=task, text="   ")
    assert "Hãy nhập ý kiến phối hợp hoặc đính kèm tệp." in str(refused.value)
    assert not Contribution.objects.exists()
    assert InputRequest.objects.get().status == InputRequestStatus.OPEN


def test_a_bad_file_saves_nothing(task, coord_lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.contribution_submit(user=coord_lead, task=task, text="Kèm tệp", files=[pdf(), bad])
    assert not Contribution.objects.exists() and not Attachment.objects.exists()
    assert InputRequest.objects.get().status == InputRequestStatus.OPEN


@pytest.mark.parametrize("status", [TaskStatus.DONE, TaskStatus.CANCELLED])
def test_refused_after_the_task_is_closed(task, coord_lead, status):
    Task.objects.filter(pk=task.pk).update(status=status, completed_on=date(2022, 2, 10))
    task.refresh_from_db()
    with pytest.raises(InvalidState) as refused:
        services.contribution_submit(user=coord_lead, task=task, text="Muộn")
    assert "không nhận thêm ý kiến phối hợp" in str(refused.value.message)
    assert not Contribution.objects.exists()


def test_refused_for_a_unit_no_longer_coordinating(office, task, coord_lead, other_unit):
    services.task_update(user=office, task=task, version=task.version, coordinating_units=[other_unit])
    task.refresh_from_db()
    with pytest.raises(InvalidState) as refused:
        services.contribution_submit(user=coord_lead, task=task, text="Ý kiến")
    assert "không còn là đơn vị phối hợp" in str(refused.value.message)


def test_a_unit_that_is_not_coordinating_named_explicitly(task, admin_user, other_unit):
    with pytest.raises(ValidationError) as refused:
        services.contribution_submit(user=admin_user, task=task, text="Ý kiến", unit=other_unit)
    assert "không phải đơn vị phối hợp" in str(refused.value)


def test_a_member_of_two_coordinating_units_chooses(office, own_unit, coord_unit, other_unit):
    task = notice_with(office, own_unit, coord_unit, other_unit)
    user = UserFactory()
    MembershipFactory(user=user, unit=coord_unit, role="staff")
    MembershipFactory(user=user, unit=other_unit, role="staff")
    with pytest.raises(ValidationError):
        services.contribution_submit(user=user, task=task, text="Ý kiến")
    services.contribution_submit(user=user, task=task, text="Ý kiến", unit=other_unit)
    assert Contribution.objects.get().unit == other_unit


def test_the_lead_includes_contributions_in_a_progress_report(office, task, lead, coord_lead):
    contribution = services.contribution_submit(user=coord_lead, task=task, text="Số liệu quy hoạch.")
    report = services.task_report_progress(task=task, user=lead, percent=40, contributions=[contribution.pk])
    assert list(report.contributions.all()) == [contribution]
    other = notice_with(office, task.lead_unit, task.coordinating_units.get())
    foreign = services.contribution_submit(user=coord_lead, task=other, text="Nhiệm vụ khác")
    with pytest.raises(ValidationError) as refused:
        services.task_report_progress(task=task, user=lead, percent=50, contributions=[foreign.pk])
    assert "không thuộc nhiệm vụ này" in str(refused.value)
    assert task.progress_reports.count() == 1


def test_reassign_to_a_successor(office, task, own_unit, coord_unit, coord_lead):
    services.contribution_submit(user=coord_lead, task=task, text="Ý kiến trước sáp nhập")
    closed = notice_with(office, own_unit, coord_unit)
    Task.objects.filter(pk=closed.pk).update(status=TaskStatus.DONE, completed_on=date(2022, 2, 10))
    successor = UnitFactory(name="Sở Xây dựng (mới)")
    moved = services.input_requests_reassign(old_unit=coord_unit, new_unit=successor)
    assert moved == 1
    assert InputRequest.objects.get(task=task).unit == successor
    assert InputRequest.objects.get(task=closed).unit == coord_unit  # a closed task keeps its unit
    assert Contribution.objects.get().unit == coord_unit  # what was sent keeps who sent it


def test_a_new_task_with_input_requests_can_still_be_removed_from_the_notice(office, task):
    services.task_delete(user=office, task=task)
    assert not Task.objects.filter(pk=task.pk).exists() and not InputRequest.objects.exists()


def test_a_task_with_a_contribution_cannot_be_removed(office, task, coord_lead):
    services.contribution_submit(user=coord_lead, task=task, text="Ý kiến")
    with pytest.raises(InvalidState):
        services.task_delete(user=office, task=task)


def test_the_coordinating_unit_finds_the_request_in_its_inbox(office, coord_lead, lead, task):
    from inbox.choices import InboxKind
    from inbox.models import InboxItem

    item = InboxItem.objects.get(user=coord_lead, kind=InboxKind.INPUT_REQUESTED)
    assert item.task == task and item.key == f"input:{InputRequest.objects.get().pk}"
    assert "hạn góp ý 08/02/2022" in item.title and item.read_at is None
    assert not InboxItem.objects.filter(user=lead, kind=InboxKind.INPUT_REQUESTED).exists()
    # notified once: editing the task again does not repeat it
    task.refresh_from_db()
    services.task_update(user=office, task=task, version=task.version, content="Nội dung đã sửa")
    assert InboxItem.objects.filter(user=coord_lead, kind=InboxKind.INPUT_REQUESTED).count() == 1
    services.contribution_submit(user=coord_lead, task=task, text="Ý kiến")
    item.refresh_from_db()
    assert item.read_at is not None


def test_an_excel_import_asks_the_coordinating_units(office, own_unit, coord_unit):
    import tablib
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directives.resources import TASK_COLUMNS, task_rows
    from dtsystem.common.imports import read_dataset

    document = make_notice(office, own_unit, tasks=[])
    row = ("", "1", "Nhiệm vụ nhập từ tệp", "Sở TT&TT", "SXD", "trước ngày 15/02/2022", "", "", "", "")
    data = tablib.Dataset(row, headers=TASK_COLUMNS)
    rows = task_rows(read_dataset(SimpleUploadedFile("nhiem-vu.xlsx", data.xlsx)))
    report = services.tasks_import(user=office, document=document, rows=rows, commit=True)
    assert report.saved, report.errors
    request = InputRequest.objects.get(task__document=document)
    assert (request.unit, request.due_date, request.status) == (
        coord_unit,
        INPUT_DUE,
        InputRequestStatus.OPEN,
    )
