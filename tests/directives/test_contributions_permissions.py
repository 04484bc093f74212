"""The permission matrix of the coordinating units' contributions (issue 12, part 3): only a member of the
coordinating unit sends (page and API); the lead unit, the office, the committee and that coordinating unit
read; a unit that may not see the task gets 404 (tests/support/permissions.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from directives import services
from directives.models import Contribution, InputRequest
from tests.support.directives import DIRECTIVE_MODELS, make_notice
from tests.support.files import pdf
from tests.support.permissions import SIGNED_IN, Action, PermissionMatrix

COORDINATING = {
    "coord_lead"
}  # the coordinating unit's lead (its staff too: tests/directives/test_contributions.py)
HIDDEN = {"other_lead"}  # may not even see the task: 404
READERS = SIGNED_IN - HIDDEN


def _task(w):
    return [w.task.pk]


def _sent(w):
    return Contribution.objects.filter(request__task=w.task, text="Ý kiến của Sở Xây dựng").exists()


def _contribute(w):
    services.contribution_submit(user=w.personas["coord_lead"], task=w.task, text="Đã gửi trước")


ACTIONS = (
    Action(
        "send contribution (page)",
        "directives:contribution_create",
        COORDINATING,
        args=_task,
        data=lambda w: {"text": "Ý kiến của Sở Xây dựng", "files": pdf()},
        hidden=HIDDEN,
        effect=_sent,
    ),
    Action(
        "send contribution (API)",
        "api:task-contributions",
        COORDINATING,
        args=_task,
        data=lambda w: {"text": "Ý kiến của Sở Xây dựng", "files": [pdf()]},
        multipart=True,
        hidden=HIDDEN,
        effect=_sent,
        success=201,
    ),
    Action(
        "read contributions (API)",
        "api:task-contributions",
        READERS,
        method="get",
        args=_task,
        hidden=HIDDEN,
        setup=_contribute,
        answer=lambda w: w.response.json()[0]["contributions"][0]["text"] == "Đã gửi trước",
    ),
    Action(
        "contributions page",
        "directives:input_request_list",
        SIGNED_IN,
        method="get",
        query="?view=all",
    ),
    Action("input requests (API)", "api:input-request-list", SIGNED_IN, method="get"),
    Action(
        "one input request (API)",
        "api:input-request-detail",
        READERS,
        method="get",
        args=lambda w: [InputRequest.objects.get(task=w.task).pk],
        hidden=HIDDEN,
        setup=_contribute,
        answer=lambda w: len(w.response.json()["contributions"]) == 1,
    ),
)


class TestContributionPermissions(PermissionMatrix):
    actions = ACTIONS
    observe = (*DIRECTIVE_MODELS, InputRequest, Contribution)

    @pytest.fixture
    def world(self, personas, own_unit, coord_unit):
        task = make_notice(personas["office"], own_unit, coord_unit).tasks.get()
        return SimpleNamespace(task=task)


def test_refused_users_get_403_even_with_invalid_input(client, personas, own_unit, coord_unit):
    task = make_notice(personas["office"], own_unit, coord_unit).tasks.get()
    for persona in ("lead", "office", "committee", "admin"):
        client.force_login(personas[persona])
        response = client.post(f"/tasks/{task.pk}/contributions/", {"text": ""})
        assert response.status_code == 403, persona
        assert "không phải đơn vị phối hợp" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_coordinating_unit_reads_only_its_own_contributions(
    api, personas, own_unit, coord_unit, other_unit
):
    from tests.factories import MembershipFactory

    office = personas["office"]
    task = make_notice(office, own_unit, coord_unit).tasks.get()
    services.task_update(
        user=office, task=task, version=task.version, coordinating_units=[coord_unit, other_unit]
    )
    services.contribution_submit(user=personas["coord_lead"], task=task, text="Ý kiến Sở Xây dựng")
    other_member = MembershipFactory(unit=other_unit, role="staff").user
    seen = api(other_member).get(f"/api/v1/tasks/{task.pk}/contributions/").json()
    assert [r["unit"]["id"] for r in seen] == [other_unit.pk]
    lead_sees = api(personas["lead"]).get(f"/api/v1/tasks/{task.pk}/contributions/").json()
    assert {r["unit"]["id"] for r in lead_sees} == {coord_unit.pk, other_unit.pk}
    contribution_file = services.contribution_submit(
        user=personas["coord_lead"], task=task, text="Kèm tệp", files=[pdf()]
    ).attachments.get()
    from django.test import Client

    client = Client()
    client.force_login(other_member)
    assert client.get(f"/tasks/attachments/{contribution_file.pk}/").status_code == 404
    client.force_login(personas["lead"])
    assert client.get(f"/tasks/attachments/{contribution_file.pk}/").status_code == 200
