"""Plan pages in Vietnamese: list, detail tabs, totals in "177.510" format, and the entry forms."""

from decimal import Decimal

from django.urls import reverse

from kpis.models import KpiTarget
from plans.models import BudgetLine, Disbursement


def test_plan_list_and_nav(plan_145, client, committee):
    client.force_login(committee)
    response = client.get(reverse("plans:plan_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "145/KH-UBND" in html
    assert 'href="/plans/"' in html  # the navigation item of the context processor


def test_plan_detail_tabs_and_vietnamese_totals(plan_145, client, committee):
    client.force_login(committee)
    response = client.get(reverse("plans:plan_detail", args=[plan_145.pk]) + "?tab=budget")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Mục tiêu và chỉ tiêu", "Nhiệm vụ", "Kinh phí", "Căn cứ pháp lý", "nav-tabs"]:
        assert text in html
    for total in ["177.510", "50.000", "121.892", "26.200", "64.900", "53.325", "118.225"]:
        assert total in html
    assert "85/2016/NĐ-CP" in html
    assert "năm 2022" in html and "2.022" not in html  # a year is not a number to group
    assert "Chưa có số liệu" in html  # attainment badge
    assert "Giải ngân" in html and "/disburse/" not in html  # committee: no entry buttons
    assert "Nhập số liệu" not in html


def test_office_sees_entry_buttons(plan_145, client, office):
    client.force_login(office)
    html = client.get(reverse("plans:plan_detail", args=[plan_145.pk])).content.decode()
    assert "/disburse/" in html and "Nhập số liệu" in html


def test_lead_sees_measurement_button_only_for_own_targets(plan_145, client, lead):
    client.force_login(lead)
    response = client.get(reverse("plans:plan_detail", args=[plan_145.pk]))
    own = KpiTarget.objects.filter(
        plan=plan_145, parent__isnull=True, responsible_unit__code="so-tttt"
    ).first()
    other = KpiTarget.objects.filter(
        plan=plan_145, parent__isnull=True, responsible_unit__code="so-gddt"
    ).first()
    html = response.content.decode()
    assert reverse("kpis:measurement_create", args=[own.pk]) in html
    assert reverse("kpis:measurement_create", args=[other.pk]) not in html
    assert "/disburse/" not in html


def test_measurement_form_records_and_shows_attainment(plan_145, client, lead):
    target = KpiTarget.objects.get(plan=plan_145, code="I.2.a.4", parent__isnull=True)  # ≥ 30 %, Sở TTTT
    client.force_login(lead)
    url = reverse("kpis:measurement_create", args=[target.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"period": "2022-Q3", "value": "30", "note": "Số liệu quý III"})
    assert response.status_code == 302
    html = client.get(reverse("plans:plan_detail", args=[plan_145.pk])).content.decode()
    assert "Đạt" in html


def test_measurement_form_shows_vietnamese_errors(plan_145, client, lead):
    target = KpiTarget.objects.get(plan=plan_145, code="I.2.a.4", parent__isnull=True)
    client.force_login(lead)
    response = client.post(
        reverse("kpis:measurement_create", args=[target.pk]), {"period": "2021", "value": "130"}
    )
    assert response.status_code == 400
    assert "Kỳ số liệu phải thuộc năm 2022" in response.content.decode()


def test_disbursement_form(plan_145, client, office):
    line = BudgetLine.objects.get(plan=plan_145, kind="investment", item="2")  # 7.000 allocated
    client.force_login(office)
    url = reverse("plans:disbursement_create", args=[line.pk])
    response = client.post(url, {"date": "2022-06-30", "amount": "1.500", "note": "Tạm ứng"})
    assert response.status_code == 302
    assert Disbursement.objects.get(budget_line=line).amount == Decimal("1500")
    response = client.post(url, {"date": "2022-07-30", "amount": "-5"})
    assert response.status_code == 400
    assert "phải lớn hơn 0" in response.content.decode()
    response = client.post(url, {"date": "2022-07-30", "amount": "6.000"})
    assert response.status_code == 400
    assert "vượt số vốn bố trí" in response.content.decode()


def test_tasks_tab_shows_timeliness_at_a_date(plan_145, client, committee):
    from directives.models import Task

    task = Task.objects.get(document=plan_145.document, item="IV.2")
    Task.objects.filter(pk=task.pk).update(deadline_kind="day", due_date="2022-06-30")
    client.force_login(committee)
    url = reverse("plans:plan_detail", args=[plan_145.pk]) + "?tab=tasks"
    assert "Quá hạn" in client.get(url + "&as_of=2022-07-01").content.decode()
    html = client.get(url + "&as_of=2022-06-01").content.decode()
    assert "Quá hạn" not in html and "30/06/2022" in html
