import pytest

from directives import services


@pytest.fixture
def make_task(office, notice, own_unit, coord_unit):
    def make(**fields):
        fields.setdefault("content", "Hoàn chỉnh đề xuất chuyển đổi số")
        fields.setdefault("lead_unit", own_unit)
        fields.setdefault("coordinating_units", [coord_unit])
        return services.task_create(user=office, document=notice, **fields)

    return make


@pytest.fixture
def task(make_task):
    return make_task(item="4.a", deadline_text="trước ngày 25 tháng 01 năm 2022")
