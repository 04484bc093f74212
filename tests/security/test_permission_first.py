"""Issue 11, defect 10: the API checked input before permission. lead_yte (the lead of another unit)
posting to /api/v1/tasks/ got field errors (400) instead of 403. Every API write now asks the policy
before it reads its body; the permission matrices check it for every write of every app
(PermissionMatrix.test_api_refuses_before_reading_the_body). These are the probe's own requests."""

import pytest

from directives.models import Task
from tests.directives.factories import DocumentFactory, TaskFactory
from tests.support.personas import api_client


@pytest.mark.parametrize("body", [{}, {"content": "", "lead_unit": "x"}, {"document": 10**9}])
def test_a_lead_of_another_unit_creating_a_task_gets_403_whatever_the_body(other_lead, body):
    response = api_client(other_lead).post("/api/v1/tasks/", body, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["message"] == "Bạn không có quyền thực hiện thao tác này."
    assert response.json()["errors"] == {}


def test_a_coordinating_lead_patching_a_task_gets_403_not_field_errors(coord_lead, own_unit, coord_unit):
    task = TaskFactory(document=DocumentFactory(), lead_unit=own_unit, coordinating_units=[coord_unit])
    response = api_client(coord_lead).patch(f"/api/v1/tasks/{task.pk}/", {"version": "x"}, format="json")
    assert response.status_code == 403, response.content
    assert Task.objects.get(pk=task.pk).content == task.content
