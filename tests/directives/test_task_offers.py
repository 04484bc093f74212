"""What a task offers (the buttons of the task page and of "Việc của đơn vị tôi") is what the services
accept: the state rules live in one place (directives.services) and the permissions in dtsystem.policy,
so that the pages, the API and the services can never disagree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from rest_framework.test import APIClient

from directives import services
from directives.choices import ExtensionStatus, TaskStatus
from directives.models import ExtensionRequest


@pytest.fixture
def reported_done(task, lead):
    services.task_transition(task=task, user=lead, to=TaskStatus.REPORTED_DONE)
    return task


def test_no_extension_form_once_the_task_is_reported_done(client, lead, reported_done):
    """The service refuses an extension request once the unit has reported the task done (409): the
    pages must not offer the form (they used to, from the "open statuses" rule)."""
    client.force_login(lead)
    html = client.get(reverse("directives:task_detail", args=[reported_done.pk])).content.decode()
    assert 'id="extension-form"' not in html
    html = client.get(reverse("directives:my_tasks")).content.decode()
    assert f'id="my-task-{reported_done.pk}"' in html
    assert f'id="ext-{reported_done.pk}"' not in html
    response = client.post(
        reverse("directives:task_request_extension", args=[reported_done.pk]),
        {"new_due_date": date(2022, 3, 1).isoformat(), "reason": "Chờ vốn"},
    )
    assert response.status_code == 409


# ------------------------------------------------ the pages offer exactly what the API (the services) accepts

PERSONAS = ("office", "admin", "lead", "staff", "coord_lead", "other_lead", "committee")
# How to bring a new task (led by own_unit, due 25/01/2022) to each state, as the office.
STATES = {
    "new": [],
    "in_progress": [TaskStatus.IN_PROGRESS],
    "reported_done": [TaskStatus.REPORTED_DONE],
    "done": [TaskStatus.REPORTED_DONE, TaskStatus.DONE],
    "paused": [TaskStatus.PAUSED],
    "cancelled": [TaskStatus.CANCELLED],
    "paused_after_start": [TaskStatus.IN_PROGRESS, TaskStatus.PAUSED],
    "new_without_deadline": [],
    "recurring_template": [],
    "with_pending_extension": [],
}


def _task_in(state, make_task, office, lead):
    deadline = {"new_without_deadline": "", "recurring_template": "hằng quý"}.get(
        state, "trước ngày 25 tháng 01 năm 2022"
    )
    task = make_task(item="1", deadline_text=deadline)
    for to in STATES[state]:
        services.task_transition(task=task, user=office, to=to, reason="Theo chỉ đạo")
    if state == "with_pending_extension":
        services.task_request_extension(
            task=task, user=lead, new_due_date=date(2022, 2, 28), reason="Chờ vốn"
        )
    return task


def _offered(user, pk) -> set[str]:
    """What the task page offers `user` (nothing when the user may not see the task: the page is a 404)."""
    from directives import presenters, selectors
    from directives.models import Task

    try:
        task = selectors.task_detail(user=user, pk=pk)
    except Task.DoesNotExist:
        return set()
    page = presenters.task_page(user, task)
    offered = {f"to:{a['to']}" for a in page["workflow_actions"]}
    if page["may_report_progress"]:
        offered.add("progress")
    if page["may_request_extension"]:
        offered.add("extension")
    # The card of "Việc của đơn vị tôi" offers the same (built from the list's queryset).
    card_task = (
        selectors.task_list(user=user)
        .prefetch_related(
            Prefetch(
                "extension_requests",
                queryset=ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING),
                to_attr="pending_extensions",
            )
        )
        .get(pk=pk)
    )
    card = presenters.task_card(user, card_task, next_url="/")
    assert card["may_report_progress"] == page["may_report_progress"]
    assert card["may_request_extension"] == page["may_request_extension"]
    report_done = next((a for a in page["workflow_actions"] if a["action"] == "task.report_done"), None)
    assert card["report_done"] == report_done
    return offered


def _accepted(user, task) -> set[str]:
    """What the API accepts from `user` on the task, each attempt rolled back so that every one starts
    from the same state."""
    api = APIClient()
    api.force_login(user)
    base = f"/api/v1/tasks/{task.pk}"
    new_due = (task.due_date or date(2022, 1, 25)) + timedelta(days=30)
    attempts = {
        "progress": (f"{base}/report-progress/", {"percent": 60, "note": "Đã xong dự thảo"}),
        "extension": (
            f"{base}/request-extension/",
            {"new_due_date": new_due.isoformat(), "reason": "Chờ vốn"},
        ),
        **{
            f"to:{s}": (f"{base}/transition/", {"to": s, "reason": "Theo chỉ đạo"}) for s in TaskStatus.values
        },
    }
    accepted = set()
    for name, (url, data) in attempts.items():
        with transaction.atomic():
            response = api.post(url, data, format="json")
            transaction.set_rollback(True)
        assert response.status_code in (200, 201, 400, 403, 404, 409), (name, response.status_code)
        assert response.status_code != 400, (name, response.json())  # the input is valid: only rules refuse
        if response.status_code in (200, 201):
            accepted.add(name)
    return accepted


@pytest.mark.parametrize("state", list(STATES))
def test_the_pages_offer_exactly_what_the_api_accepts(state, make_task, personas):
    task = _task_in(state, make_task, personas["office"], personas["lead"])
    offers = {}
    for persona in PERSONAS:
        user = personas[persona]
        offers[persona] = _offered(user, task.pk)
        assert offers[persona] == _accepted(user, task), persona
    if state != "cancelled":  # a cancelled task offers nothing to anyone; every other state offers something
        assert offers["office"]


def test_decide_buttons_only_on_a_pending_request_and_for_who_may_decide(
    client, task, lead, office, committee
):
    first = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 2, 10), reason="Lý do 1"
    )
    services.extension_reject(extension=first, user=office, reason="Chưa đủ căn cứ")
    second = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 2, 20), reason="Lý do 2"
    )
    url = reverse("directives:task_detail", args=[task.pk])
    client.force_login(office)
    html = client.get(url).content.decode()
    assert reverse("directives:extension_approve", args=[second.pk]) in html
    assert reverse("directives:extension_reject", args=[second.pk]) in html
    assert reverse("directives:extension_approve", args=[first.pk]) not in html  # already decided
    for user in (lead, committee):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Lý do 2" in html and reverse("directives:extension_approve", args=[second.pk]) not in html
