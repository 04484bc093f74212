"""Excel/CSV for tasks: export of the list as shown, import of new tasks into a document (preview,
all-or-nothing, row and column of every error, history recorded), an export that imports again
unchanged, and only office staff may import."""

from datetime import date

import pytest
import tablib
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives import services
from directives.choices import DeadlineKind, EventKind, TaskStatus
from directives.models import Task, TaskEvent
from directives.resources import EXPORT_COLUMNS, TASK_COLUMNS, task_rows
from dtsystem.common.imports import read_dataset


def upload(rows, fmt="xlsx", headers=TASK_COLUMNS):
    data = tablib.Dataset(*rows, headers=headers)
    if fmt == "csv":
        return SimpleUploadedFile("nhiem-vu.csv", ("\ufeff" + data.csv).encode("utf-8"))
    return SimpleUploadedFile("nhiem-vu.xlsx", data.xlsx)


GOOD = [
    ("", "1", "Xây dựng kho dữ liệu dùng chung", "Sở TT&TT", "Sở Y tế; SXD", "", "28/02/2022", "", "", ""),
    ("", "2.a", "Triển khai bệnh án điện tử", "SYT", "", "Quý II năm 2022", "", "Đang thực hiện", "40", ""),
    (
        "",
        "2.b",
        "Báo cáo kết quả",
        "Sở Thông tin và Truyền thông",
        "",
        "trong tháng 3 năm 2022",
        "",
        "Hoàn thành",
        "",
        "",
    ),
    ("", "3", "Rà soát thủ tục", "Sở Xây dựng", "", "", "", "", "", ""),
]


def rows_of(file):
    return task_rows(read_dataset(file))


@pytest.fixture
def units(own_unit, other_unit, coord_unit):
    return own_unit, other_unit, coord_unit


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_good_file_previews_then_saves_through_services(office, notice, units, fmt):
    own_unit, other_unit, coord_unit = units
    rows = rows_of(upload(GOOD, fmt))
    preview = services.tasks_import(user=office, document=notice, rows=rows, commit=False)
    assert preview.ok, preview.errors
    assert preview.created == 4 and not Task.objects.exists()  # a preview saves nothing
    report = services.tasks_import(user=office, document=notice, rows=rows, commit=True)
    assert report.saved and report.created == 4
    tasks = {t.item: t for t in notice.tasks.all()}
    first = tasks["1"]
    assert first.lead_unit == own_unit and set(first.coordinating_units.all()) == {other_unit, coord_unit}
    assert first.due_date == date(2022, 2, 28) and first.deadline_kind == DeadlineKind.DAY
    second = tasks["2.a"]
    assert second.due_date == date(2022, 6, 30) and second.deadline_kind == DeadlineKind.QUARTER
    assert second.status == TaskStatus.IN_PROGRESS and second.progress == 40
    assert tasks["2.b"].status == TaskStatus.DONE and tasks["2.b"].due_date == date(2022, 3, 31)
    assert tasks["3"].deadline_kind == DeadlineKind.NONE and tasks["3"].status == TaskStatus.NEW
    assert [t.position for t in notice.tasks.order_by("position")] == [1, 2, 3, 4]
    # history recorded by the services
    assert TaskEvent.objects.filter(task=first, kind=EventKind.CREATED).exists()
    assert TaskEvent.objects.filter(task=second, kind=EventKind.PROGRESS).exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_bad_row_saves_nothing_and_names_row_and_column(office, notice, units, fmt):
    bad = [
        *GOOD,
        ("", "4", "Nội dung A", "Sở Y khoa", "", "", "", "", "", ""),  # row 6: unknown unit
        ("", "5", "Nội dung B", "SYT", "", "", "31/02/2022", "", "", ""),  # row 7: bad date
        ("", "6", "Nội dung C", "SYT", "", "", "", "", "-5", ""),  # row 8: negative progress
        (
            "",
            "1",
            "Xây dựng kho dữ liệu dùng chung",
            "SYT",
            "",
            "",
            "",
            "",
            "",
            "",
        ),  # row 9: duplicate of row 2
        ("", "7", "Nội dung D", "SYT", "Sở Xây dựg", "", "", "", "", ""),  # row 10: unknown coordinating unit
    ]
    report = services.tasks_import(user=office, document=notice, rows=rows_of(upload(bad, fmt)), commit=True)
    assert not report.saved
    assert not Task.objects.exists() and not TaskEvent.objects.exists()
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert set(errors) == {
        (6, "Đơn vị chủ trì"),
        (7, "Hạn hoàn thành"),
        (8, "Tiến độ (%)"),
        (9, "Nội dung"),
        (10, "Đơn vị phối hợp"),
    }
    assert "Sở Y tế" in errors[(6, "Đơn vị chủ trì")]  # the closest unit is suggested
    assert "Sở Xây dựng" in errors[(10, "Đơn vị phối hợp")]
    assert "dòng 2" in errors[(9, "Nội dung")]


