"""The reorganisation pages: form → preview listing what moves → confirm; refusals in Vietnamese with
nothing saved; the unit page's history."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from directives.models import Task
from dtsystem.units.models import Unit, UnitChange
from tests.directives.factories import TaskFactory
from tests.factories import UnitFactory


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 1, 15), tick=False):
        yield


def url(kind):
    return reverse("units:reorganise_operation", args=[kind])


def test_split_preview_asks_a_choice_per_task_then_confirms(client, office, own_unit, other_unit):
    client.force_login(office)
    b = UnitFactory(name="Sở Nhận Một")
    a_task, b_task = TaskFactory(lead_unit=own_unit), TaskFactory(lead_unit=own_unit)
    base = {"unit": own_unit.pk, "targets": [b.pk, other_unit.pk], "date": "2025-07-01"}
    response = client.post(url("split"), {**base, "preview": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "chưa được chọn đơn vị nhận" in html and f'name="task_{a_task.pk}"' in html
    assert 'name="confirm" value="1" disabled' in html
    choices = {f"task_{a_task.pk}": b.pk, f"task_{b_task.pk}": other_unit.pk}
    response = client.post(url("split"), {**base, **choices, "preview": "1"})
    assert response.status_code == 200 and "Những gì sẽ chuyển" in response.content.decode()
    assert not UnitChange.objects.exists()
    response = client.post(url("split"), {**base, **choices, "confirm": "1"})
    change = UnitChange.objects.get()
    assert response.status_code == 302 and response.url == reverse("units:change_detail", args=[change.pk])
    assert (
        Task.objects.get(pk=a_task.pk).lead_unit == b
        and Task.objects.get(pk=b_task.pk).lead_unit == other_unit
    )
    page = client.get(response.url).content.decode()
    assert "Chia tách" in page and "Sở Nhận Một" in page


def test_split_confirm_without_every_choice_is_refused(client, office, own_unit, other_unit):
    client.force_login(office)
    TaskFactory(lead_unit=own_unit)
    data = {"unit": own_unit.pk, "targets": [other_unit.pk], "date": "2025-07-01", "confirm": "1"}
    response = client.post(url("split"), data)
    assert response.status_code == 400 and "chưa được chọn đơn vị nhận" in response.content.decode()
    assert not UnitChange.objects.exists() and Unit.objects.get(pk=own_unit.pk).is_active


def test_merge_dated_before_the_unit_existed(client, office, own_unit, other_unit):
    Unit.objects.filter(pk=own_unit.pk).update(valid_from=date(2025, 6, 1))
    client.force_login(office)
    data = {"sources": [own_unit.pk], "target": other_unit.pk, "date": "2025-03-01", "confirm": "1"}
    response = client.post(url("merge"), data)
    assert response.status_code == 400
    assert "trước ngày đơn vị “Sở Thông tin và Truyền thông” bắt đầu hoạt động" in response.content.decode()
    assert not UnitChange.objects.exists()


def test_merge_needs_a_target_or_a_new_name(client, office, own_unit):
    client.force_login(office)
    response = client.post(url("merge"), {"sources": [own_unit.pk], "date": "2025-03-01", "preview": "1"})
    assert response.status_code == 400
    assert "Chọn đơn vị nhận hoặc nhập tên đơn vị mới." in response.content.decode()


def test_rename_to_an_existing_name(client, office, own_unit, other_unit):
    client.force_login(office)
    data = {"unit": own_unit.pk, "name": "Sở Y tế", "date": "2025-03-01", "confirm": "1"}
    response = client.post(url("rename"), data)
    assert response.status_code == 400 and "Đã có đơn vị tên “Sở Y tế”." in response.content.decode()
    assert Unit.objects.get(pk=own_unit.pk).name == "Sở Thông tin và Truyền thông"


def test_dissolve_leaving_a_task_without_lead(client, office, own_unit):
    client.force_login(office)
    TaskFactory(lead_unit=own_unit)
    response = client.post(url("dissolve"), {"unit": own_unit.pk, "date": "2025-03-01", "confirm": "1"})
    assert response.status_code == 400 and "không còn đơn vị chủ trì" in response.content.decode()
    assert not UnitChange.objects.exists()


def test_ended_units_are_not_offered(client, office, own_unit, other_unit):
    client.force_login(office)
    client.post(
        url("merge"),
        {"sources": [own_unit.pk], "target": other_unit.pk, "date": "2025-03-01", "confirm": "1"},
    )
    form = client.get(url("merge")).content.decode()
    assert f'value="{other_unit.pk}"' in form and f'value="{own_unit.pk}"' not in form


def test_unit_page_shows_its_history(client, office, lead, own_unit, other_unit):
    client.force_login(office)
    client.post(
        url("merge"),
        {
            "sources": [own_unit.pk],
            "target": other_unit.pk,
            "date": "2025-03-01",
            "note": "Nghị quyết thử",
            "confirm": "1",
        },
    )
    client.force_login(lead)
    old = client.get(reverse("units:unit_detail", args=[own_unit.pk])).content.decode()
    assert "Đã hết hiệu lực" in old and "28/02/2025" in old and "Sở Y tế" in old and "Nghị quyết thử" in old
    new = client.get(reverse("units:unit_detail", args=[other_unit.pk])).content.decode()
    assert "Kế thừa từ:" in new and "Sở Thông tin và Truyền thông" in new


def _changes(n, office):
    from dtsystem.units import reorganisation

    for _ in range(n):
        a, b = UnitFactory(), UnitFactory()
        reorganisation.units_merge(user=office, sources=[a], target=b, date=date(2025, 3, 1))


@pytest.mark.parametrize("n", [1, 8])
def test_change_list_and_unit_page_queries_do_not_grow(
    client, office, own_unit, n, django_assert_num_queries
):
    _changes(n, office)
    for _ in range(n):
        change = UnitChange.objects.create(kind="move", date=date(2025, 1, 1))
        change.from_units.set([own_unit])
    client.force_login(office)
    client.get(reverse("units:change_list"))  # warm the session and the policy's caches
    with django_assert_num_queries(7):
        assert client.get(reverse("units:change_list")).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(reverse("units:unit_detail", args=[own_unit.pk])).status_code == 200
