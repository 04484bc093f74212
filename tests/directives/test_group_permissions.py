"""The permission matrix of group orders and forwarding (tests/support/permissions.py): the office confirms
a group order's children in one step and gives it to members added later; a lead unit's leader forwards
its own task down. The group order itself is seen by the province only (its members see their own task)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from directives import services
from directives.choices import TaskStatus
from directives.models import Task
from dtsystem.units.choices import UnitKind
from dtsystem.units.models import UnitGroup
from tests.factories import UnitFactory
from tests.support.directives import DIRECTIVE_MODELS
from tests.support.permissions import OFFICE, PermissionMatrix, page_and_api

DUE = date(2031, 6, 30)
NOT_PROVINCE = {"lead", "staff", "other_lead", "coord_lead"}  # may not see a group order: 404
FORWARDERS = {"lead", "admin"}  # the lead unit's leader (an administrator may do everything)


def _report_own_child(w):
    services.task_transition(task=w.own_child, user=w.personas["office"], to=TaskStatus.REPORTED_DONE)


def _join_group(w):
    w.group.units.add(w.newcomer)


def _forward_page_data(w):
    return {
        "parts-TOTAL_FORMS": "1",
        "parts-INITIAL_FORMS": "0",
        "parts-0-unit": str(w.division.pk),
        "parts-0-content": "Soạn dự thảo hướng dẫn",
        "parts-0-due_date": DUE.isoformat(),
    }


def _forwarded(w):
    return Task.objects.filter(parent=w.task, lead_unit=w.division, kind="forwarded").exists()


ACTIONS = (
    *page_and_api(
        "confirm children",
        "directives:task_children_confirm",
        "api:task-confirm-children",
        allowed=OFFICE,
        args=lambda w: [w.parent.pk],
        data=lambda w: {"children": [w.own_child.pk]},
        hidden=NOT_PROVINCE,
        setup=_report_own_child,
        effect=lambda w: Task.objects.get(pk=w.own_child.pk).status == TaskStatus.DONE,
    ),
    *page_and_api(
        "add members",
        "directives:task_group_add_members",
        "api:task-add-members",
        allowed=OFFICE,
        args=lambda w: [w.parent.pk],
        data=lambda w: {"units": [w.newcomer.pk]},
        hidden=NOT_PROVINCE,
        setup=_join_group,
        api_success=201,
        effect=lambda w: w.parent.children.filter(lead_unit=w.newcomer).exists(),
    ),
    *page_and_api(
        "forward",
        "directives:task_forward",
        "api:task-forward",
        allowed=FORWARDERS,
        args=lambda w: [w.task.pk],
        data=_forward_page_data,
        api_data=lambda w: {
            "parts": [{"unit": w.division.pk, "content": "Khảo sát", "due_date": DUE.isoformat()}]
        },
        hidden={"other_lead"},
        api_success=201,
        effect=_forwarded,
    ),
)


class TestGroupOrderWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (*DIRECTIVE_MODELS, UnitGroup.units.through)

    @pytest.fixture
    def world(self, office, notice, own_unit, coord_unit, other_unit):
        group = UnitGroup.objects.create(name="Tổ công tác", membership_kind="by_list")
        group.units.add(own_unit, coord_unit)
        parent = services.task_create_for_group(
            user=office, document=notice, unit_group=group, content="Rà soát dữ liệu", due_date=DUE
        )
        task = services.task_create(
            user=office,
            document=notice,
            content="Triển khai nền tảng",
            lead_unit=own_unit,
            coordinating_units=[coord_unit],
            due_date=DUE,
        )
        return SimpleNamespace(
            group=group,
            parent=parent,
            own_child=parent.children.get(lead_unit=own_unit),
            newcomer=UnitFactory(name="Sở Tư pháp", kind=UnitKind.DEPARTMENT),
            task=task,
            division=UnitFactory(name="Phòng Công nghệ thông tin", kind=UnitKind.OTHER, parent=own_unit),
        )
