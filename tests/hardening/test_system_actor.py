"""Events, reports and actions without a user (the scheduled jobs write them) render as "Hệ thống".

Issue 11, defect 1: the page of every recurring instance (the yearly copies of notice 000's item 5.1,
created by the daily recurrence job) answered 500 — `VariableDoesNotExist ... [username] in None` —
because its "created" event has no user. Every page that shows who did something must say "Hệ thống"
when nobody did: task pages, my-task cards, document pages, approvals, the reminder log, reports,
KPI measurements, disbursements, and the API's history."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from directives import selectors, services
from directives.choices import EventKind
from directives.models import Document, ExtensionRequest, ProgressReport, Task
from dtsystem.common.people import SYSTEM_NAME, actor_name
from dtsystem.core.templatetags.vn import actor_name as actor_name_filter
from kpis.models import KpiMeasurement, KpiTarget
from plans.models import BudgetLine, Disbursement
from reminders.models import Delivery
from reports.models import Report

DEMO_USERNAMES = ["office", "lead_tttt", "lead_yte", "committee", "admin"]
LATER = date(2023, 6, 1)  # the daily job a year and a half after the demo notices


@pytest.fixture
def demo_after_the_job(demo_data):
    """The demo data, the recurrence job run at a later date, and one record of every kind whose user is
    unknown (written by a job, an import or a deleted account)."""
    created = services.task_recurrences_generate(today=LATER)
    assert created > 0
    instance = Task.objects.filter(recurrence_parent__isnull=False).order_by("pk").first()
    ProgressReport.objects.create(task=instance, reported_by=None, percent=10, note="Nhập từ hệ thống cũ")
    decided = Task.objects.filter(recurrence_parent__isnull=False).order_by("pk")[1]
    for task, decision in [
        (instance, {}),
        (decided, {"status": "rejected", "decided_at": instance.created_at, "decision_reason": "Tự động"}),
    ]:
        ExtensionRequest.objects.create(
            task=task,
            requested_by=None,
            current_due_date=task.due_date,
            new_due_date=date(task.due_date.year + 1, 6, 30),
            reason="Đề nghị nhập từ hệ thống cũ",
            decided_by=None,
            **decision,
        )
    target = KpiTarget.objects.order_by("pk").first()
    KpiMeasurement.objects.create(
        target=target, period="2021", period_end=date(2021, 12, 31), value=Decimal("1"), entered_by=None
    )
    line = BudgetLine.objects.order_by("pk").first()
    Disbursement.objects.create(budget_line=line, date=date(2022, 2, 1), amount=Decimal("1"), entered_by=None)
    Report.objects.create(
        period="2022-Q1",
        as_of=date(2022, 3, 31),
        issue_date=date(2022, 4, 1),
        scheduled=True,
        created_by=None,
    )
    Delivery.objects.create(
        recipient="nobody@example.gov.vn",
        user=None,
        unit=None,
        task=instance,
        kind="overdue",
        role="lead",
        day=LATER,
    )
    return {"instance": instance, "decided": decided, "target": target, "line": line}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_task_and_document_page_of_the_demo_renders_for_every_persona(demo_after_the_job, username):
    user = get_user_model().objects.get(username=username)
    client = _client(user)
    visible = set(selectors.task_queryset(user=user).values_list("pk", flat=True))
    for task in Task.objects.order_by("pk"):
        response = client.get(reverse("directives:task_detail", args=[task.pk]))
        expected = 200 if task.pk in visible else 404
        assert response.status_code == expected, (username, task.pk, task.item, task.period_label)
    for document in Document.objects.order_by("pk"):
        response = client.get(reverse("directives:document_detail", args=[document.pk]))
        assert response.status_code == 200, (username, document.pk)


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_lists_queues_logs_and_forms_render_for_every_persona(demo_after_the_job, username):
    user = get_user_model().objects.get(username=username)
    client = _client(user)
    urls = [
        reverse("home"),
        reverse("directives:my_tasks"),
        reverse("directives:approval_queue"),
        reverse("directives:task_list"),
        reverse("reminders:log"),
        reverse("reports:report_list"),
        reverse("kpis:measurement_create", args=[demo_after_the_job["target"].pk]),
        reverse("plans:disbursement_create", args=[demo_after_the_job["line"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), (username, url, response.status_code)


def test_the_recurring_instance_says_who_created_it(demo_after_the_job):
    instance = demo_after_the_job["instance"]
    assert instance.events.get(kind=EventKind.CREATED).actor is None
    office = get_user_model().objects.get(username="office")
    client = _client(office)
    html = client.get(reverse("directives:task_detail", args=[instance.pk])).content.decode()
    assert html.count(str(SYSTEM_NAME)) >= 3  # the event, the progress report, the extension request
    decided = demo_after_the_job["decided"]
    html = client.get(reverse("directives:task_detail", args=[decided.pk])).content.decode()
    assert f"Quyết định bởi {SYSTEM_NAME}" in html
    approvals = client.get(reverse("directives:approval_queue")).content.decode()
    assert str(SYSTEM_NAME) in approvals
    for name, args in [
        ("reports:report_list", []),
        ("kpis:measurement_create", [demo_after_the_job["target"].pk]),
        ("plans:disbursement_create", [demo_after_the_job["line"].pk]),
    ]:
        html = client.get(reverse(name, args=args)).content.decode()
        assert str(SYSTEM_NAME) in html, name


def test_the_api_names_the_system_too(demo_after_the_job):
    instance = demo_after_the_job["instance"]
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username="office"))
    body = api.get(f"/api/v1/tasks/{instance.pk}/").json()
    assert body["history"][0]["actor"] == str(SYSTEM_NAME)
    assert {r["reported_by"] for r in body["progress_reports"]} == {str(SYSTEM_NAME)}


def test_actor_name_and_its_filter():
    user = get_user_model()(username="lan", first_name="Lan", last_name="Nguyễn Thị")
    assert actor_name(user) == "Nguyễn Thị Lan" == actor_name_filter(user)
    assert actor_name(get_user_model()(username="hung")) == "hung"
    assert actor_name(None) == str(SYSTEM_NAME) == actor_name_filter(None) == actor_name_filter("")
