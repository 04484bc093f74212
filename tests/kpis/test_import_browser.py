"""Browser: the office imports a KPI measurement file with a bad row, sees the error, fixes the file,
imports it, and the plan page shows the new attainment."""

import pytest
import tablib

from kpis.resources import MEASUREMENT_COLUMNS
from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(tmp_path, name, value):
    rows = [
        ("145/KH-UBND", "I.2.a.9", "", "2022-Q3", value, "", "Số liệu Cổng dữ liệu mở"),
        ("145/KH-UBND", "I.2.a.11", "Sở Giáo dục và Đào tạo", "2022-Q3", 1, "", "Trường học số"),
    ]
    path = tmp_path / name
    path.write_bytes(tablib.Dataset(*rows, headers=MEASUREMENT_COLUMNS).xlsx)
    return str(path)


def test_office_fixes_a_bad_row_and_imports(page, live_server, demo_data, tmp_path):  # noqa: F811
    from kpis.models import KpiTarget
    from plans.models import Plan

    plan = Plan.objects.get(document__source_key="kh-145-2022")
    target = KpiTarget.objects.get(plan=plan, code="I.2.a.9", parent__isnull=True)
    login(page, live_server, "office")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    row = page.locator("tr", has_text=target.text[:40])
    assert "Chưa có số liệu" in row.inner_text()
    page.get_by_role("link", name="Nhập số liệu từ Excel").click()
    page.set_input_files("input[type=file]", _file(tmp_path, "loi.xlsx", "năm mươi"))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    errors = page.locator("#import-errors")
    assert "chưa lưu dòng nào" in errors.inner_text()
    assert "2" in page.locator("tr.import-error td").first.inner_text()  # row 2 of the sheet
    assert "Giá trị" in page.locator("tr.import-error").first.inner_text()
    page.set_input_files("input[type=file]", _file(tmp_path, "dung.xlsx", "55,5"))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url(f"**/plans/{plan.pk}/?tab=kpis")
    assert "Đã nhập 2 số liệu mới" in page.content()
    row = page.locator("tr", has_text=target.text[:40])
    assert "Đạt" in row.inner_text() and "55,5" in row.inner_text()
