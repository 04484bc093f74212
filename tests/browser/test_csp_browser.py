"""Issue 11, defect 13: there was no Content-Security-Policy. Every response now carries a strict one
(default-src 'self', no inline script or style, frame-ancestors 'none', form-action 'self', ...), and the
pages keep to it: headless Chromium opens every page of every role of the demo data, with a few of the
interactions that run JavaScript (htmx rows and swaps, unit pickers, tabs, charts, the language switcher,
"back" on an error page), and fails on any CSP violation (the `securitypolicyviolation` event and the
console), any JavaScript error, and any other console error. (Waits use selectors or functions: Playwright
evaluates a string predicate with eval, which the policy forbids.)"""

import pytest

from tests.support.browser import login
from tests.support.csp_watch import Watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = (
    "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
    "1. Giao Sở Thông tin và Truyền thông chủ trì, phối hợp Sở Y tế xây dựng kế hoạch chuyển đổi số năm 2022, "
    "hoàn thành trước ngày 25/01/2022.\n"
    "2. Sở Y tế triển khai hồ sơ sức khỏe điện tử trong tháng 3 năm 2022.\n"
)


@pytest.fixture
def world(live_server, settings):
    from directives.models import Document, ExtensionRequest, Task
    from dtsystem.core import demo
    from kpis.models import KpiTarget
    from plans.models import BudgetLine, Plan

    settings.DEBUG = True  # the demo's users are made only in DEBUG
    demo.load_all()
    settings.DEBUG = False  # the site's own error pages, not Django's technical ones
    notice = Document.objects.filter(kind="TB").order_by("pk").first()
    return {
        "notice": notice.pk,
        "tttt_task": Task.objects.filter(lead_unit__code="so-tttt", document=notice)
        .order_by("pk")
        .first()
        .pk,
        "yte_task": Task.objects.filter(lead_unit__short_name="Sở YT").order_by("pk").first().pk,
        "plan": Plan.objects.order_by("pk").first().pk,
        "line": BudgetLine.objects.order_by("pk").first().pk,
        "target": KpiTarget.objects.filter(responsible_unit__code="so-tttt").order_by("pk").first().pk,
        "extension": ExtensionRequest.objects.order_by("pk").first().task_id,
    }


def _common(w: Watch, ids: dict, task: int):
    """What every signed-in role opens: home, documents, tasks, plans (every tab), units, profile, the API's
    documentation, and the 404 page."""
    w.open("/")
    w.open("/documents/")
    w.open(f"/documents/{ids['notice']}/")
    with w.page.expect_navigation(url="**as_of=31%2F03%2F2022**"):
        # a date field (dd/mm/yyyy, the site's picker) that submits its form when changed (static/js/app.js)
        w.page.fill("#as_of", "31/03/2022")
        w.page.press("#as_of", "Tab")
    w.collect()
    w.open("/tasks/")
    w.open(f"/tasks/{task}/")
    w.open("/plans/")
    w.open(f"/plans/{ids['plan']}/")
    for tab in ("tasks", "budget", "legal", "kpis"):
        w.page.click(f"[data-bs-target='#tab-{tab}']")
        w.page.wait_for_selector(f"#tab-{tab}.active.show")
        w.collect()
    w.open(f"/plans/{ids['plan']}/?tab=budget")
    w.open("/units/")
    w.open("/accounts/profile/")
    w.open("/accounts/password/")
    w.open("/reminders/preferences/")
    w.open("/api/v1/docs/")
    w.page.wait_for_selector(".swagger-ui .opblock")
    w.collect()
    w.open("/khong-co-trang-nay/", status=404)


def signed_in(page, live_server, ids: dict, username: str, task: int) -> Watch:
    """A page under watch, signed in as `username`, after the pages every role opens."""
    w = Watch(page, live_server.url)
    login(page, live_server, username)
    _common(w, ids, task)
    return w


def _dashboard(w: Watch):
    w.open("/dashboard/")
    w.page.wait_for_selector("html[data-charts-ready]", state="attached")
    w.collect()


