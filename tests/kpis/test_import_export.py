"""Excel/CSV: KPI measurement import (preview, all-or-nothing, row and column of every error), and
exports of targets, measurements and budget lines that import again unchanged."""

import io
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.models import KpiMeasurement, KpiTarget
from kpis.resources import read_dataset
from kpis.services import kpi_measurements_import
from tests.support.kpi_files import csv_file, rows_of, xlsx_file

GOOD = [
    ("145/KH-UBND", "I.2.a.4", "Sở TTTT", "2022-Q3", 18, "", "Quý III"),
    ("145/KH-UBND", "I.2.a.6", "", "2022-Q3", "23,4", "", ""),
    ("145/KH-UBND", "I.2.a.11", "Sở Y tế", "2022", 1, "", "Bệnh viện thông minh"),
    ("145/KH-UBND", "I.2.a.13", "", "2022-Q3", "", "có", ""),
]


def test_good_file_previews_then_saves(plan_145, office):
    rows = rows_of(xlsx_file(GOOD))
    preview = kpi_measurements_import(user=office, rows=rows, commit=False)
    assert preview.ok and (preview.created, preview.updated) == (4, 0)
    assert not KpiMeasurement.objects.exists()  # a preview saves nothing
    report = kpi_measurements_import(user=office, rows=rows, commit=True)
    assert report.saved and report.created == 4
    per_unit = KpiMeasurement.objects.get(target__code="I.2.a.11")
    assert per_unit.target.responsible_unit.code == "so-yte"  # the unit's own target, not the parent
    assert KpiMeasurement.objects.get(target__code="I.2.a.6").value == Decimal("23.4")
    assert KpiMeasurement.objects.get(target__code="I.2.a.13").achieved is True


def test_csv_works_too(plan_145, office):
    report = kpi_measurements_import(user=office, rows=rows_of(csv_file(GOOD)), commit=True)
    assert report.saved and report.created == 4


def test_one_bad_row_saves_nothing_and_names_row_and_column(plan_145, office):
    bad = [
        *GOOD,
        ("145/KH-UBND", "I.2.a.11", "Sở Y khoa", "2022", 1, "", ""),  # row 6: unknown unit
        ("145/KH-UBND", "I.2.a.5", "", "2022-Q7", 1, "", ""),  # row 7: bad period
        ("145/KH-UBND", "I.2.a.5", "", "2022", "abc", "", ""),  # row 8: bad number
        ("145/KH-UBND", "I.2.a.4", "", "2022-Q3", 20, "", ""),  # row 9: duplicate of row 2
        ("145/KH-UBND", "I.2.a.5", "", "2022", -3, "", ""),  # row 10: negative percentage
        ("999/KH-UBND", "I.2.a.5", "", "2022", 3, "", ""),  # row 11: unknown plan
    ]
    report = kpi_measurements_import(user=office, rows=rows_of(xlsx_file(bad)), commit=True)
    assert not report.saved
    assert not KpiMeasurement.objects.exists()
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert set(errors) == {
        (6, "Đơn vị"),
        (7, "Kỳ số liệu"),
        (8, "Giá trị"),
        (9, "Kỳ số liệu"),
        (10, "Giá trị"),
        (11, "Kế hoạch"),
    }
    assert "Sở Y tế" in errors[(6, "Đơn vị")]  # the closest unit is suggested
    assert "dòng 2" in errors[(9, "Kỳ số liệu")]


def test_missing_columns_are_reported(plan_145, office):
    upload = xlsx_file([("145/KH-UBND", "I.2.a.4")], headers=["Kế hoạch", "Mã chỉ tiêu"])
    with pytest.raises(Exception, match="Tệp thiếu cột: Kỳ số liệu"):
        rows_of(upload)


def test_export_imports_again_unchanged(plan_145, office, client):
    kpi_measurements_import(user=office, rows=rows_of(xlsx_file(GOOD)), commit=True)
    client.force_login(office)
    url = reverse("kpis:measurement_export") + f"?plan={plan_145.pk}"
    first = client.get(url)
    assert first["Content-Type"].startswith("application/vnd.openxmlformats")
    first_body = first.getvalue()  # a streamed body is read once
    before = sorted(KpiMeasurement.objects.values_list("target_id", "period", "value", "achieved", "note"))
    KpiMeasurement.objects.all().delete()
    rows = rows_of(SimpleUploadedFile("export.xlsx", first_body))
    report = kpi_measurements_import(user=office, rows=rows, commit=True)
    assert report.saved, report.errors
    after = sorted(KpiMeasurement.objects.values_list("target_id", "period", "value", "achieved", "note"))
    assert after == before
    assert client.get(url).getvalue() and tablib.Dataset().load(
        client.get(url).getvalue(), format="xlsx"
    ).dict == (tablib.Dataset().load(first_body, format="xlsx").dict)


