"""/api/v1/units/ carries validity and successor; /api/v1/unit-changes/ previews and applies operations,
refusing bad input with the one JSON error format and saving nothing."""

from datetime import date

import pytest
import time_machine

from directives.models import Task
from dtsystem.units.models import Unit, UnitChange
from tests.directives.factories import TaskFactory


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 1, 15), tick=False):
        yield


def test_units_api_has_validity_and_successor(client, office, own_unit, other_unit):
    client.force_login(office)
    body = {"kind": "merge", "sources": [own_unit.pk], "target": other_unit.pk, "date": "2025-03-01"}
    created = client.post("/api/v1/unit-changes/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["kind"] == "merge"
    assert [u["id"] for u in created.json()["from_units"]] == [own_unit.pk]
    rows = {u["id"]: u for u in client.get("/api/v1/units/").json()["results"]}
    assert (
        rows[own_unit.pk]["valid_until"] == "2025-02-28" and rows[own_unit.pk]["successor"] == other_unit.pk
    )
    assert rows[other_unit.pk]["valid_until"] is None and rows[other_unit.pk]["valid_from"] is None


def test_dry_run_previews_and_saves_nothing(client, office, own_unit, other_unit):
    task = TaskFactory(lead_unit=own_unit)
    client.force_login(office)
    body = {
        "kind": "dissolve",
        "unit": own_unit.pk,
        "successor": other_unit.pk,
        "date": "2025-03-01",
        "dry_run": True,
    }
    response = client.post("/api/v1/unit-changes/", body, content_type="application/json")
    assert response.status_code == 200
    moved = [m for m in response.json()["moves"] if m["category"] == "task_lead"]
    assert moved == [
        {
            "category": "task_lead",
            "label": moved[0]["label"],
            "from": own_unit.name,
            "to": other_unit.name,
            "id": task.pk,
            "note": "",
        }
    ]
    assert not UnitChange.objects.exists() and Task.objects.get(pk=task.pk).lead_unit == own_unit


@pytest.mark.parametrize(
    "body, field_or_text",
    [
        ({"kind": "dissolve", "date": "2025-03-01"}, "không còn đơn vị chủ trì"),
        ({"kind": "split", "targets": ["OTHER"], "date": "2025-03-01"}, "chưa được chọn đơn vị nhận"),
        ({"kind": "merge", "sources": [], "date": "2025-03-01"}, "sources"),
        ({"kind": "rename", "name": "Sở Y tế", "date": "2025-03-01"}, "Đã có đơn vị tên"),
        ({"kind": "dissolve", "successor": "OTHER", "date": "2019-12-31"}, "trước ngày đơn vị"),
    ],
)
def test_bad_operations_are_refused_in_json(client, office, own_unit, other_unit, body, field_or_text):
    Unit.objects.filter(pk=own_unit.pk).update(valid_from=date(2020, 1, 1))
    TaskFactory(lead_unit=own_unit)
    body = {
        k: ([other_unit.pk] if v == ["OTHER"] else other_unit.pk if v == "OTHER" else v)
        for k, v in body.items()
    }
    if body["kind"] != "merge":
        body["unit"] = own_unit.pk
    client.force_login(office)
    response = client.post("/api/v1/unit-changes/", body, content_type="application/json")
    assert response.status_code == 400
    payload = response.json()
    assert set(payload) == {"message", "errors"}
    assert field_or_text in str(payload)
    assert not UnitChange.objects.exists()
    assert Unit.objects.get(pk=own_unit.pk).valid_until is None


def test_an_ended_unit_cannot_lead_a_new_task_through_the_api(client, office, own_unit, other_unit, notice):
    client.force_login(office)
    client.post(
        "/api/v1/unit-changes/",
        {"kind": "merge", "sources": [own_unit.pk], "target": other_unit.pk, "date": "2025-03-01"},
        content_type="application/json",
    )
    response = client.post(
        "/api/v1/tasks/",
        {"document": notice.pk, "content": "Việc mới", "lead_unit": own_unit.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and set(response.json()) == {"message", "errors"}
    assert "lead_unit" in response.json()["errors"]
    assert not Task.objects.filter(content="Việc mới").exists()