def test_import_twice_is_refused_as_duplicate(office, notice, units):
    rows = rows_of(upload(GOOD))
    assert services.tasks_import(user=office, document=notice, rows=rows, commit=True).saved
    again = services.tasks_import(user=office, document=notice, rows=rows, commit=True)
    assert not again.saved and {e.column for e in again.errors} == {"Nội dung"}
    assert notice.tasks.count() == 4


FIELDS = [
    "item",
    "content",
    "lead_unit__code",
    "deadline_text",
    "deadline_kind",
    "due_date",
    "status",
    "progress",
]


def task_data(document):
    """What a task says, in item order (the export is in the list's order: by due date)."""
    return [
        (*values, sorted(u.code for u in Task.objects.get(pk=pk).coordinating_units.all()))
        for pk, *values in document.tasks.order_by("item").values_list("pk", *FIELDS)
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imports_again_unchanged(office, notice, units, client, fmt):
    services.tasks_import(user=office, document=notice, rows=rows_of(upload(GOOD)), commit=True)
    other = services.document_create(
        user=office,
        data={
            "kind": "TB",
            "issuing_body_text": "UBND TỈNH",
            "symbol": "TB-VPUBND",
            "issue_year": 2022,
            "title": "Bản sao",
        },
    )
    client.force_login(office)
    response = client.get(reverse("task_imports:task_export") + f"?document={notice.pk}&format={fmt}")
    assert response.status_code == 200
    file = SimpleUploadedFile(f"nhiem-vu.{fmt}", response.getvalue())
    report = services.tasks_import(user=office, document=other, rows=rows_of(file), commit=True)
    assert report.saved and report.created == 4
    assert task_data(other) == task_data(notice)


def test_export_is_the_list_as_shown(office, notice, units, client):
    services.tasks_import(user=office, document=notice, rows=rows_of(upload(GOOD)), commit=True)
    client.force_login(office)
    url = reverse("task_imports:task_export")
    response = client.get(url + "?format=csv&status=done&as_of=2022-05-01")
    data = tablib.Dataset().load(response.getvalue().decode("utf-8-sig"), format="csv")
    assert data.headers == EXPORT_COLUMNS  # the id first, an empty note last (the update import)
    assert len(data) == 1
    row = data.dict[0]
    assert row["Trạng thái"] == "Hoàn thành" and row["Hạn hoàn thành"] == "31/03/2022"
    assert row["Văn bản"] == notice.code and row["Tiến độ (%)"] == "100"
    response = client.get(url + "?format=csv&as_of=2022-03-15&q=kho du lieu")
    row = tablib.Dataset().load(response.getvalue().decode("utf-8-sig"), format="csv").dict
    assert len(row) == 1 and row[0]["Tình trạng"] == "Quá hạn"


def test_import_page_flow_and_list_buttons(office, notice, units, client):
    client.force_login(office)
    page = client.get(reverse("directives:task_list")).content.decode()
    assert reverse("task_imports:task_import") in page and reverse("task_imports:task_export") in page
    url = reverse("task_imports:task_import")
    assert client.get(url + f"?document={notice.pk}").status_code == 200
    bad = [*GOOD, ("", "9", "Nội dung X", "Sở Y khoa", "", "", "", "", "", "")]
    response = client.post(url, {"file": upload(bad), "document": notice.pk})
    assert response.status_code == 400 and "Sở Y khoa" in response.content.decode()
    response = client.post(url, {"file": upload(GOOD, "csv"), "document": notice.pk})
    assert response.status_code == 200
    assert not Task.objects.exists()
    response = client.post(url, {"token": response.context["token"]})
    assert response.status_code == 302 and notice.tasks.count() == 4


@pytest.mark.parametrize("persona", ["lead", "staff", "committee", "other_lead"])
def test_only_office_imports(persona, request, client, notice, units):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse("task_imports:task_import")
    assert client.get(url).status_code == 403
    assert client.post(url, {"token": "x"}).status_code == 403
    assert url not in client.get(reverse("directives:task_list")).content.decode()
    with pytest.raises(PermissionDenied):
        services.tasks_import(user=user, document=notice, rows=rows_of(upload(GOOD)), commit=True)


def test_export_runs_a_bounded_number_of_queries(
    office, notice, units, client, django_assert_max_num_queries
):
    services.tasks_import(user=office, document=notice, rows=rows_of(upload(GOOD)), commit=True)
    client.force_login(office)
    url = reverse("task_imports:task_export") + "?format=csv"
    with django_assert_max_num_queries(12) as few:
        client.get(url).getvalue()  # a streamed body runs its queries as it is read
    more = [(f"x{i}", f"Nhiệm vụ thêm {i}", "SYT", "Sở TT&TT", "", "01/03/2022") for i in range(30)]
    rows = rows_of(upload([("", *r, "", "", "") for r in more]))
    assert services.tasks_import(user=office, document=notice, rows=rows, commit=True).saved
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url).getvalue()  # a streamed body runs its queries as it is read
