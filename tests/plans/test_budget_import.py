"""Budget lines in Excel/CSV: the export imports again unchanged; a bad row saves nothing and is named
by row and column; amounts in Vietnamese format; units by name, short name or alias."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dtsystem.common.imports import read_dataset
from plans.models import BudgetLine
from plans.resources import BUDGET_COLUMNS, budget_rows
from plans.selectors import plan_budget_totals
from plans.services import budget_lines_import

FIELDS = ["kind", "item", "name", "years", "total_investment", "central", "local", "disbursed_prior"]
FIELDS += ["allocated", "amount", "unit_id", "unit_text", "pillar"]


def snapshot(plan):
    return sorted(BudgetLine.objects.filter(plan=plan).values_list(*FIELDS))


def upload(rows, name="kinh-phi.xlsx"):
    data = tablib.Dataset(*rows, headers=BUDGET_COLUMNS)
    return SimpleUploadedFile(name, data.xlsx if name.endswith("xlsx") else data.csv.encode("utf-8"))


def row(**cells):
    base = dict.fromkeys(BUDGET_COLUMNS, "")
    base.update({"Kế hoạch": "145/KH-UBND", "Loại vốn": "Vốn sự nghiệp"})
    base.update(cells)
    return [base[c] for c in BUDGET_COLUMNS]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imports_again_unchanged(plan_145, office, client, fmt):
    client.force_login(office)
    # a streamed export reads the rows as its body is read: read it before the lines are deleted
    exported = client.get(
        reverse("plans:budget_line_export") + f"?plan={plan_145.pk}&format={fmt}"
    ).getvalue()
    before = snapshot(plan_145)
    BudgetLine.objects.filter(plan=plan_145).delete()
    rows = budget_rows(read_dataset(SimpleUploadedFile(f"x.{fmt}", exported)))
    report = budget_lines_import(user=office, rows=rows, commit=True)
    assert report.saved and report.created == 28, report.errors
    assert snapshot(plan_145) == before
    assert plan_budget_totals(plan_145)["grand_total"] == 118225
    again = budget_lines_import(user=office, rows=rows, commit=True)
    assert (again.created, again.updated) == (0, 28) and snapshot(plan_145) == before


def test_new_line_in_vietnamese_format(plan_145, office):
    rows = budget_rows(
        read_dataset(
            upload(
                [
                    row(
                        **{
                            "Stt": "21",
                            "Tên chương trình, dự án, nhiệm vụ": "Thuê chữ ký số",
                            "Số tiền (vốn sự nghiệp)": "1.250,5",
                            "Đơn vị": "Sở TT&TT",
                        }
                    )
                ]
            )
        )
    )
    report = budget_lines_import(user=office, rows=rows, commit=True)
    assert report.saved and report.created == 1
    line = BudgetLine.objects.get(plan=plan_145, kind="recurring", item="21")
    assert str(line.amount) == "1250.500" and line.unit.code == "so-tttt"


def test_bad_rows_save_nothing(plan_145, office):
    rows = budget_rows(
        read_dataset(
            upload(
                [
                    row(
                        **{
                            "Stt": "21",
                            "Tên chương trình, dự án, nhiệm vụ": "Tốt",
                            "Số tiền (vốn sự nghiệp)": "100",
                        }
                    ),
                    row(
                        **{
                            "Stt": "22",
                            "Tên chương trình, dự án, nhiệm vụ": "Âm",
                            "Số tiền (vốn sự nghiệp)": "-5",
                        }
                    ),
                    row(
                        **{
                            "Stt": "23",
                            "Tên chương trình, dự án, nhiệm vụ": "X",
                            "Số tiền (vốn sự nghiệp)": "1",
                            "Đơn vị": "Sở Thông tin",
                        }
                    ),
                    row(
                        **{
                            "Stt": "21",
                            "Tên chương trình, dự án, nhiệm vụ": "Trùng",
                            "Số tiền (vốn sự nghiệp)": "1",
                        }
                    ),
                    row(
                        **{
                            "Loại vốn": "Vốn vay",
                            "Tên chương trình, dự án, nhiệm vụ": "Y",
                            "Số tiền (vốn sự nghiệp)": "1",
                        }
                    ),
                    row(
                        **{
                            "Stt": "24",
                            "Tên chương trình, dự án, nhiệm vụ": "Z",
                            "Số tiền (vốn sự nghiệp)": "mười",
                        }
                    ),
                ]
            )
        )
    )
    before = BudgetLine.objects.count()
    report = budget_lines_import(user=office, rows=rows, commit=True)
    assert not report.saved and BudgetLine.objects.count() == before
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert set(errors) == {
        (3, "Số tiền (vốn sự nghiệp)"),
        (4, "Đơn vị"),
        (5, "Stt"),
        (6, "Loại vốn"),
        (7, "Số tiền (vốn sự nghiệp)"),
    }
    assert "không được âm" in errors[(3, "Số tiền (vốn sự nghiệp)")]
    assert "Sở Thông tin và Truyền thông" in errors[(4, "Đơn vị")]


def test_import_page_is_for_office(plan_145, office, lead, client):
    client.force_login(lead)
    assert client.get(reverse("plans:budget_line_import")).status_code == 403
    client.force_login(office)
    url = reverse("plans:budget_line_import") + f"?plan={plan_145.pk}"
    file = upload(
        [row(**{"Stt": "21", "Tên chương trình, dự án, nhiệm vụ": "Mới", "Số tiền (vốn sự nghiệp)": "10"})]
    )
    response = client.post(url, {"file": file, "plan": plan_145.pk})
    assert response.status_code == 200 and "Xác nhận nhập" in response.content.decode()
    response = client.post(url, {"token": response.context["token"], "plan": plan_145.pk})
    assert response.status_code == 302
    assert plan_budget_totals(plan_145)["recurring"]["total"] == 53335
