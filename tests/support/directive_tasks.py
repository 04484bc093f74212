"""The directives' tasks as fixtures: `make_task` (a task of the notice, led by own_unit with coord_unit
coordinating, unless told otherwise) and `task` (one such task). Reached through conftest.py (directives,
clerk)."""

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