def _office_pages(w: Watch, ids: dict):
    w.open("/documents/new/")
    rows = w.page.locator("[data-task-row]").count()
    w.page.click("#add-task-row")  # htmx: a new row, swapped in
    w.page.locator("[data-task-row]").nth(rows).wait_for()
    w.page.locator(".unit-filter").first.fill("y te")
    w.page.locator("[name$='deadline_text']").first.fill("trước ngày 25/01/2022")
    w.page.locator("[name$='deadline_text']").first.blur()
    w.page.wait_for_timeout(400)
    w.collect()
    w.open(f"/documents/{ids['notice']}/edit/")
    w.open(f"/tasks/{ids['tttt_task']}/edit/")
    w.open("/approvals/")
    w.open("/reports/")
    w.open("/reminders/")
    w.open("/reminders/settings/")
    w.open(f"/kpis/targets/{ids['target']}/measure/")
    w.open(f"/plans/budget-lines/{ids['line']}/disburse/")
    for path in ("/tasks/import/", "/units/import/", "/plans/budget-lines/import/", "/kpis/import/"):
        w.open(path)
    w.open("/kpis/measurements/import/")
    w.open("/documents/assistant/")
    w.page.fill("#id_text", NOTICE)
    w.page.click("#assistant-input button[type=submit]")
    w.page.wait_for_selector("#assistant-review")
    w.collect()
    w.page.click("#assistant-review [data-action='add']")  # the review page's own script
    w.collect()
    _dashboard(w)


def test_office_pages_keep_to_the_policy(page, live_server, world):
    w = signed_in(page, live_server, world, "office", world["tttt_task"])
    _office_pages(w, world)
    w.check()


def test_admin_pages_and_django_admin_keep_to_the_policy(page, live_server, world):
    w = signed_in(page, live_server, world, "admin", world["tttt_task"])
    for path in (
        "/admin/",
        "/admin/directives/task/",
        f"/admin/directives/task/{world['tttt_task']}/change/",
        "/admin/units/unit/add/",
        "/admin/units/unit/",
        "/admin/axes/accessattempt/",
        "/admin/django_celery_beat/periodictask/add/",
    ):
        w.open(path)
    w.check()


def test_lead_pages_keep_to_the_policy(page, live_server, world):
    w = signed_in(page, live_server, world, "lead_tttt", world["tttt_task"])
    w.open("/my-tasks/")
    form = page.locator("form.quick-progress").first
    form.locator("input[name=percent]").fill("40")
    form.locator("input[name=note]").fill("Đã triển khai")
    form.locator("button[type=submit]").click()  # htmx swaps the card, with its progress bar
    page.wait_for_selector(".my-task-card .alert-success")
    w.collect()
    w.open(f"/kpis/targets/{world['target']}/measure/")
    _dashboard(w)
    w.open("/approvals/", status=403)
    w.check()


def test_lead_of_another_unit_pages_keep_to_the_policy(page, live_server, world):
    w = signed_in(page, live_server, world, "lead_yte", world["yte_task"])
    w.open("/my-tasks/")
    _dashboard(w)
    w.open(f"/tasks/{world['yte_task']}/edit/", status=403)  # its own task, but the office edits it
    w.open(f"/tasks/{world['tttt_task']}/", status=404)  # another unit's task
    w.open("/tasks/")
    w.open("/khong-co-trang-nay/", status=404)
    page.click("[data-history-back]")  # back to the task list (static/js/app.js)
    page.wait_for_url(f"{live_server.url}/tasks/")
    w.collect()
    w.check()


def test_committee_pages_keep_to_the_policy(page, live_server, world):
    w = signed_in(page, live_server, world, "committee", world["tttt_task"])
    _dashboard(w)
    w.open("/reports/")
    w.open(f"/tasks/{world['tttt_task']}/edit/", status=403)
    page.select_option("select[name=language]", "en")  # the language switcher submits itself
    page.wait_for_selector("html[lang=en]", state="attached")
    w.collect()
    w.check()


def test_pages_before_signing_in_keep_to_the_policy(page, live_server, world):
    w = Watch(page, live_server.url)
    w.open("/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    page.wait_for_selector(".alert-danger")
    w.collect()
    w.open("/accounts/password-reset/")
    page.fill("#id_email", "office@dtsystem.local")
    page.click("button[type=submit]")
    page.wait_for_url("**/password-reset/sent/")
    w.collect()
    w.open("/accounts/reset/MQ/khong-hop-le/")
    w.open("/khong-co-trang-nay/", status=404)
    for _ in range(5):  # the lockout page (429)
        w.page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "lead_yte")
        page.fill("#id_password", "sai-mat-khau")
        w.expected_status[f"{live_server.url}/accounts/login/"] = 429
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
    assert "tạm khóa" in page.locator(".alert-warning").inner_text()
    w.collect()
    w.check()