def test_import_page_flow(plan_145, office, client):
    client.force_login(office)
    url = reverse("kpis:measurement_import") + f"?plan={plan_145.pk}"
    bad = [*GOOD, ("145/KH-UBND", "I.2.a.5", "", "2022", "abc", "", "")]
    response = client.post(url, {"file": xlsx_file(bad), "plan": plan_145.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "chưa lưu dòng nào" in html and "không phải là số hợp lệ" in html
    assert not KpiMeasurement.objects.exists()
    response = client.post(url, {"file": xlsx_file(GOOD), "plan": plan_145.pk})
    assert response.status_code == 200 and "Xác nhận nhập" in response.content.decode()
    token = response.context["token"]
    response = client.post(url, {"token": token, "plan": plan_145.pk})
    assert response.status_code == 302
    assert KpiMeasurement.objects.count() == 4


@pytest.mark.parametrize("persona", ["lead", "other_lead", "committee"])
def test_only_office_imports(plan_145, persona, request, client):
    client.force_login(request.getfixturevalue(persona))
    for name in ["kpis:measurement_import", "kpis:target_import", "plans:budget_line_import"]:
        assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse(name), {"token": "x"}).status_code == 403


def test_target_and_budget_exports(plan_145, committee, client):
    client.force_login(committee)
    response = client.get(reverse("kpis:target_export") + f"?plan={plan_145.pk}&format=csv")
    text = response.getvalue().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Kế hoạch,Mã chỉ tiêu,Cấp,Đơn vị,Trụ cột")
    assert "I.2.c.3" in text and "Trong khoảng,10,30" in text
    data = tablib.Dataset().load(io.StringIO(text).read(), format="csv")
    assert len(data) == KpiTarget.objects.filter(plan=plan_145).count()
    filtered = client.get(
        reverse("kpis:target_export") + f"?plan={plan_145.pk}&pillar_code=digital_society&format=csv"
    )
    assert len(tablib.Dataset().load(filtered.getvalue().decode("utf-8-sig"), format="csv")) == 3
    response = client.get(
        reverse("plans:budget_line_export") + f"?plan={plan_145.pk}&line_type=investment&format=csv"
    )
    budget = tablib.Dataset().load(response.getvalue().decode("utf-8-sig"), format="csv")
    assert len(budget) == 8
    assert budget["TMĐT"][0] == "5.618" and budget["NSTW hỗ trợ"][2] == "50.000"


def _target_rows(content: bytes, name="chi-tieu.xlsx"):
    from kpis.resources import target_rows

    return target_rows(read_dataset(SimpleUploadedFile(name, content)))


def _snapshot(plan):
    fields = ["code", "parent__code", "pillar", "text", "unit_of_measure", "comparison", "target_value"]
    fields += ["target_max", "baseline", "period", "responsible_unit_id", "scope", "note"]
    return sorted(KpiTarget.objects.filter(plan=plan).values_list(*fields), key=str)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_target_export_imports_again_unchanged(plan_145, office, client, fmt):
    from kpis.services import kpi_targets_import

    client.force_login(office)
    exported = client.get(reverse("kpis:target_export") + f"?plan={plan_145.pk}&format={fmt}").getvalue()
    before = _snapshot(plan_145)
    KpiTarget.objects.filter(plan=plan_145).delete()
    report = kpi_targets_import(user=office, rows=_target_rows(exported, f"x.{fmt}"), commit=True)
    assert report.saved, report.errors[:3]
    assert report.created == len(before)
    assert _snapshot(plan_145) == before
    again = kpi_targets_import(user=office, rows=_target_rows(exported, f"x.{fmt}"), commit=True)
    assert (again.created, again.updated) == (0, len(before))


def test_target_import_errors(plan_145, office):
    from kpis.resources import TARGET_COLUMNS
    from kpis.services import kpi_targets_import

    def line(**cells):
        base = dict.fromkeys(TARGET_COLUMNS, "")
        base.update(
            {"Kế hoạch": "145/KH-UBND", "Đơn vị tính": "%", "Cách so sánh": "≥", "Trụ cột": "Kinh tế số"}
        )
        base.update(cells)
        return [base[c] for c in TARGET_COLUMNS]

    rows = [
        line(
            **{
                "Mã chỉ tiêu": "I.2.b.6",
                "Nội dung chỉ tiêu": "Tỷ lệ doanh nghiệp dùng hợp đồng điện tử",
                "Mục tiêu": "60",
            }
        ),
        line(**{"Mã chỉ tiêu": "I.2.b.7", "Nội dung chỉ tiêu": "Thiếu mục tiêu"}),
        line(
            **{
                "Mã chỉ tiêu": "I.2.b.8",
                "Nội dung chỉ tiêu": "Khoảng sai",
                "Cách so sánh": "Trong khoảng",
                "Mục tiêu": "30",
                "Mục tiêu tối đa": "10",
            }
        ),
        line(
            **{
                "Mã chỉ tiêu": "I.2.b.9",
                "Nội dung chỉ tiêu": "Cách so sánh lạ",
                "Cách so sánh": "xấp xỉ",
                "Mục tiêu": "1",
            }
        ),
        line(
            **{
                "Mã chỉ tiêu": "I.2.a.4",
                "Cấp": "Đơn vị",
                "Đơn vị": "Sở Y tế",
                "Nội dung chỉ tiêu": "Không có chỉ tiêu chung",
                "Mục tiêu": "1",
            }
        ),
    ]
    data = tablib.Dataset(*rows, headers=TARGET_COLUMNS)
    report = kpi_targets_import(user=office, rows=_target_rows(data.xlsx), commit=True)
    assert not report.saved and not KpiTarget.objects.filter(code="I.2.b.6").exists()
    assert {(e.row, e.column) for e in report.errors} == {
        (3, "Mục tiêu"),
        (4, "Mục tiêu tối đa"),
        (5, "Cách so sánh"),
        (6, "Mã chỉ tiêu"),
    }
    good = kpi_targets_import(
        user=office, rows=_target_rows(tablib.Dataset(rows[0], headers=TARGET_COLUMNS).xlsx), commit=True
    )
    assert good.saved and KpiTarget.objects.get(code="I.2.b.6").comparison == "at_least"


def test_target_import_page(plan_145, office, client):
    client.force_login(office)
    response = client.get(reverse("kpis:target_import") + f"?plan={plan_145.pk}")
    assert response.status_code == 200 and "Nhập chỉ tiêu từ Excel" in response.content.decode()
