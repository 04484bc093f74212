"""A progress report is an append: it takes the task's optimistic lock (version) only when the client sent
the version it loaded. Two units (or two tabs) reporting at once both get through; a stale version is
still a 409; the task's progress and status follow the last report, whatever the interleaving."""

import threading
from datetime import date

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse
from rest_framework.test import APIClient

from directives import services
from directives.choices import TaskStatus
from directives.models import ProgressReport, Task
from dtsystem.common.exceptions import Conflict
from tests.directives.factories import TaskFactory
from tests.factories import MembershipFactory, UserFactory
from tests.live import require

TASKS = "/api/v1/tasks/"


# ------------------------------------------------------------------------------------------ the rule


def test_two_reports_from_copies_loaded_before_either_both_go_through(task, lead, staff):
    first, second = Task.objects.get(pk=task.pk), Task.objects.get(pk=task.pk)  # both at version 1
    services.task_report_progress(task=first, user=lead, percent=30, note="Sở báo cáo")
    services.task_report_progress(task=second, user=staff, percent=40, note="Chuyên viên báo cáo")
    task.refresh_from_db()
    assert ProgressReport.objects.filter(task=task).count() == 2
    assert (task.progress, task.status, task.version) == (40, TaskStatus.IN_PROGRESS, 3)
    events = list(task.events.filter(kind="progress").order_by("id").values_list("changes", flat=True))
    assert [e["progress"] for e in events] == [[0, 30], [30, 40]]  # "before" read from the locked row
    assert events[0]["status"] == ["new", "in_progress"] and "status" not in events[1]


def test_a_report_that_sends_a_stale_version_is_a_conflict(task, lead, staff):
    loaded = task.version
    services.task_report_progress(task=Task.objects.get(pk=task.pk), user=lead, percent=30)
    with pytest.raises(Conflict):
        services.task_report_progress(task=task, user=staff, percent=50, version=loaded)
    task.refresh_from_db()
    assert (task.progress, task.version) == (30, loaded + 1)
    assert ProgressReport.objects.filter(task=task).count() == 1


def test_a_report_that_sends_the_current_version_goes_through(task, lead):
    services.task_report_progress(task=task, user=lead, percent=30, version=task.version)
    task.refresh_from_db()
    assert (task.progress, task.version) == (30, 2)


def test_api_report_without_version_after_another_report_is_accepted(lead, staff, task):
    client_a, client_b = APIClient(), APIClient()
    client_a.force_login(lead)
    client_b.force_login(staff)
    version = client_a.get(f"{TASKS}{task.pk}/").json()["version"]
    assert (
        client_b.post(f"{TASKS}{task.pk}/report-progress/", {"percent": 20}, format="json").status_code == 201
    )
    response = client_a.post(f"{TASKS}{task.pk}/report-progress/", {"percent": 35}, format="json")
    assert response.status_code == 201, response.content
    stale = client_a.post(
        f"{TASKS}{task.pk}/report-progress/", {"percent": 50, "version": version}, format="json"
    )
    assert stale.status_code == 409, stale.content
    assert set(stale.json()) == {"message", "errors"}
    current = client_a.get(f"{TASKS}{task.pk}/").json()["version"]
    fresh = client_a.post(
        f"{TASKS}{task.pk}/report-progress/", {"percent": 55, "version": current}, format="json"
    )
    assert fresh.status_code == 201, fresh.content
    task.refresh_from_db()
    assert (task.progress, ProgressReport.objects.filter(task=task).count()) == (55, 3)


def test_page_report_with_a_stale_version_is_a_409_and_without_one_is_accepted(client, lead, staff, task):
    url = reverse("directives:task_report_progress", args=[task.pk])
    services.task_report_progress(task=Task.objects.get(pk=task.pk), user=staff, percent=10)
    client.force_login(lead)
    stale = client.post(url, {"percent": "30", "note": "x", "version": "1"})
    assert stale.status_code == 409
    assert "Nhiệm vụ vừa được người khác cập nhật" in stale.content.decode()
    plain = client.post(url, {"percent": "30", "note": "y"})
    assert plain.status_code == 302
    task.refresh_from_db()
    assert (task.progress, ProgressReport.objects.filter(task=task).count()) == (30, 2)


# ---------------------------------------------------------------------------------- real concurrency


@pytest.mark.django_db(transaction=True)
def test_parallel_reports_from_two_users_are_all_kept_and_the_task_follows_the_last(own_unit):
    require(
        connection.vendor == "postgresql",
        "needs PostgreSQL (DATABASE_URL=postgres://...): SQLite serialises every writer, so the race "
        "this test provokes cannot happen there.",
    )
    from dtsystem.units.choices import Role

    task = TaskFactory(lead_unit=own_unit, due_date=date(2030, 1, 31))
    users = [
        MembershipFactory(unit=own_unit, role=role, user=UserFactory(username=name)).user
        for name, role in (("conc_lead", Role.LEAD), ("conc_staff", Role.STAFF))
    ]
    threads_per_user, posts_per_thread = 16, 3
    barrier = threading.Barrier(threads_per_user * len(users))
    statuses: list[int] = []
    lock = threading.Lock()

    def post(user, n: int) -> None:
        api = APIClient()
        api.force_login(user)
        barrier.wait()
        try:
            for i in range(posts_per_thread):
                response = api.post(
                    f"{TASKS}{task.pk}/report-progress/",
                    {"percent": (n * posts_per_thread + i) % 101, "note": f"{user.username} {n}.{i}"},
                    format="json",
                )
                with lock:
                    statuses.append(response.status_code)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=post, args=(user, n)) for user in users for n in range(threads_per_user)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    total = threads_per_user * len(users) * posts_per_thread
    assert sorted(set(statuses)) == [201], {s: statuses.count(s) for s in set(statuses)}
    assert len(statuses) == total
    reports = ProgressReport.objects.filter(task=task).order_by("id")
    assert reports.count() == total
    task.refresh_from_db()
    last = reports.last()
    assert (task.progress, task.status) == (last.percent, TaskStatus.IN_PROGRESS)
    assert task.version == 1 + total
    # every history event's "before" is the previous report's percent: no update was lost or reordered
    events = list(task.events.filter(kind="progress").order_by("id").values_list("changes", flat=True))
    percents = [0, *reports.values_list("percent", flat=True)]
    assert [e["progress"] for e in events] == [[a, b] for a, b in zip(percents, percents[1:], strict=False)]
