"""An office clerk saves the orders of a notice addressed to "các sở, ban, ngành" and "UBND các xã,
phường" without inventing a lead unit: each row is given to a unit group, each member unit gets its own
task, the group order's page lists them, and a department's lead finds its own task."""

import re
from datetime import date

import pytest

from tests.support.browser import login
from tests.support.world import standard_unit_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_orders_to_groups_are_saved_without_a_lead(browser, page, live_server, settings, tmp_path):
    from directives.models import Document
    from dtsystem.core import demo
    from dtsystem.units.choices import UnitKind
    from dtsystem.units.models import Unit, UnitGroup

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    demo.load_all()
    standard_unit_groups()  # a flushed database (transaction=True) no longer has the migration's groups
    for n, name in enumerate(["Phường Mỹ Tho", "Xã Tân Phước", "Phường Cao Lãnh"]):
        Unit.objects.create(code=f"thu-xa-{n}", name=f"UBND {name}", short_name=name, kind=UnitKind.COMMUNE)
    departments = Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True).count()
    year = date.today().year + 1

    login(page, live_server, "office")
    page.goto(f"{live_server.url}/documents/new/")
    page.fill("#id_number", "88")
    page.fill("#id_symbol", "TB-VPUBND")
    issuing = page.locator("[data-unit-picker]", has=page.locator("#id_issuing_unit"))
    issuing.locator(".unit-filter").fill("vp ubnd tinh")  # the issuing body is required for a notice
    assert page.input_value("#id_issuing_unit") == str(Unit.objects.get(code="vp-ubnd-dt").pk)
    page.fill("#id_issue_year", str(year - 1))
    page.fill("#id_title", "Kết luận về chuyển đổi số cấp xã")

    first = page.locator("#task-row-tasks-0")
    first.locator("[name='tasks-0-item']").fill("1")
    first.locator("[name='tasks-0-content']").fill("Rà soát, cập nhật dữ liệu dùng chung của ngành")
    first.locator("[name='tasks-0-unit_group']").select_option(label="Các sở, ban, ngành tỉnh")
    first.locator("[name='tasks-0-deadline_text']").fill(f"trước ngày 30 tháng 6 năm {year}")

    page.click("#add-task-row")
    second = page.locator("#task-row-tasks-1")
    second.wait_for()
    second.locator("[name='tasks-1-item']").fill("2")
    second.locator("[name='tasks-1-content']").fill("Triển khai tổ công nghệ số cộng đồng")
    second.locator("[name='tasks-1-unit_group']").select_option(label="UBND các xã, phường")
    second.locator("[name='tasks-1-deadline_text']").fill(f"trong Quý III năm {year}")

    page.click("#document-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/documents/\d+/$"))
    assert "Đã tạo văn bản 88/TB-VPUBND với 2 nhiệm vụ." in page.inner_text("body")

    document = Document.objects.get(number="88")
    parents = list(document.tasks.filter(parent__isnull=True).order_by("position"))
    assert [(p.kind, p.lead_unit_id, p.unit_group.key) for p in parents] == [
        ("group", None, "departments"),
        ("group", None, "communes"),
    ]
    assert parents[0].children.count() == departments
    assert parents[1].children.count() == 3
    assert parents[1].children.filter(due_date=date(year, 9, 30)).count() == 3

    # The document page lists the two orders, each with its group and member count.
    body = page.inner_text("main")
    assert "Các sở, ban, ngành tỉnh" in body and "UBND các xã, phường" in body

    # The group order's page: the children's table, one row per commune.
    page.goto(f"{live_server.url}/tasks/{parents[1].pk}/")
    rows = page.locator("#children .child-row")
    assert rows.count() == 3
    assert "UBND Phường Mỹ Tho" in page.inner_text("#children")
    assert "0/3 hoàn thành" in page.inner_text("#children")
    page.screenshot(path=str(tmp_path / "group-order.png"), full_page=True)

    # A department's lead finds its own task, not the group order.
    lead = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}).new_page()
    login(lead, live_server, "lead_tttt")
    own = parents[0].children.get(lead_unit__code="so-tttt")
    lead.goto(f"{live_server.url}/my-tasks/")
    assert lead.locator(f"#my-task-{own.pk}").count() == 1
    response = lead.goto(f"{live_server.url}/tasks/{parents[0].pk}/")
    assert response.status == 404
    assert UnitGroup.objects.get(key="departments").tasks.count() == 1
