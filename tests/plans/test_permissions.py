"""The permission matrix of plans (tests/support/permissions.py): every signed-in user reads plans and
budgets; only the office records a disbursement (page and API) and imports budget lines."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from plans.models import BudgetLine, Disbursement, Plan
from plans.resources import BUDGET_COLUMNS, COL_AMOUNT, COL_ITEM, COL_KIND, COL_NAME, COL_PLAN, COL_UNIT
from tests.support.permissions import OFFICE, SIGNED_IN, Action, PermissionMatrix, upload_then_confirm
from tests.support.world import make_line, make_plan


def _line(w):
    return [w.line.pk]


def _plan(w):
    return [w.plan.pk]


def _disbursed(w):
    return Disbursement.objects.filter(budget_line=w.line, amount=Decimal("250")).exists()


def _disburse(name: str, route: str, amount, **options) -> Action:
    """Record 250 million VND on the line, by the page (Vietnamese number) or the API (JSON number)."""
    data = {"date": "2022-06-30", "amount": amount}
    return Action(name, route, OFFICE, args=_line, data=data, effect=_disbursed, **options)


NEW_LINE = {
    COL_KIND: "Vốn sự nghiệp",
    COL_ITEM: "21",
    COL_NAME: "Thuê chữ ký số",
    COL_AMOUNT: "1.250,5",
    COL_UNIT: "Sở TT&TT",
}


ACTIONS = (
    Action("plan list", "plans:plan_list", SIGNED_IN, method="get"),
    Action("plan page", "plans:plan_detail", SIGNED_IN, method="get", args=_plan, query="?tab=budget"),
    Action("plans API", "api:plan-list", SIGNED_IN, method="get"),
    Action("plan budget API", "api:plan-budget", SIGNED_IN, method="get", args=_plan),
    Action("budget lines API", "api:budget-line-list", SIGNED_IN, method="get"),
    Action("budget export", "plans:budget_line_export", SIGNED_IN, method="get", query="?format=csv"),
    Action("disbursement form", "plans:disbursement_create", OFFICE, method="get", args=_line),
    _disburse("record disbursement", "plans:disbursement_create", "250"),
    _disburse(
        "record disbursement API",
        "api:budget-line-disbursements",
        250,
        success=201,
        answer=lambda w: w.response.json()["amount"] == 250,
    ),
    Action(
        "import budget lines",
        "plans:budget_line_import",
        OFFICE,
        send=upload_then_confirm(
            BUDGET_COLUMNS,
            lambda w: {COL_PLAN: w.plan.document.code, **NEW_LINE},
            name="kinh-phi.xlsx",
            fields=lambda w: {"plan": w.plan.pk},
        ),
        effect=lambda w: BudgetLine.objects.filter(plan=w.plan, item="21", amount=Decimal("1250.5")).exists(),
    ),
)


class TestPlanWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (Plan, BudgetLine, Disbursement)

    @pytest.fixture
    def world(self, own_unit):
        plan = make_plan()
        return SimpleNamespace(plan=plan, line=make_line(plan, unit=own_unit, allocated=Decimal("1000")))
