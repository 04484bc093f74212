"""The permission matrix of units (tests/support/permissions.py): every signed-in user reads the units;
only the office imports them (administrators manage them in the admin; the API only reads)."""

from types import SimpleNamespace

import pytest

from dtsystem.units.models import Membership, Unit
from dtsystem.units.resources import COL_CODE, COL_KIND, COL_NAME, COL_SHORT, UNIT_COLUMNS
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
)


class TestUnitWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (Unit, Membership)

    @pytest.fixture
    def world(self, own_unit):
        return SimpleNamespace(unit=own_unit)
