"""The inbox ("Việc cần xử lý"): the events of the workflow write their items through inbox_notify, each
e-mail event has its item, nothing twice, marks as read, the badge costs no query, the page groups by
kind, the API lists and marks."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives import services as task_services
from directives.choices import TaskStatus
from inbox.choices import EmailStatus, InboxKind
from inbox.models import InboxItem
from inbox.services import inbox_mark_all_read, inbox_notify, inbox_send_emails
from tests.directives.factories import DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _items(user, kind=None):
    qs = InboxItem.objects.filter(user=user)
    return list(qs.filter(kind=kind) if kind else qs)


def test_notify_twice_writes_one_item_and_counts_unread(lead, staff):
    for _ in range(2):
        inbox_notify(
            users=[lead, staff, lead], kind=InboxKind.TASK_ASSIGNED, key="k:1", title="Việc A", email=False
        )
    assert InboxItem.objects.filter(key="k:1").count() == 2
    lead.refresh_from_db()
    assert lead.inbox_unread == 1
    inbox_notify(users=[lead], kind=InboxKind.OVERDUE, key="k:2", title="Việc B", email=False)
    lead.refresh_from_db()
    assert lead.inbox_unread == 2
    assert inbox_mark_all_read(user=lead, kind=InboxKind.OVERDUE) == 1
    lead.refresh_from_db()
    assert lead.inbox_unread == 1
    with pytest.raises(ValueError):
        inbox_notify(users=[lead], kind="nonsense", key="k:3", title="x")


def test_new_task_reaches_the_lead_units_members_with_one_email(
    office, lead, staff, other_lead, own_unit, django_capture_on_commit_callbacks
):
    document = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        task = task_services.task_create(
            user=office,
            document=document,
            content="Xây dựng kho dữ liệu dùng chung",
            lead_unit=own_unit,
            deadline_text="trước ngày 30/6/2022",
        )
    assert [i.task_id for i in _items(lead, InboxKind.TASK_ASSIGNED)] == [task.pk]
    assert len(_items(staff, InboxKind.TASK_ASSIGNED)) == 1
    assert _items(other_lead) == [] and _items(office) == []
    # each e-mail of the event is its items' e-mail, sent once
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, staff.email])
    assert all("Xây dựng kho dữ liệu dùng chung" in m.body for m in mail.outbox)
    assert set(InboxItem.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert inbox_send_emails() == {"items": 0, "sent": 0, "failed": 0}
    assert len(mail.outbox) == 2


def test_report_done_waits_for_the_office_and_a_return_reaches_the_unit(office, lead, staff, own_unit):
    task = TaskFactory(lead_unit=own_unit, due_date=date(2030, 1, 31), status=TaskStatus.IN_PROGRESS)
    task_services.task_transition(task=task, user=lead, to=TaskStatus.REPORTED_DONE)
    waiting = _items(office, InboxKind.APPROVAL_WAITING)
    assert len(waiting) == 1 and waiting[0].read_at is None
    assert _items(lead, InboxKind.APPROVAL_WAITING) == []
    task.refresh_from_db()
    task_services.task_transition(
        task=task, user=office, to=TaskStatus.IN_PROGRESS, reason="Thiếu minh chứng"
    )
    returned = _items(staff, InboxKind.TASK_RETURNED)
    assert len(returned) == 1 and "Thiếu minh chứng" in returned[0].title
    assert _items(lead, InboxKind.TASK_RETURNED)  # the lead too
    # the office's waiting item is resolved by the decision
    assert InboxItem.objects.get(pk=waiting[0].pk).read_at is not None
    office.refresh_from_db()
    assert office.inbox_unread == 0


def test_extension_request_and_decision(office, lead, own_unit):
    task = TaskFactory(lead_unit=own_unit, due_date=date(2030, 1, 31), status=TaskStatus.IN_PROGRESS)
    ext = task_services.task_request_extension(
        task=task, user=lead, new_due_date=date(2030, 3, 31), reason="Chờ kinh phí"
    )
    assert len(_items(office, InboxKind.APPROVAL_WAITING)) == 1
    task_services.extension_reject(extension=ext, user=office, reason="Không đủ căn cứ")
    decided = _items(lead, InboxKind.EXTENSION_DECIDED)
    assert len(decided) == 1 and "Không đồng ý gia hạn" in decided[0].title
    assert decided[0].object_id == ext.pk
    assert _items(office, InboxKind.APPROVAL_WAITING)[0].read_at is not None


def test_every_reminder_email_has_its_inbox_items(lead, own_unit, coord_unit, coord_lead):
    from reminders.services import reminders_send

    today = date(2022, 3, 1)
    soon = TaskFactory(
        lead_unit=own_unit, due_date=today + timedelta(days=7), coordinating_units=[coord_unit]
    )
    late = TaskFactory(lead_unit=own_unit, due_date=today - timedelta(days=1))
    reminders_send(today=today)
    to_users = {m.to[0]: m for m in mail.outbox}
    for user in (lead, coord_lead):
        assert user.email in to_users
        message = to_users[user.email]
        items = {i.task_id: i for i in _items(user)}
        for task in (soon, late):
            if task.content in message.body:
                assert task.pk in items, f"{user}: e-mail about {task.pk} without its inbox item"
    assert _items(lead, InboxKind.DUE_SOON)[0].task_id == soon.pk
    assert _items(lead, InboxKind.OVERDUE)[0].task_id == late.pk
    # the next stage (3 days before) e-mails again but the item stays one
    reminders_send(today=today + timedelta(days=4))
    assert len(_items(lead, InboxKind.DUE_SOON)) == 1


def test_badge_costs_no_query_and_shows_the_count(client, lead):
    client.force_login(lead)
    url = reverse("reminders:preferences")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    inbox_notify(users=[lead], kind=InboxKind.OVERDUE, key="b:1", title="Việc quá hạn thử", email=False)
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert len(after) == len(before)
    assert 'id="nav-inbox-count">1<' in html


def test_page_groups_by_kind_and_marks_read(client, lead):
    inbox_notify(
        users=[lead], kind=InboxKind.TASK_ASSIGNED, key="p:1", title="Nhiệm vụ mới thử nghiệm", email=False
    )
    inbox_notify(
        users=[lead], kind=InboxKind.OVERDUE, key="p:2", title="Nhiệm vụ quá hạn thử nghiệm", email=False
    )
    client.force_login(lead)
    html = client.get(reverse("inbox:index")).content.decode()
    assert html.index('data-kind="task_returned"') if "task_returned" in html else True
    assert "Nhiệm vụ mới giao cho đơn vị" in html and "Quá hạn" in html
    assert html.index('data-kind="task_assigned"') < html.index('data-kind="overdue"')
    item = InboxItem.objects.get(key="p:1")
    response = client.post(reverse("inbox:mark_read", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.read_at is not None
    response = client.post(reverse("inbox:mark_all_read"), {"kind": "khong-co"})
    assert InboxItem.objects.filter(key="p:2", read_at__isnull=True).exists()
    client.post(reverse("inbox:mark_all_read"))
    lead.refresh_from_db()
    assert lead.inbox_unread == 0


def test_page_queries_are_bounded(client, lead, django_assert_max_num_queries):
    for n in range(60):
        kind = [InboxKind.TASK_ASSIGNED, InboxKind.OVERDUE, InboxKind.DUE_SOON][n % 3]
        inbox_notify(users=[lead], kind=kind, key=f"q:{n}", title=f"Việc số {n}", email=False)
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        client.get(reverse("inbox:index"))


def test_api_lists_own_items_and_marks_read(client, lead, staff):
    inbox_notify(users=[lead, staff], kind=InboxKind.TASK_ASSIGNED, key="a:1", title="Việc API", email=False)
    inbox_notify(users=[lead], kind=InboxKind.OVERDUE, key="a:2", title="Việc API 2", email=False)
    client.force_login(lead)
    data = client.get(reverse("api:inbox-list"), {"unread": "true"}).json()
    assert data["count"] == 2 and {r["kind"] for r in data["results"]} == {"task_assigned", "overdue"}
    assert client.get(reverse("api:inbox-list"), {"unread": "maybe"}).status_code == 400
    item = InboxItem.objects.get(user=lead, key="a:1")
    answer = client.post(reverse("api:inbox-read", args=[item.pk])).json()
    assert answer == {"marked": 1, "unread": 1}
    bad = client.post(reverse("api:inbox-read-all"), {"kind": "sai"}, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()) == {"message", "errors"}
    assert client.post(reverse("api:inbox-read-all"), {}, content_type="application/json").json() == {
        "marked": 1,
        "unread": 0,
    }
    staff_item = InboxItem.objects.get(user=staff)
    assert client.post(reverse("api:inbox-read", args=[staff_item.pk])).status_code == 404
    staff_item.refresh_from_db()
    assert staff_item.read_at is None


def test_a_duplicate_inside_a_transaction_neither_fails_nor_duplicates(lead, staff):
    """ON CONFLICT DO NOTHING: an item that another process has just written does not break the caller's
    transaction (no IntegrityError), and the other users of the event still get theirs."""
    from django.db import transaction

    inbox_notify(users=[lead], kind=InboxKind.TASK_ASSIGNED, key="c:1", title="Việc đồng thời", email=False)
    with transaction.atomic():
        inbox_notify(users=[lead, staff], kind=InboxKind.TASK_ASSIGNED, key="c:1", title="Việc đồng thời")
        assert InboxItem.objects.filter(key="c:1").count() == 2  # the transaction is still usable
    assert InboxItem.objects.get(user=lead, key="c:1").email_status == EmailStatus.NONE  # kept, not re-sent


@pytest.mark.django_db(transaction=True)
def test_concurrent_notifications_write_one_item(lead):
    """Two threads notify the same event at once (PostgreSQL: real concurrent sessions)."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for concurrent sessions")
    barrier = threading.Barrier(4)
    errors = []

    def run():
        from django.db import connection as conn

        try:
            barrier.wait()
            inbox_notify(users=[lead.pk], kind=InboxKind.OVERDUE, key="race:1", title="Đua", email=False)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert InboxItem.objects.filter(key="race:1").count() == 1
    lead.refresh_from_db()
    assert lead.inbox_unread == 1


