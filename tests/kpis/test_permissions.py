"""The permission matrix of KPIs (tests/support/permissions.py): the target's responsible unit (its lead
and staff) and the office record a measurement, by page and by API; only the office imports targets
and measurements; every signed-in user reads them."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from kpis.models import KpiMeasurement, KpiTarget
from kpis.resources import (
    COL_CODE,
    COL_COMPARISON,
    COL_MEASURE,
    COL_PERIOD,
    COL_PILLAR,
    COL_PLAN,
    COL_TARGET,
    COL_TEXT,
    COL_VALUE,
    MEASUREMENT_COLUMNS,
    TARGET_COLUMNS,
)
from tests.support.permissions import OFFICE, SIGNED_IN, Action, PermissionMatrix, upload_then_confirm
from tests.support.world import make_line

MEASURE = OFFICE | {"lead", "staff"}  # the responsible unit's members, and the office


def _target(w):
    return [w.target.pk]


def _measured(w):
    measurement = KpiMeasurement.objects.filter(target=w.target, period="2022-Q3").first()
    return (
        measurement is not None and measurement.value == Decimal("31.5") and measurement.entered_by == w.actor
    )


def _measure(name: str, route: str, value: str, **options) -> Action:
    """Record 31.5 for 2022-Q3, by the page (Vietnamese number) or the API."""
    data = {"period": "2022-Q3", "value": value}
    return Action(name, route, MEASURE, args=_target, data=data, effect=_measured, **options)


def _import(name: str, route: str, columns: list[str], row: dict, effect) -> Action:
    """An import of one row into the target's plan, by the office."""
    send = upload_then_confirm(
        columns,
        lambda w: {COL_PLAN: w.target.plan.document.code, **row},
        name="chi-tieu.xlsx",
        fields=lambda w: {"plan": w.target.plan_id},
    )
    return Action(name, route, OFFICE, send=send, effect=effect)


NEW_TARGET = {
    COL_CODE: "I.2.b.6",
    COL_TEXT: "Hợp đồng điện tử",
    COL_MEASURE: "%",
    COL_COMPARISON: "≥",
    COL_PILLAR: "Kinh tế số",
    COL_TARGET: "60",
}
NEW_MEASUREMENT = {COL_CODE: "T.1", COL_PERIOD: "2022-Q3", COL_VALUE: 18}


ACTIONS = (
    Action("targets API", "api:kpi-list", SIGNED_IN, method="get"),
    Action("targets export", "kpis:target_export", SIGNED_IN, method="get", query="?format=csv"),
    Action("measurements export", "kpis:measurement_export", SIGNED_IN, method="get", query="?format=csv"),
    Action("measurement form", "kpis:measurement_create", MEASURE, method="get", args=_target),
    _measure("record measurement", "kpis:measurement_create", "31,5"),
    _measure(
        "record measurement API",
        "api:kpi-measurements",
        "31.5",
        success=201,
        answer=lambda w: (
            w.response.json()["attainment_status"] == "achieved" and w.response.json()["latest_value"] == 31.5
        ),
    ),
    _import(
        "import targets",
        "kpis:target_import",
        TARGET_COLUMNS,
        NEW_TARGET,
        lambda w: KpiTarget.objects.filter(code="I.2.b.6", target_value=Decimal("60")).exists(),
    ),
    _import(
        "import measurements",
        "kpis:measurement_import",
        MEASUREMENT_COLUMNS,
        NEW_MEASUREMENT,
        lambda w: KpiMeasurement.objects.filter(target=w.target, value=Decimal("18")).exists(),
    ),
)


class TestKpiWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (KpiTarget, KpiMeasurement)
    reads = {
        "kpis:evidence_download": "a measurement's evidence file: reads only (KPIs are open to every signed-in user)",
    }

    @pytest.fixture
    def world(self, make_target, own_unit):
        target = make_target("at_least", 30, code="T.1", unit_of_measure="percent", responsible_unit=own_unit)
        return SimpleNamespace(target=target)


@pytest.mark.parametrize("persona", ["office", "lead", "staff", "other_lead", "committee", "anonymous"])
def test_reading_is_open_to_signed_in_users(persona, personas, make_target, own_unit, plan, api):
    make_target("at_least", 30, unit_of_measure="percent", responsible_unit=own_unit)
    line = make_line(plan, unit=own_unit, allocated=Decimal("1000"))
    for url in [
        "/api/v1/plans/",
        "/api/v1/kpis/",
        "/api/v1/budget-lines/",
        f"/api/v1/plans/{line.plan_id}/budget/",
    ]:
        response = api(personas[persona]).get(url)
        assert response.status_code == (403 if persona == "anonymous" else 200), url  # session auth: 403
