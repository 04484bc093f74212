"""Every list page runs the same number of queries for 5 tasks as for 50 (pinned here)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from directives import services
from directives.choices import TaskStatus
from directives.models import Document, Task
from tests.support.directives import FUTURE, make_notice

# (page, who looks at it, expected number of queries, the same for any number of tasks)
# Every page: session, user, the actor's memberships (policy.actor_for), then its own reads.
PAGES = {
    "documents": ("office", 6),  # + count, issuing-body choices, page of documents
    "tasks": (
        "office",
        8,
    ),  # + timeliness groups (also the list length), page, coordinating units, unit and document choices
    "tasks_overdue": ("office", 8),
    "my_tasks": ("lead", 10),  # + unit tree (actor_for), led tasks + coordinating + pending extensions,
    # coordinated tasks + coordinating, the user's units
    "approvals": ("office", 6),  # + completion reports, their coordinating units, pending extensions
    "document_detail": ("office", 7),  # + document, tasks, coordinating units, attachments
    "home": ("committee", 6),  # + memberships, unit members (core home), timeliness totals
}


def build(n, office, lead, own_unit, coord_unit, other_unit):
    """n tasks in n/5 notices: mixed lead units, coordinating units, deadlines, statuses, reports,
    completion reports and extension requests."""
    for d in range(n // 5):
        rows = []
        for i in range(5):
            k = d * 5 + i
            ours = k % 3 != 0
            rows.append(
                {
                    "item": f"{i + 1}",
                    "content": f"Nhiệm vụ số {k} về chuyển đổi số",
                    "lead_unit": own_unit if ours else coord_unit,
                    "coordinating_units": [coord_unit, other_unit] if ours else [own_unit],
                    "deadline_text": "trước ngày 10/01/2022" if k % 2 else f"năm {FUTURE}",
                }
            )
        make_notice(office, own_unit, title=f"Thông báo số {d}", number=str(d + 1), tasks=rows)
    for i, task in enumerate(Task.objects.filter(lead_unit=own_unit).order_by("pk")):
        if i % 4 == 0:
            services.task_transition(task=task, user=lead, to=TaskStatus.REPORTED_DONE)
        elif i % 4 == 1:
            services.task_request_extension(
                task=task, user=lead, new_due_date=date(FUTURE + 1, 6, 30), reason="Chờ bố trí vốn"
            )
        elif i % 4 == 2:
            services.task_report_progress(task=task, user=lead, percent=30, note="Đang làm")
    assert Task.objects.count() == n


def url_of(page: str) -> str:
    if page == "document_detail":
        return reverse("directives:document_detail", args=[Document.objects.order_by("pk").first().pk])
    return {
        "documents": reverse("directives:document_list"),
        "tasks": reverse("directives:task_list"),
        "tasks_overdue": reverse("directives:task_list") + "?timeliness=overdue",
        "my_tasks": reverse("directives:my_tasks"),
        "approvals": reverse("directives:approval_queue"),
        "home": "/",
    }[page]


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_queries_do_not_grow_with_data(
    client, django_assert_num_queries, personas, own_unit, coord_unit, other_unit, page, n
):
    build(n, personas["office"], personas["lead"], own_unit, coord_unit, other_unit)
    who, expected = PAGES[page]
    client.force_login(personas[who])
    url = url_of(page)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # The page really lists the data (so that a constant count is not an empty page's).
    if page in ("tasks", "document_detail", "my_tasks"):
        assert "Nhiệm vụ số" in html
    if page == "tasks_overdue":
        assert "timeliness-overdue" in html
    if page == "documents":
        assert "Thông báo số 0" in html
    if page == "approvals":
        assert "completion-report" in html and "pending-extension" in html