def test_the_email_sweep_is_scheduled():
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(task="inbox.send_emails", enabled=True).exists()


def test_an_imported_file_tells_each_lead_unit_of_its_new_tasks(
    office, lead, other_lead, own_unit, other_unit, coord_unit
):
    """The batched import (directives.services.tasks_create_imported) writes the same items as a task
    created on the page: one per new task and member of its lead unit."""
    from directives.models import Task
    from tests.support.task_import import file_rows

    document = task_services.document_create(
        user=office,
        data={
            "kind": "TB",
            "issuing_body_text": "UBND TỈNH",
            "symbol": "TB-UBND",
            "issue_year": 2022,
            "title": "Kết luận nhập",
        },
    )
    report = task_services.tasks_import(user=office, document=document, rows=file_rows(9), commit=True)
    assert report.saved
    own = set(Task.objects.filter(document=document, lead_unit=own_unit).values_list("pk", flat=True))
    other = set(Task.objects.filter(document=document, lead_unit=other_unit).values_list("pk", flat=True))
    assert own and other
    assert {i.task_id for i in _items(lead, InboxKind.TASK_ASSIGNED)} == own
    assert {i.task_id for i in _items(other_lead, InboxKind.TASK_ASSIGNED)} == other
    lead.refresh_from_db()
    assert lead.inbox_unread == len(own)


