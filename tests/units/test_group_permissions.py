"""The permission matrix of unit groups (tests/support/permissions.py): every signed-in user reads the
groups (page and API); only the office creates, edits and removes them."""

from types import SimpleNamespace

import pytest

from dtsystem.units.models import Unit, UnitGroup
from tests.support.permissions import OFFICE, SIGNED_IN, Action, PermissionMatrix


def _renamed(name):
    return lambda w: UnitGroup.objects.get(pk=w.group.pk).name == name


ACTIONS = (
    Action("group list page", "units:group_list", SIGNED_IN, method="get"),
    Action("group form page", "units:group_create", OFFICE, method="get"),
    Action(
        "create group (page)",
        "units:group_create",
        OFFICE,
        data=lambda w: {
            "name": "Nhóm chuyển đổi số",
            "membership_kind": "by_list",
            "units": [w.unit.pk],
            "is_active": "on",
        },
        effect=lambda w: UnitGroup.objects.filter(name="Nhóm chuyển đổi số", units=w.unit).exists(),
    ),
    Action(
        "edit group (page)",
        "units:group_edit",
        OFFICE,
        args=lambda w: [w.group.pk],
        data=lambda w: {
            "name": "Tổ công tác",
            "membership_kind": "by_list",
            "units": [w.unit.pk],
            "is_active": "on",
        },
        effect=_renamed("Tổ công tác"),
    ),
    Action("groups API", "api:unit-group-list", SIGNED_IN, method="get"),
    Action("group API", "api:unit-group-detail", SIGNED_IN, method="get", args=lambda w: [w.group.pk]),
    Action(
        "create group (API)",
        "api:unit-group-list",
        OFFICE,
        data={"name": "Các sở chuyên ngành", "membership_kind": "by_kind", "unit_kind": "department"},
        success=201,
        effect=lambda w: UnitGroup.objects.filter(name="Các sở chuyên ngành").exists(),
    ),
    Action(
        "replace group (API)",
        "api:unit-group-detail",
        OFFICE,
        method="put",
        args=lambda w: [w.group.pk],
        data=lambda w: {"name": "Tổ đặc biệt", "membership_kind": "by_list", "units": [w.unit.pk]},
        effect=_renamed("Tổ đặc biệt"),
    ),
    Action(
        "edit group (API)",
        "api:unit-group-detail",
        OFFICE,
        method="patch",
        args=lambda w: [w.group.pk],
        data={"name": "Tổ thường trực"},
        effect=_renamed("Tổ thường trực"),
    ),
    Action(
        "delete group (API)",
        "api:unit-group-detail",
        OFFICE,
        method="delete",
        args=lambda w: [w.group.pk],
        success=204,
        effect=lambda w: not UnitGroup.objects.filter(pk=w.group.pk).exists(),
    ),
)


class TestUnitGroupWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (UnitGroup, UnitGroup.units.through, Unit)

    @pytest.fixture
    def world(self, own_unit):
        group = UnitGroup.objects.create(name="Tổ giúp việc", membership_kind="by_list")
        group.units.add(own_unit)
        return SimpleNamespace(unit=own_unit, group=group)
