"""Group orders and forwarding through the pages and the API: the document form takes a group instead of
a lead unit, the API creates group orders and shows `parent`/`children_count`, lists filter by issuer and
source kind, bad input is refused with a clear message, and the parent's page, the task list and the API
list run as many queries for a group of 100 units as for 10."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives import services
from directives.choices import Issuer, SourceKind, TaskStatus
from directives.models import Document, Task
from dtsystem.units.choices import GroupMembership, UnitKind
from dtsystem.units.models import UnitGroup
from tests.factories import UnitFactory
from tests.support.directives import document_post, task_row_data

DUE = date(2030, 6, 30)
TASKS = "/api/v1/tasks/"


@pytest.fixture
def listed_group(own_unit, coord_unit):
    group = UnitGroup.objects.create(name="Tổ công tác số", membership_kind=GroupMembership.BY_LIST)
    group.units.add(own_unit, coord_unit)
    return group


def _commune_group(n):
    for i in range(n):
        UnitFactory(code=f"xa-{n}-{i}", name=f"UBND xã Thử {n}-{i}", kind=UnitKind.COMMUNE)
    return UnitGroup.objects.get(key="communes")


# ------------------------------------------------------------------------------------------------ pages


def test_the_notice_form_saves_a_row_addressed_to_a_group(client, office, listed_group):
    client.force_login(office)
    data = document_post(
        1,
        **task_row_data(0, content="Báo cáo kết quả số hóa", unit_group=listed_group.pk, priority="2"),
    )
    response = client.post(reverse("directives:document_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    parent = Task.objects.get(parent__isnull=True)
    assert parent.unit_group == listed_group and parent.lead_unit is None
    assert parent.children.count() == 2


def test_the_notice_form_asks_for_a_lead_or_a_group(client, office, listed_group, own_unit):
    client.force_login(office)
    neither = document_post(1, **task_row_data(0, content="Việc chưa rõ ai làm", priority="2"))
    response = client.post(reverse("directives:document_create"), neither)
    assert response.status_code == 400
    assert "Hãy chọn đơn vị chủ trì hoặc một nhóm đơn vị." in response.content.decode()
    both = document_post(
        1,
        **task_row_data(0, content="Việc", lead_unit=own_unit.pk, unit_group=listed_group.pk, priority="2"),
    )
    response = client.post(reverse("directives:document_create"), both)
    assert response.status_code == 400
    assert "không chọn cả hai" in response.content.decode()
    assert not Document.objects.exists() and not Task.objects.exists()


def test_an_empty_group_on_the_form_is_a_clear_message_and_nothing_is_saved(client, office):
    empty = UnitGroup.objects.create(name="Nhóm chưa có ai", membership_kind=GroupMembership.BY_LIST)
    client.force_login(office)
    data = document_post(1, **task_row_data(0, content="Việc của nhóm", unit_group=empty.pk, priority="2"))
    response = client.post(reverse("directives:document_create"), data)
    assert response.status_code == 400
    assert "chưa có đơn vị thành viên nào" in response.content.decode()
    assert not Document.objects.exists() and not Task.objects.exists()


def test_the_forward_page_refuses_a_late_sub_deadline_with_its_message(
    client, lead, office, notice, own_unit
):
    task = services.task_create(
        user=office, document=notice, content="Việc", lead_unit=own_unit, due_date=DUE
    )
    division = UnitFactory(name="Phòng Thông tin", kind=UnitKind.OTHER, parent=own_unit)
    client.force_login(lead)
    response = client.post(
        reverse("directives:task_forward", args=[task.pk]),
        {
            "parts-TOTAL_FORMS": "1",
            "parts-INITIAL_FORMS": "0",
            "parts-0-unit": str(division.pk),
            "parts-0-due_date": "2030-07-01",
        },
    )
    assert response.status_code == 400
    assert "sau hạn của nhiệm vụ (30/06/2030)" in response.content.decode()
    assert not task.children.exists()


def test_the_task_list_filters_by_issuer_and_source_kind(client, office, notice, own_unit):
    services.task_create(
        user=office,
        document=notice,
        content="Việc do Phó Chủ tịch giao",
        lead_unit=own_unit,
        issuer=Issuer.VICE_CHAIRMAN,
        issuer_name="Trần Văn B",
        source_kind=SourceKind.DIRECTIVE,
    )
    services.task_create(user=office, document=notice, content="Việc theo văn bản", lead_unit=own_unit)
    client.force_login(office)
    page = client.get(
        reverse("directives:task_list"), {"issuer": "vice_chairman", "source_kind": "directive"}
    )
    body = page.content.decode()
    assert "Việc do Phó Chủ tịch giao" in body and "Việc theo văn bản" not in body
    api = client.get(TASKS, {"issuer_name": "trần văn"})
    assert [t["content"] for t in api.json()["results"]] == ["Việc do Phó Chủ tịch giao"]


# -------------------------------------------------------------------------------------------------- API


def test_the_api_creates_a_group_order_and_shows_parent_and_children_count(
    client, office, notice, listed_group
):
    client.force_login(office)
    response = client.post(
        TASKS,
        {
            "document": notice.pk,
            "content": "Cập nhật cơ sở dữ liệu",
            "unit_group": listed_group.pk,
            "due_date": "2030-06-30",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["lead_unit"] is None and body["parent"] is None and body["children_count"] == 2
    assert body["kind"] == "group" and body["unit_group"]["name"] == "Tổ công tác số"
    assert body["status"] == TaskStatus.NEW and body["timeliness"] == "on_track"
    children = client.get(TASKS, {"parent": body["id"]}).json()["results"]
    assert {c["parent"] for c in children} == {body["id"]} and len(children) == 2
    assert all(c["children_count"] == 0 and c["kind"] == "member" for c in children)


def test_the_api_refuses_an_empty_group_with_the_json_error(client, office, notice):
    empty = UnitGroup.objects.create(name="Nhóm trống", membership_kind=GroupMembership.BY_LIST)
    client.force_login(office)
    response = client.post(
        TASKS,
        {"document": notice.pk, "content": "Việc", "unit_group": empty.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors"} and "unit_group" in response.json()["errors"]
    assert not Task.objects.exists()


def test_the_api_refuses_forwarding_outside_the_lead_unit(client, lead, office, notice, own_unit, other_unit):
    task = services.task_create(
        user=office, document=notice, content="Việc", lead_unit=own_unit, due_date=DUE
    )
    client.force_login(lead)
    response = client.post(
        f"{TASKS}{task.pk}/forward/", {"parts": [{"unit": other_unit.pk}]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "parts" in response.json()["errors"]
    assert not task.children.exists()


def test_unit_groups_api_lists_member_counts(client, lead, listed_group):
    client.force_login(lead)
    rows = {g["name"]: g for g in client.get("/api/v1/unit-groups/").json()["results"]}
    assert rows["Tổ công tác số"]["member_count"] == 2
    assert rows["Các sở, ban, ngành tỉnh"]["membership_kind"] == "by_kind"


def test_a_group_in_use_is_not_deleted(client, office, notice, listed_group):
    services.task_create_for_group(user=office, document=notice, unit_group=listed_group, content="Việc")
    client.force_login(office)
    response = client.delete(f"/api/v1/unit-groups/{listed_group.pk}/")
    assert response.status_code == 409
    assert UnitGroup.objects.filter(pk=listed_group.pk).exists()


# ------------------------------------------------------------------------------------------ query counts


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view", ["parent page", "task list", "API list", "document page"])
def test_queries_do_not_grow_with_the_group(client, office, notice, view):
    client.force_login(office)
    counts = []
    for n in (10, 100):
        group = _commune_group(n) if n == 10 else UnitGroup.objects.get(key="communes")
        if n == 100:
            for i in range(90):
                UnitFactory(code=f"xa-more-{i}", name=f"UBND phường Thêm {i}", kind=UnitKind.COMMUNE)
        parent = services.task_create_for_group(
            user=office, document=notice, unit_group=group, content=f"Việc của {n} xã", due_date=DUE
        )
        assert parent.children.count() == n
        url, params = {
            "parent page": (reverse("directives:task_detail", args=[parent.pk]), {}),
            "task list": (reverse("directives:task_list"), {"q": f"viec cua {n} xa"}),
            "API list": (TASKS, {"parent": parent.pk}),
            "document page": (reverse("directives:document_detail", args=[notice.pk]), {}),
        }[view]
        counts.append(_queries(client, url, params))
    assert counts[0] == counts[1], counts
