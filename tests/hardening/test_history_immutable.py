"""History is append-only, through every interface.

Issue 11, defect 6: the admin could add, change and delete progress reports, extension requests and
attachments, and delete tasks and documents with their whole history (CASCADE). Now:
- the admin shows history (and documents, tasks, plans, KPI targets, budget lines) read-only;
- every foreign key through which history hangs is PROTECT: a plain delete raises ProtectedError;
- documents are cancelled (withdrawn) with a reason, through the page and the API, never deleted;
- the one hard delete (`manage.py purge`, dtsystem.core.purge) is recorded in an AuditEntry with a JSON
  snapshot, and refused while history exists unless forced."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from directives import services
from directives.choices import EventKind, ExtensionStatus, TaskStatus
from directives.models import Attachment, Document, ExtensionRequest, ProgressReport, Task, TaskEvent
from dtsystem.common.exceptions import InvalidState
from dtsystem.core.models import AuditEntry
from dtsystem.core.purge import purge, purge_collect
from kpis.models import KpiMeasurement, KpiTarget
from plans.models import BudgetLine, Disbursement, Plan
from reminders.models import Delivery
from reports.models import Report
from tests.support.directives import FUTURE, edit_post, make_notice
from tests.support.files import pdf

HISTORY_MODELS = [TaskEvent, ProgressReport, ExtensionRequest, Attachment, Delivery, Report, AuditEntry]
READ_ONLY_MODELS = [*HISTORY_MODELS, Document, Task, Plan, BudgetLine, KpiTarget]


@pytest.fixture
def worked_on(office, lead, own_unit, coord_unit):
    """A notice whose task has every kind of history: events, a report with evidence, an extension request,
    a reminder delivery."""
    document = make_notice(office, own_unit, coord_unit)
    task = document.tasks.get()
    services.task_report_progress(task=task, user=lead, percent=30, note="Đã khảo sát", files=[pdf()])
    task.refresh_from_db()
    services.task_request_extension(
        task=task, user=lead, new_due_date=date(FUTURE, 6, 30), reason="Chờ kinh phí"
    )
    Delivery.objects.create(
        recipient="so-tttt@example.gov.vn", task=task, kind="due_soon", role="lead", day=date(FUTURE, 1, 20)
    )
    return document, task


def _admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# ------------------------------------------------------------------------------------------------- admin


def test_the_admin_neither_adds_changes_nor_deletes_history(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    for model in READ_ONLY_MODELS:
        model_admin = admin.site._registry[model]
        assert model_admin.has_view_permission(request), model
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
    for model_admin in admin.site._registry.values():  # inlines of history: read-only too
        for inline in model_admin.inlines:
            inline_admin = inline(model_admin.model, admin.site)
            if inline.model in (*READ_ONLY_MODELS, KpiMeasurement, Disbursement):
                assert not inline_admin.has_add_permission(request, None), inline
                assert not inline_admin.has_change_permission(request), inline
                assert not inline_admin.has_delete_permission(request), inline


def test_admin_pages_refuse_to_change_or_delete_history_rows(admin_user, worked_on):
    document, task = worked_on
    client = _admin_client(admin_user)
    rows = [
        task.events.first(),
        task.progress_reports.get(),
        task.extension_requests.get(),
        task.attachments.get(),
        Delivery.objects.get(),
        task,
        document,
    ]
    for row in rows:
        model = type(row)
        page = client.get(_admin_url(model, "change", row.pk))
        assert page.status_code == 200, model  # shown, read-only
        assert 'name="_save"' not in page.content.decode(), model
        assert client.post(_admin_url(model, "change", row.pk), {"note": "sửa"}).status_code == 403, model
        assert client.get(_admin_url(model, "delete", row.pk)).status_code == 403, model
        assert client.post(_admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403, model
        assert client.get(_admin_url(model, "add")).status_code == 403, model
        changelist = client.post(
            _admin_url(model, "changelist"),
            {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
        )
        assert changelist.status_code in (200, 302), model
        assert model.objects.filter(pk=row.pk).exists(), model
    assert ProgressReport.objects.get().note == "Đã khảo sát"


# ------------------------------------------------------------------------------------------------- ORM


def test_deleting_a_task_or_document_with_history_raises_protected_error(worked_on):
    document, task = worked_on
    with pytest.raises(ProtectedError):
        task.delete()
    with pytest.raises(ProtectedError):
        document.delete()
    with pytest.raises(ProtectedError):
        task.progress_reports.get().delete()  # its evidence file hangs on it
    with pytest.raises(ProtectedError):
        Document.objects.filter(pk=document.pk).delete()
    assert TaskEvent.objects.filter(task=task).count() == 3


def test_a_user_who_acted_is_deactivated_not_deleted(lead, worked_on):
    with pytest.raises(ProtectedError):
        lead.delete()


def test_measurements_disbursements_and_reports_protect_what_they_hang_on(plan_145, office):
    target = KpiTarget.objects.filter(plan=plan_145).first()
    KpiMeasurement.objects.create(
        target=target, period="2022", period_end=date(2022, 12, 31), value=Decimal("1"), entered_by=office
    )
    line = BudgetLine.objects.filter(plan=plan_145).first()
    Disbursement.objects.create(
        budget_line=line, date=date(2022, 5, 1), amount=Decimal("10"), entered_by=office
    )
    Report.objects.create(
        period="2022-Q2", plan=plan_145, as_of=date(2022, 6, 30), issue_date=date(2022, 7, 1)
    )
    for row in (target, line, plan_145, plan_145.document, office):
        with pytest.raises(ProtectedError):
            row.delete()


# ------------------------------------------------------------------------------------------- cancelling


@pytest.fixture
def mixed_notice(office, lead, own_unit):
    """A notice with a task in progress (a pending extension), a done one and a recurring obligation."""
    document = make_notice(
        office,
        own_unit,
        tasks=[
            {
                "item": "1",
                "content": "Việc đang làm",
                "lead_unit": own_unit,
                "deadline_text": f"tháng 3/{FUTURE}",
            },
            {"item": "2", "content": "Việc đã xong", "lead_unit": own_unit},
            {"item": "3", "content": "Báo cáo hằng năm", "lead_unit": own_unit, "deadline_text": "hằng năm"},
        ],
    )
    open_task, done_task, recurring = document.tasks.order_by("position")
    services.task_report_progress(task=open_task, user=lead, percent=20)
    open_task.refresh_from_db()
    services.task_request_extension(task=open_task, user=lead, new_due_date=date(FUTURE, 6, 30), reason="Chờ")
    for to in (TaskStatus.REPORTED_DONE, TaskStatus.DONE):
        services.task_transition(task=done_task, user=office, to=to)
    document.refresh_from_db()
    return document


def _assert_cancelled(document, reason: str):
    document.refresh_from_db()
    assert document.is_cancelled and document.cancellation_reason == reason
    statuses = dict(document.tasks.values_list("content", "status"))
    assert statuses == {
        "Việc đang làm": TaskStatus.CANCELLED,
        "Việc đã xong": TaskStatus.DONE,  # a closed task keeps its result
        "Báo cáo hằng năm": TaskStatus.CANCELLED,
    }
    open_task = document.tasks.get(content="Việc đang làm")
    event = open_task.events.filter(kind=EventKind.STATUS).last()
    assert event.changes == {"status": [TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED]}
    assert reason in event.note
    assert open_task.extension_requests.get().status == ExtensionStatus.REJECTED
    assert open_task.progress_reports.count() == 1  # history kept
    assert services.task_recurrences_generate(today=date(FUTURE, 2, 1)) == 0  # stopped recurring


def test_cancel_a_document_through_the_page(client, office, mixed_notice):
    client.force_login(office)
    url = reverse("directives:document_detail", args=[mixed_notice.pk])
    page = client.get(url).content.decode()
    assert 'id="document-cancel-form"' in page
    refused = client.post(reverse("directives:document_cancel", args=[mixed_notice.pk]), {"reason": "  "})
    assert refused.status_code == 400
    assert "Cần ghi rõ lý do hủy văn bản." in refused.content.decode()
    assert Document.objects.get(pk=mixed_notice.pk).cancelled_at is None
    response = client.post(
        reverse("directives:document_cancel", args=[mixed_notice.pk]), {"reason": "Đã có văn bản thay thế"}
    )
    assert response.status_code == 302 and response.url == url
    _assert_cancelled(mixed_notice, "Đã có văn bản thay thế")
    page = client.get(url).content.decode()
    assert 'id="document-cancelled"' in page and "Đã có văn bản thay thế" in page
    assert 'id="document-cancel-form"' not in page and "document_edit" not in page
    again = client.post(reverse("directives:document_cancel", args=[mixed_notice.pk]), {"reason": "Lần hai"})
    assert again.status_code == 409
    assert "Văn bản đã bị hủy" in again.content.decode()
    listing = client.get(reverse("directives:document_list")).content.decode()
    assert "document-cancelled-badge" in listing


def test_cancel_a_document_through_the_api(office, lead, mixed_notice):
    api = APIClient()
    url = f"/api/v1/documents/{mixed_notice.pk}/cancel/"
    api.force_authenticate(lead)
    assert api.post(url, {"reason": "Không được"}, format="json").status_code == 403
    api.force_authenticate(office)
    blank = api.post(url, {}, format="json")
    assert blank.status_code == 400 and blank.json()["errors"] == {
        "reason": ["Cần ghi rõ lý do hủy văn bản."]
    }
    response = api.post(url, {"reason": "Ban hành nhầm"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cancellation_reason"] == "Ban hành nhầm" and body["cancelled_at"]
    assert body["cancelled_by"] == office.get_full_name()
    _assert_cancelled(mixed_notice, "Ban hành nhầm")
    assert api.post(url, {"reason": "Lần hai"}, format="json").status_code == 409
    edit = api.patch(
        f"/api/v1/documents/{mixed_notice.pk}/", {"version": body["version"], "title": "X"}, format="json"
    )
    assert edit.status_code == 409 and "đã bị hủy" in edit.json()["message"]
    add = api.post(
        "/api/v1/tasks/",
        {
            "document": mixed_notice.pk,
            "content": "Thêm",
            "lead_unit": mixed_notice.tasks.first().lead_unit_id,
        },
        format="json",
    )
    assert add.status_code == 409
    listed = api.get("/api/v1/documents/").json()["results"]
    assert [d["cancellation_reason"] for d in listed if d["id"] == mixed_notice.pk] == ["Ban hành nhầm"]


# ---------------------------------------------------------------------------------------------- purging


def test_purge_refuses_history_unless_forced_and_records_a_snapshot(
    worked_on, office, django_capture_on_commit_callbacks
):
    document, task = worked_on
    stored = task.attachments.get().file
    assert stored.storage.exists(stored.name)
    plan = purge_collect(Document.objects.filter(pk=document.pk))
    assert plan.history["directives.TaskEvent"] == 3 and plan.history["reminders.Delivery"] == 1
    with pytest.raises(ValidationError, match="đã có lịch sử"):
        purge(plan=plan, user=office, via="test", reason="Nhập trùng")
    with pytest.raises(ValidationError, match="lý do"):
        purge(plan=plan, user=office, via="test", reason=" ", force=True)
    assert Document.objects.filter(pk=document.pk).exists() and not AuditEntry.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        entry = purge(plan=plan, user=office, via="test", reason="Nhập trùng", force=True)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not Task.objects.filter(pk=task.pk).exists() and not TaskEvent.objects.exists()
    assert not Delivery.objects.exists() and not Attachment.objects.exists()
    assert not stored.storage.exists(stored.name)
    entry.refresh_from_db()
    assert (entry.actor, entry.model, entry.object_ids, entry.forced) == (
        office,
        "directives.Document",
        [document.pk],
        True,
    )
    assert entry.counts["directives.TaskEvent"] == 3 and entry.snapshot_complete
    snap = {(row["model"], row["pk"]) for row in entry.snapshot}
    assert ("directives.document", document.pk) in snap and ("directives.task", task.pk) in snap
    report = next(row for row in entry.snapshot if row["model"] == "directives.progressreport")
    assert report["fields"]["note"] == "Đã khảo sát"


def test_purge_command(worked_on, capsys):
    document, _task = worked_on
    args = ["purge", "--model", "directives.Document", "--id", str(document.pk)]
    call_command(*args, "--dry-run")
    assert "directives.TaskEvent=3" in capsys.readouterr().out
    with pytest.raises(CommandError, match="đã có lịch sử"):
        call_command(*args, "--reason", "Nhập trùng")
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("purge", "--model", "directives.Document", "--id", "999999", "--reason", "x")
    with pytest.raises(CommandError, match="unknown model"):
        call_command("purge", "--model", "directives.Nothing", "--id", "1", "--reason", "x")
    call_command(*args, "--reason", "Nhập trùng", "--force")
    assert "audit_entry=" in capsys.readouterr().out
    assert not Document.objects.filter(pk=document.pk).exists()
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.via == "manage.py purge"


def test_a_row_entered_by_mistake_is_removed_with_a_record(client, office, own_unit):
    document = make_notice(
        office,
        own_unit,
        tasks=[
            {"item": "1", "content": "Việc thứ nhất", "lead_unit": own_unit},
            {"item": "2", "content": "Dòng nhập nhầm", "lead_unit": own_unit},
        ],
    )
    first, mistake = document.tasks.order_by("position")
    data = edit_post(document, [first, mistake])
    data["tasks-1-DELETE"] = "on"
    client.force_login(office)
    response = client.post(reverse("directives:document_edit", args=[document.pk]), data)
    assert response.status_code == 302
    assert not Task.objects.filter(pk=mistake.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.via, entry.object_ids) == (office, "document_update", [mistake.pk])
    assert {row["model"] for row in entry.snapshot} == {"directives.task", "directives.taskevent"}


@pytest.fixture
def recurring(office, own_unit):
    """A notice whose item 5.1 recurs yearly, with the instances the job made for 2022 and 2023."""
    document = make_notice(
        office,
        own_unit,
        tasks=[
            {
                "item": "5.1",
                "content": "Hội thảo hằng năm",
                "lead_unit": own_unit,
                "deadline_text": "hằng năm",
            }
        ],
    )
    assert services.task_recurrences_generate(today=date(2022, 6, 1)) == 2
    document.refresh_from_db()
    return document, document.tasks.get(recurrence_parent=None)


def _remove_the_row(client, office, document, task):
    """The notice's edit page, the task's row ticked for removal: refused, with the page's message."""
    data = edit_post(document, [task])
    data["tasks-0-DELETE"] = "on"
    client.force_login(office)
    response = client.post(reverse("directives:document_edit", args=[document.pk]), data)
    assert response.status_code == 400
    assert "hãy hủy nhiệm vụ với lý do" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_row_with_a_reminder_sent_is_not_removed(client, office, own_unit):
    document = make_notice(office, own_unit)
    task = document.tasks.get()
    Delivery.objects.create(
        recipient="a@example.gov.vn", task=task, kind="due_soon", role="lead", day=date(FUTURE, 1, 1)
    )
    _remove_the_row(client, office, document, task)
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_recurring_row_with_instances_is_not_removed(client, office, recurring):
    document, template = recurring
    _remove_the_row(client, office, document, template)
    assert Task.objects.filter(recurrence_parent=template).count() == 2


def test_a_recurring_instance_is_not_removed_by_leaving_it_out(office, recurring):
    document, template = recurring
    with pytest.raises(InvalidState, match="hãy hủy nhiệm vụ với lý do"):
        services.document_update(
            user=office,
            document=document,
            version=document.version,
            data={},
            tasks=[{"id": template.pk, "version": template.version}],
        )
    assert Task.objects.filter(recurrence_parent=template).count() == 2
