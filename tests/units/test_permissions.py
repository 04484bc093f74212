"""The permission matrix of units (tests/support/permissions.py): every signed-in user reads the units;
only the office imports them (administrators manage them in the admin; the API only reads)."""

from types import SimpleNamespace

import pytest

from dtsystem.units.models import Membership, Unit, UnitChange
from dtsystem.units.resources import COL_CODE, COL_KIND, COL_NAME, COL_SHORT, UNIT_COLUMNS
from tests.factories import UnitFactory
from tests.support.permissions import OFFICE, SIGNED_IN, Action, PermissionMatrix, upload_then_confirm

NEW_UNIT = {
    COL_CODE: "so-gtvt",
    COL_NAME: "Sở Giao thông vận tải",
    COL_SHORT: "Sở GTVT",
    COL_KIND: "Sở, ban, ngành",
}


ACTIONS = (
    Action("unit list", "units:unit_list", SIGNED_IN, method="get"),
    Action("unit search", "units:unit_search", SIGNED_IN, method="get", query="?q=y te"),
    Action("units export", "unit_imports:unit_export", SIGNED_IN, method="get", query="?format=csv"),
    Action("units API", "api:unit-list", SIGNED_IN, method="get"),
    Action(
        "import units",
        "unit_imports:unit_import",
        OFFICE,
        send=upload_then_confirm(UNIT_COLUMNS, lambda w: NEW_UNIT, name="don-vi.xlsx"),
        effect=lambda w: Unit.objects.filter(code="so-gtvt", short_name="Sở GTVT").exists(),
    ),
    Action("unit page", "units:unit_detail", SIGNED_IN, method="get", args=lambda w: [w.unit.pk]),
    Action("unit changes", "units:change_list", OFFICE, method="get"),
    Action("unit change page", "units:change_detail", OFFICE, method="get", args=lambda w: [w.change.pk]),
    Action("reorganise page", "units:reorganise", OFFICE, method="get"),
    Action("merge form", "units:reorganise_operation", OFFICE, method="get", args=lambda w: ["merge"]),
    Action(
        "merge preview (writes nothing)",
        "units:reorganise_operation",
        OFFICE,
        method="get",  # a POST that reads: the preview saves nothing
        args=lambda w: ["merge"],
        send=lambda client, w, url: client.post(
            url, {"sources": [w.old.pk], "target": w.new.pk, "date": "2025-03-01", "preview": "1"}
        ),
        answer=lambda w: "Những gì sẽ chuyển" in w.response.content.decode(),
    ),
    Action(
        "merge confirmed",
        "units:reorganise_operation",
        OFFICE,
        args=lambda w: ["merge"],
        data=lambda w: {"sources": [w.old.pk], "target": w.new.pk, "date": "2025-03-01", "confirm": "1"},
        effect=lambda w: Unit.objects.get(pk=w.old.pk).successor_id == w.new.pk,
    ),
    Action("unit changes API", "api:unit-change-list", OFFICE, method="get"),
    Action("unit change API", "api:unit-change-detail", OFFICE, method="get", args=lambda w: [w.change.pk]),
    Action(
        "merge through the API",
        "api:unit-change-list",
        OFFICE,
        data=lambda w: {"kind": "merge", "sources": [w.old.pk], "target": w.new.pk, "date": "2025-03-01"},
        success=201,
        effect=lambda w: Unit.objects.get(pk=w.old.pk).successor_id == w.new.pk,
    ),
)


class TestUnitWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (Unit, Membership, UnitChange)

    @pytest.fixture
    def world(self, own_unit):
        change = UnitChange.objects.create(kind="rename", date="2024-01-01", note="Thử")
        change.from_units.set([own_unit])
        return SimpleNamespace(unit=own_unit, change=change, old=UnitFactory(), new=UnitFactory())
