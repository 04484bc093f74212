"""Excel/CSV for units: preview, all-or-nothing, row and column of every error, an export that imports
again unchanged, filters of the list in the export, and only office staff may import."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dtsystem.common.imports import read_dataset
from dtsystem.units.models import Unit
from dtsystem.units.resources import UNIT_COLUMNS, unit_rows
from dtsystem.units.services import units_import


def upload(rows, fmt="xlsx", headers=UNIT_COLUMNS):
    data = tablib.Dataset(*rows, headers=headers)
    if fmt == "csv":
        return SimpleUploadedFile("don-vi.csv", ("\ufeff" + data.csv).encode("utf-8"))
    return SimpleUploadedFile("don-vi.xlsx", data.xlsx)


GOOD = [
    (
        "so-gtvt",
        "Sở Giao thông vận tải",
        "Sở GTVT",
        "Sở, ban, ngành",
        "",
        "sogtvt@example.vn",
        "Sở GT-VT; SGTVT",
        "có",
    ),
    ("ttcntt", "Trung tâm Công nghệ thông tin", "TT CNTT", "Khác", "Sở TT&TT", "", "", "có"),
    ("so-yte", "Sở Y tế", "SYT", "department", "", "soyte@example.vn", "", "không"),
    ("tt-con", "Trung tâm con", "", "Khác", "ttcntt", "", "", ""),
]


def rows_of(file):
    return unit_rows(read_dataset(file))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_good_file_previews_then_saves(office, own_unit, other_unit, fmt):
    rows = rows_of(upload(GOOD, fmt))
    preview = units_import(user=office, rows=rows, commit=False)
    assert preview.ok, preview.errors
    assert (preview.created, preview.updated) == (3, 1)
    assert not Unit.objects.filter(code="so-gtvt").exists()  # a preview saves nothing
    report = units_import(user=office, rows=rows, commit=True)
    assert report.saved and (report.created, report.updated) == (3, 1)
    gtvt = Unit.objects.get(code="so-gtvt")
    assert gtvt.aliases == ["Sở GT-VT", "SGTVT"] and gtvt.email == "sogtvt@example.vn"
    assert "so gtvt" in gtvt.search_text  # saved through unit_save
    assert Unit.objects.get(code="ttcntt").parent == own_unit  # parent by alias
    assert Unit.objects.get(code="tt-con").parent.code == "ttcntt"  # parent defined in the same file
    other_unit.refresh_from_db()
    assert other_unit.is_active is False and other_unit.email == "soyte@example.vn"  # updated by code


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_bad_row_saves_nothing_and_names_row_and_column(office, own_unit, fmt):
    bad = [
        *GOOD[:2],
        ("so-a", "Sở A", "", "Sở, ban, ngành", "Sở Thông tin và Truyền thôn", "", "", ""),  # row 4: parent
        ("so-b", "Sở Giao thông vận tải", "", "", "", "", "", ""),  # row 5: duplicate name of row 2
        ("so-gtvt", "Sở C", "", "", "", "", "", ""),  # row 6: duplicate code of row 2
        ("so-d", "Sở D", "", "", "", "khong-phai-email", "", ""),  # row 7: bad e-mail
        ("so-e", "Sở E", "", "Bộ phận lạ", "", "", "", ""),  # row 8: unknown kind
    ]
    before = Unit.objects.count()
    report = units_import(user=office, rows=rows_of(upload(bad, fmt)), commit=True)
    assert not report.saved
    assert Unit.objects.count() == before
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert set(errors) == {(4, "Đơn vị cấp trên"), (5, "Tên đơn vị"), (6, "Mã"), (7, "E-mail"), (8, "Loại")}
    assert "Sở Thông tin và Truyền thông" in errors[(4, "Đơn vị cấp trên")]  # closest suggestion
    assert "dòng 2" in errors[(5, "Tên đơn vị")] and "dòng 2" in errors[(6, "Mã")]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imports_again_unchanged(office, own_unit, other_unit, client, fmt):
    units_import(user=office, rows=rows_of(upload(GOOD)), commit=True)
    fields = ["code", "name", "short_name", "kind", "parent__code", "email", "aliases", "is_active"]
    before = list(Unit.objects.order_by("code").values(*fields))
    client.force_login(office)
    response = client.get(reverse("unit_imports:unit_export") + f"?format={fmt}")
    assert response.status_code == 200
    file = SimpleUploadedFile(f"don-vi.{fmt}", response.getvalue())
    report = units_import(user=office, rows=rows_of(file), commit=True)
    assert report.saved and report.created == 0 and report.updated == len(before)
    assert list(Unit.objects.order_by("code").values(*fields)) == before


def test_export_follows_the_list_filters(office, own_unit, other_unit, client):
    client.force_login(office)
    response = client.get(reverse("unit_imports:unit_export") + "?q=y te&format=csv")
    data = tablib.Dataset().load(response.getvalue().decode("utf-8-sig"), format="csv")
    assert data.headers == UNIT_COLUMNS
    assert [row[0] for row in data] == ["so-yte"]


def test_import_page_flow_and_list_buttons(office, own_unit, client):
    client.force_login(office)
    page = client.get(reverse("units:unit_list")).content.decode()
    assert reverse("unit_imports:unit_import") in page and reverse("unit_imports:unit_export") in page
    url = reverse("unit_imports:unit_import")
    bad = [*GOOD, ("x", "Sở X", "", "Loại lạ", "", "", "", "")]
    response = client.post(url, {"file": upload(bad)})
    assert response.status_code == 400 and "Loại lạ" in response.content.decode()
    response = client.post(url, {"file": upload(GOOD)})
    assert response.status_code == 200
    token = response.context["token"]
    assert not Unit.objects.filter(code="so-gtvt").exists()
    response = client.post(url, {"token": token})
    assert response.status_code == 302 and Unit.objects.filter(code="so-gtvt").exists()


@pytest.mark.parametrize("persona", ["lead", "staff", "committee", "other_lead"])
def test_only_office_imports(persona, request, client, own_unit):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse("unit_imports:unit_import")
    assert client.get(url).status_code == 403
    assert client.post(url, {"token": "x"}).status_code == 403
    assert reverse("unit_imports:unit_import") not in client.get(reverse("units:unit_list")).content.decode()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        units_import(user=user, rows=rows_of(upload(GOOD)), commit=True)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("unit_imports:unit_import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_parent_cycle_is_refused(office, own_unit, other_unit):
    rows = [
        ("so-tttt", "Sở Thông tin và Truyền thông", "Sở TTTT", "", "Sở Y tế", "", "", ""),
        ("so-yte", "Sở Y tế", "SYT", "", "so-tttt", "", "", ""),
    ]
    report = units_import(user=office, rows=rows_of(upload(rows)), commit=True)
    assert not report.saved and {e.column for e in report.errors} == {"Đơn vị cấp trên"}
    own_unit.refresh_from_db()
    assert own_unit.parent is None


def test_unit_export_runs_a_bounded_number_of_queries(
    office, own_unit, client, django_assert_max_num_queries
):
    client.force_login(office)
    url = reverse("unit_imports:unit_export") + "?format=csv"
    with django_assert_max_num_queries(10) as few:
        client.get(url).getvalue()  # a streamed body runs its queries as it is read
    units_import(user=office, rows=rows_of(upload(GOOD)), commit=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url).getvalue()  # a streamed body runs its queries as it is read


def test_a_row_without_code_updates_the_unit_of_the_same_name(office, other_unit):
    rows = [("", "Sở Y tế", "SYT", "", "", "yte@example.vn", "", "")]
    report = units_import(user=office, rows=rows_of(upload(rows, "csv")), commit=True)
    assert report.saved and (report.created, report.updated) == (0, 1)
    other_unit.refresh_from_db()
    assert other_unit.email == "yte@example.vn"
