"""Plan 145/KH-UBND (seed 002) entered fully; its totals, computed through the API, equal its text."""

from directives.models import Task
from kpis.models import KpiTarget
from plans.choices import BudgetKind

EXPECTED = {
    "investment": {
        "total_investment": 177510,
        "central": 50000,
        "local": 121892,
        "disbursed_prior": 26200,
        "allocated": 64900,
    },
    "recurring": {"total": 53325},
    "grand_total": 118225,
}


def test_budget_totals_through_the_api_equal_the_plan_text(plan_145, api, committee):
    response = api(committee).get(f"/api/v1/plans/{plan_145.pk}/budget/")
    assert response.status_code == 200
    assert response.json() == EXPECTED
    assert '"total_investment":177510' in response.content.decode()  # JSON numbers, exact


def test_budget_breakdown_through_the_api(plan_145, api, committee):
    data = api(committee).get(f"/api/v1/plans/{plan_145.pk}/budget-breakdown/").json()
    assert sum(row["total"] for row in data["per_pillar"]) == 118225
    assert sum(row["total"] for row in data["per_unit"]) == 118225
    assert {row["source"]: row["total"] for row in data["per_source"]} == {
        "central": 50000,
        "local": 121892,
        "recurring": 53325,
    }
    tttt = next(row for row in data["per_unit"] if row["unit"] == "Sở TTTT")
    assert (tttt["investment"], tttt["recurring"]) == (39900, 11047)
    assert data["disbursement"] == {"budget": 118225, "disbursed": 0, "rate": 0}


def test_budget_lines_and_merged_investor_cells(plan_145):
    lines = plan_145.budget_lines.select_related("unit").order_by("kind", "position")
    investment = [line for line in lines if line.kind == BudgetKind.INVESTMENT]
    recurring = [line for line in lines if line.kind == BudgetKind.RECURRING]
    assert len(investment) == 8 and len(recurring) == 20
    assert [line.unit.code for line in investment] == ["so-tttt"] * 4 + ["so-tnmt"] * 3 + ["so-gddt"]
    # an empty cell is not a zero: row 3 has no NSĐP and no disbursement; row 8 disbursed "0"
    assert investment[2].local is None and investment[2].disbursed_prior is None
    assert investment[7].disbursed_prior == 0
    assert recurring[9].unit.code == "vp-ubnd-dt"
    assert recurring[18].unit_text.startswith("Các đơn vị sử dụng")


def test_document_header_and_legal_bases(plan_145):
    document = plan_145.document
    assert document.code == "145/KH-UBND"
    assert document.issue_date.isoformat() == "2022-04-25"
    assert document.signer == "Huỳnh Minh Tuấn"
    assert document.issuing_unit.code == "ubnd-dt"
    codes = [link.document.code for link in plan_145.legal_basis_links.select_related("document")]
    assert len(codes) == 24
    assert codes[0] == "85/2016/NĐ-CP"
    assert "195-KH/TU" in codes and "59/KH-UBND" in codes
    assert plan_145.reporting_deadline.isoformat() == "2022-12-05"


def test_targets_of_section_i2(plan_145):
    top = KpiTarget.objects.filter(plan=plan_145, parent__isnull=True)
    assert top.count() == 22
    by_pillar = {
        p: top.filter(pillar=p).count() for p in ["digital_government", "digital_economy", "digital_society"]
    }
    assert by_pillar == {"digital_government": 14, "digital_economy": 5, "digital_society": 3}
    website = top.get(code="I.2.c.3")
    assert (website.comparison, website.target_value, website.target_max) == ("range", 10, 30)
    per_unit = top.get(code="I.2.a.11")
    assert per_unit.scope == "per_unit"
    children = per_unit.unit_targets.select_related("responsible_unit")
    assert {c.target_value for c in children if c.responsible_unit.kind == "department"} == {1}
    assert {c.target_value for c in children if c.responsible_unit.kind == "district"} == {2}
    assert children.filter(responsible_unit__kind="district").count() == 12


def test_section_iv_tasks(plan_145):
    tasks = Task.objects.filter(document=plan_145.document)
    assert tasks.filter(lead_unit__code="so-tttt", item__startswith="IV.1.").count() == 7
    assert tasks.get(item="IV.2").lead_unit.code == "so-khdt"
    assert set(tasks.get(item="IV.2").coordinating_units.values_list("code", flat=True)) == {
        "so-tttt",
        "so-taichinh",
    }
    assert tasks.get(item="IV.5").lead_unit.code == "so-khcn"
    assert tasks.filter(item="IV.6.1", lead_unit__kind="district").count() == 12


def test_demo_loader_is_idempotent(db, settings):
    from dtsystem.core import demo
    from kpis.models import KpiMeasurement
    from plans.models import Disbursement

    settings.DEBUG = True
    first = demo.load_all()
    counts = (
        Task.objects.count(),
        KpiTarget.objects.count(),
        KpiMeasurement.objects.count(),
        Disbursement.objects.count(),
    )
    second = demo.load_all()
    assert first["plans_created"] == 1 and second["plans_created"] == 0
    assert counts == (
        Task.objects.count(),
        KpiTarget.objects.count(),
        KpiMeasurement.objects.count(),
        Disbursement.objects.count(),
    )
    assert counts[2] > 10 and counts[3] > 3
