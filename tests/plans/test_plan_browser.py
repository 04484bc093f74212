"""Browser: a unit lead opens plan 145/KH-UBND, reads the budget tab, enters a KPI measurement, and
sees the new attainment on the plan page."""

import os

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_reads_budget_and_enters_a_measurement(page, live_server, demo_data):  # noqa: F811
    from kpis.models import KpiTarget
    from plans.models import Plan

    plan = Plan.objects.get(document__source_key="kh-145-2022")
    target = KpiTarget.objects.get(
        plan=plan, code="I.2.a.9", parent__isnull=True
    )  # dữ liệu mở ≥ 50 %, Sở TTTT
    login(page, live_server, "lead_tttt")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_role("tab", name="Kinh phí").click()
    total = page.locator("[data-total=grand_total]")
    total.wait_for(state="visible")
    assert total.inner_text() == "118.225"
    page.wait_for_timeout(300)  # the tab's fade-in
    if os.environ.get("DT_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["DT_SCREENSHOTS"], "plan-budget.png"), full_page=True)
    page.get_by_role("tab", name="Mục tiêu và chỉ tiêu").click()
    page.locator(f"a[href='/kpis/targets/{target.pk}/measure/']").click()
    page.fill("#id_period", "2022-Q3")
    page.fill("#id_value", "50")
    page.get_by_role("button", name="Lưu số liệu").click()
    page.wait_for_url(f"**/plans/{plan.pk}/?tab=kpis")
    row = page.locator("tr", has_text=target.text[:40])
    assert "Đạt" in row.inner_text()
    if os.environ.get("DT_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["DT_SCREENSHOTS"], "plan-kpis.png"), full_page=False)
