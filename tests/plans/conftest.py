"""Plan fixtures: plan 145/KH-UBND from fixtures/plans/ (seed 002), and small hand-made plans."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from directives.models import Document
from plans.models import BudgetLine, Plan


@pytest.fixture
def units_loaded(office_unit, own_unit, other_unit, committee_unit):
    """The province's units (fixtures/units.json) next to the persona units (same codes are updated)."""
    from dtsystem.units.demo import load_units

    load_units()


@pytest.fixture
def plan_145(units_loaded, office):
    from plans.demo import plan_fixture
    from plans.services import plan_create_from_fixture

    raw, body = plan_fixture("kh-145-2022")
    return plan_create_from_fixture(user=office, raw=raw, body=body, source_key="kh-145-2022")


def make_plan(*, number: str = "1", year: int = 2022) -> Plan:
    document = Document.objects.create(
        kind="KH", number=number, symbol="KH-UBND", issue_year=year, title=f"Kế hoạch thử {number}"
    )
    return Plan.objects.create(document=document, year=year)


def make_line(plan: Plan, *, kind: str = "investment", item: str = "1", unit=None, **amounts) -> BudgetLine:
    if kind == "investment":
        amounts.setdefault("allocated", Decimal("100"))
    else:
        amounts.setdefault("amount", Decimal("100"))
    return BudgetLine.objects.create(
        plan=plan, kind=kind, item=item, name=f"Dòng {item}", unit=unit, **amounts
    )


@pytest.fixture
def api():
    def client_for(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
