"""What a task offers (the buttons of the task page and of "Việc của đơn vị tôi") is what the services
accept: the state rules live in one place (directives.services) and the permissions in dtsystem.policy,
so that the pages, the API and the services can never disagree."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from directives import services
from directives.choices import TaskStatus


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
