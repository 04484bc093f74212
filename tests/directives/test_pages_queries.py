"""Every list page runs the same number of queries for 10 tasks as for 150 (pinned here), and no page
renders more than ~100 tasks, however many there are (paginated, or grouped with counts)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from directives import services
from directives.choices import TaskStatus
from directives.models import Document, Task
from tests.support.directives import FUTURE, make_notice
from tests.support.world import make_plan

MAX_ROWS = 100

# (page, who looks at it, expected number of queries, the same for any number of tasks)
# Every page: session, user, the actor's memberships (policy.actor_for), then its own reads.
PAGES = {
    "documents": ("office", 7),  # + count, page of documents, issuing-body choices: the organisation's
    # version and, the cache being empty, the active units' names (unit_options: cached by that version)
    "tasks": (
        "office",
        11,
    ),  # + rollups' horizon and their counts by timeliness (also the list length: directives.rollups),
    # page, coordinating units, document choices, the units of the unit filter and of the bulk action bar
    # ("giao lại"): the organisation's version and the units' names once (unit_options, cached by version),
    # the user's saved filters ("Lưu bộ lọc": one query, at most saved_filters.MAX_SAVED_FILTERS rows)
    "tasks_overdue": ("office", 11),
    "tasks_filtered": ("office", 10),  # a filter: the timeliness GROUP BY of the filtered tasks instead
    "my_tasks": ("lead", 14),  # + unit tree (actor_for), counts by timeliness (rollups' horizon + their
    # rows for the user's units), the ids of the first cards of each group, those cards + coordinating +
    # pending extensions, count + page of coordinated tasks + coordinating, the user's units
    "my_tasks_group": ("lead", 13),  # the same with one page of one group instead of the first cards
    "approvals": ("office", 9),  # + "Chờ xác nhận": counts by unit of each kind (also the lengths of
    # the two lists: no COUNT(*) of their own) + the units, page of completion reports, their coordinating
    # units, page of pending extensions
    "document_detail": ("office", 8),  # + document, count + page of tasks, coordinating units, attachments
    "plan": ("office", 18),  # + plan, its KPI targets and budget, count + page of tasks, coordinating units
    "home": ("committee", 6),  # + memberships, unit members (core home), timeliness totals
}


def build(n, office, lead, own_unit, coord_unit, other_unit):
    """n tasks in two notices (the first holds all but 5): mixed lead units, coordinating units,
    deadlines, statuses, reports, completion reports and extension requests."""
    for d, size in enumerate((n - 5, 5)):
        rows = []
        for i in range(size):
            k = d * (n - 5) + i
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
        document = make_notice(office, own_unit, title=f"Thông báo số {d}", number=str(d + 1), tasks=rows)
        if d == 0:
            make_plan(number="90", document=document)
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
    if page == "plan":
        document = Document.objects.order_by("pk").first()
        return reverse("plans:plan_detail", args=[document.plan.pk]) + "?tab=tasks"
    return {
        "documents": reverse("directives:document_list"),
        "tasks": reverse("directives:task_list"),
        "tasks_overdue": reverse("directives:task_list") + "?timeliness=overdue",
        "tasks_filtered": reverse("directives:task_list") + "?q=chuy%E1%BB%83n",
        "my_tasks": reverse("directives:my_tasks"),
        "my_tasks_group": reverse("directives:my_tasks") + "?group=on_track",
        "approvals": reverse("directives:approval_queue"),
        "home": "/",
    }[page]


def shown_tasks(html: str) -> set[str]:
    return set(re.findall(r'href="/tasks/(\d+)/"', html))


@pytest.mark.parametrize("n", [10, 150])
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
    # The page really lists the data (so that a constant count is not an empty page's) ...
    if page in ("tasks", "tasks_filtered", "document_detail", "my_tasks", "my_tasks_group", "plan"):
        assert "Nhiệm vụ số" in html
    if page == "tasks_overdue":
        assert "timeliness-overdue" in html
    if page == "documents":
        assert "Thông báo số 0" in html
    if page == "approvals":
        assert "completion-report" in html and "pending-extension" in html
    # ... and never more than ~100 of them, however many there are.
    assert len(shown_tasks(html)) <= MAX_ROWS
    if n > MAX_ROWS and page in ("tasks", "document_detail", "my_tasks", "plan"):
        assert 'aria-label="Phân trang"' in html or "group-more" in html


def test_busy_unit_lead_page_is_grouped_with_counts_and_pages(
    client, personas, own_unit, coord_unit, other_unit
):
    """150 tasks: each group shows its first cards, its full count and a link to its own pages; a group's
    pages together show every task of the group exactly once."""
    build(150, personas["office"], personas["lead"], own_unit, coord_unit, other_unit)
    client.force_login(personas["lead"])
    html = client.get(reverse("directives:my_tasks")).content.decode()
    assert (
        html.count("my-task-card") <= 5 * 10
        and html.count('class="btn btn-sm btn-outline-primary group-more"') >= 1
    )
    from directives import selectors
    from directives.presenters import TIMELINESS_ORDER

    led = selectors.in_scope(selectors.task_list(user=personas["lead"])).filter(lead_unit=own_unit)
    for value in TIMELINESS_ORDER:
        expected = {str(t.pk) for t in led if t.timeliness == value}
        seen: list[str] = []
        number = 1
        while True:
            response = client.get(reverse("directives:my_tasks"), {"group": value, "page": number})
            page_html = response.content.decode()
            ids = re.findall(r'id="my-task-(\d+)"', page_html)
            assert len(ids) <= 25
            seen += ids
            if f"page={number + 1}" not in page_html:
                break
            number += 1
        assert sorted(seen) == sorted(expected), value
        assert len(seen) == len(set(seen))