def test_every_workflow_email_is_the_email_of_inbox_items_and_vice_versa(
    office, lead, staff, own_unit, django_capture_on_commit_callbacks
):
    """Both channels from one function: after a whole workflow (assigned, reported done, returned,
    extension asked and granted), every e-mail lists only its recipient's items, and every item that was
    to be e-mailed is in exactly one e-mail to its user."""
    from django.contrib.auth import get_user_model

    document = DocumentFactory()
    steps = [
        lambda: task_services.task_create(
            user=office,
            document=document,
            content="Số hóa hồ sơ một cửa",
            lead_unit=own_unit,
            deadline_text="trước ngày 30/6/2030",
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        task = steps[0]()
    for call in (
        lambda t: task_services.task_transition(task=t, user=lead, to=TaskStatus.IN_PROGRESS),
        lambda t: task_services.task_transition(task=t, user=lead, to=TaskStatus.REPORTED_DONE),
        lambda t: task_services.task_transition(
            task=t, user=office, to=TaskStatus.IN_PROGRESS, reason="Bổ sung"
        ),
        lambda t: task_services.task_request_extension(
            task=t, user=lead, new_due_date=date(2030, 9, 30), reason="Chờ"
        ),
    ):
        task.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            call(task)
    extension = task.extension_requests.get()
    with django_capture_on_commit_callbacks(execute=True):
        task_services.extension_approve(extension=extension, user=office)
    users = {u.email: u for u in get_user_model().objects.all()}
    emailed = InboxItem.objects.exclude(email_status=EmailStatus.NONE)
    assert {i.kind for i in emailed} == {
        InboxKind.TASK_ASSIGNED,
        InboxKind.APPROVAL_WAITING,
        InboxKind.TASK_RETURNED,
        InboxKind.EXTENSION_DECIDED,
    }
    assert set(emailed.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    seen = []
    for message in mail.outbox:
        user = users[message.to[0]]
        own = [i for i in emailed if i.user_id == user.pk and i.title in message.body]
        assert own, f"an e-mail to {user} with no inbox item of theirs"
        seen += [i.pk for i in own]
    assert sorted(seen) == sorted(i.pk for i in emailed)  # each item e-mailed once
