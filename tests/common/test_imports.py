"""The one import loop (dtsystem.common.imports.rows_import) and its row specifications: duplicate keys
within a file, a bad row saves nothing, a preview saves nothing, an error at save time rolls the whole
file back and is reported by row and column, and a preview runs the same number of queries whatever the
number of rows (every spec prepares its lookups once)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directives.models import Task
from directives.resources import TASK_COLUMNS
from directives.services import tasks_import
from dtsystem import policy
from dtsystem.common.imports import ImportRow, RowKey, RowSpec, rows_import
from dtsystem.units.models import Unit
from dtsystem.units.resources import UNIT_COLUMNS
from dtsystem.units.services import units_import
from kpis.choices import Scope
from kpis.models import KpiMeasurement, KpiTarget
from kpis.resources import MEASUREMENT_COLUMNS, TARGET_COLUMNS
from kpis.services import kpi_measurements_import, kpi_targets_import
from plans.models import BudgetLine
from plans.resources import BUDGET_COLUMNS
from plans.services import budget_lines_import

# --------------------------------------------------------------------------- the loop, with a small spec


class UnitNames(RowSpec):
    """A small spec: units by code and name, "!" in a name is refused when saving."""

    columns = ["Mã", "Tên"]
    required = ["Mã", "Tên"]
    field_columns = {"code": "Mã", "name": "Tên"}
    default_column = "Tên"

    @classmethod
    def authorize(cls, user) -> None:
        policy.require(user, policy.IMPORT_DATA)

    def prepare(self, rows):
        self.by_code = {u.code: u for u in Unit.objects.all()}

    def clean(self, row: ImportRow) -> None:
        if not row.cell("Tên"):
            row.error("Tên", "Thiếu tên.")
        row.existing = self.by_code.get(row.cell("Mã"))
        row.fields = {"code": row.cell("Mã"), "name": row.cell("Tên")}

    def keys(self, row: ImportRow) -> list[RowKey]:
        return [RowKey("Mã", row.fields["code"] or None, "Trùng mã “%(code)s” với dòng %(row)s.", row.fields)]

    def save_row(self, row: ImportRow) -> None:
        if "!" in row.fields["name"]:
            raise ValidationError({"name": "Tên có dấu chấm than."})
        unit = row.existing or Unit(code=row.fields["code"])
        unit.name = row.fields["name"]
        unit.save()


def lines(*pairs):
    return [{"Mã": code, "Tên": name, "_row": number} for number, (code, name) in enumerate(pairs, start=2)]


def test_a_valid_file_is_previewed_then_saved(office, other_unit):
    rows = lines(("so-a", "Sở A"), ("so-yte", "Sở Y tế mới"))
    preview = rows_import(spec=UnitNames(), user=office, rows=rows, commit=False)
    assert preview.ok and not preview.saved and (preview.created, preview.updated) == (1, 1)
    assert [r["action"] for r in preview.rows] == ["create", "update"]
    assert preview.rows[0]["cells"] == ["so-a", "Sở A"]
    assert not Unit.objects.filter(code="so-a").exists()  # commit=False saves nothing
    other_unit.refresh_from_db()
    assert other_unit.name == "Sở Y tế"
    report = rows_import(spec=UnitNames(), user=office, rows=rows, commit=True)
    assert report.saved and (report.created, report.updated) == (1, 1)
    other_unit.refresh_from_db()
    assert Unit.objects.filter(code="so-a").exists() and other_unit.name == "Sở Y tế mới"


def refused(user, rows):
    """Import `rows` for good when the file must be refused: nothing of it is saved. The errors as
    (row, column, message), and each row's action."""
    report = rows_import(spec=UnitNames(), user=user, rows=rows, commit=True)
    assert not report.saved
    assert not Unit.objects.filter(code__in=[row["Mã"] for row in rows]).exists()
    return [(e.row, e.column, e.message) for e in report.errors], [r["action"] for r in report.rows]


def test_duplicate_keys_are_errors_of_the_later_rows(office):
    rows = lines(("so-a", "Sở A"), ("so-b", "Sở B"), ("so-a", "Sở A lần hai"), ("so-a", "Sở A lần ba"))
    duplicate = "Trùng mã “so-a” với dòng 2."
    assert refused(office, rows) == (
        [(4, "Mã", duplicate), (5, "Mã", duplicate)],
        ["create", "create", "", ""],
    )


def test_one_bad_row_saves_nothing(office):
    rows = lines(("so-a", "Sở A"), ("so-b", ""), ("so-c", "Sở C"))
    assert refused(office, rows) == ([(3, "Tên", "Thiếu tên.")], ["create", "", "create"])


def test_an_error_when_saving_rolls_everything_back_and_names_row_and_column(office):
    rows = lines(("so-a", "Sở A"), ("so-b", "Sở B!"), ("so-c", "Sở C"), ("so-d", "Sở D!"))
    assert rows_import(spec=UnitNames(), user=office, rows=rows, commit=False).ok  # nothing written: unseen
    # every row is tried in its own savepoint: both refusals are reported, nothing is kept
    errors, actions = refused(office, rows)
    assert errors == [(3, "Tên", "Tên có dấu chấm than."), (5, "Tên", "Tên có dấu chấm than.")]
    assert actions == ["create", "", "create", ""]


def test_the_spec_decides_who_may_import(lead):
    with pytest.raises(PermissionDenied):
        rows_import(spec=UnitNames(), user=lead, rows=lines(("so-a", "Sở A")), commit=False)


# ------------------------------------------------------------------ the five specs: queries of a preview


def unit_rows(n):
    """n units; every third has a parent of the register (by alias), every other one a parent of the file
    (further down, too)."""
    rows = []
    for i in range(n):
        parent = "Sở TT&TT" if i % 3 == 0 else f"u-{(i + 7) % n}" if i % 3 == 1 else ""
        if parent == f"u-{i}":
            parent = ""
        cells = [
            f"u-{i}",
            f"Đơn vị thử {i}",
            f"ĐV{i}",
            "Khác",
            parent,
            f"u{i}@example.vn",
            f"Tên khác {i}",
            "có",
        ]
        rows.append(dict(zip(UNIT_COLUMNS, cells, strict=True)) | {"_row": i + 2})
    return rows


def task_rows(n):
    leads = ["Sở TT&TT", "SYT", "Sở Xây dựng"]
    rows = []
    for i in range(n):
        due = f"{i % 28 + 1:02d}/03/2022" if i % 2 else ""
        cells = ["", f"{i}", f"Nhiệm vụ thử {i}", leads[i % 3], "SYT; SXD", "Quý II năm 2022", due]
        cells += ["Đang thực hiện" if i % 4 == 0 else "", "30" if i % 4 == 0 else "", ""]
        rows.append(dict(zip(TASK_COLUMNS, cells, strict=True)) | {"_row": i + 2})
    return rows


def measurement_rows(n):
    periods = ["2022", *(f"2022-Q{q}" for q in range(1, 5)), *(f"2022-{m:02d}" for m in range(1, 13))]
    targets = KpiTarget.objects.filter(plan__document__source_key="kh-145-2022", parent=None)
    targets = targets.exclude(scope=Scope.PER_UNIT).exclude(comparison="milestone")
    codes = [t.code for t in targets.order_by("position")[: -(-n // len(periods))]]
    rows = []
    for i in range(n):
        cells = ["145/KH-UBND", codes[i // len(periods)], "", periods[i % len(periods)], str(i), "", "thử"]
        rows.append(dict(zip(MEASUREMENT_COLUMNS, cells, strict=True)) | {"_row": i + 2})
    return rows


def target_rows(n):
    rows = []
    for i in range(n):
        values = {"Kế hoạch": "145/KH-UBND", "Mã chỉ tiêu": f"X.{i}", "Trụ cột": "Kinh tế số"}
        values |= {"Nội dung chỉ tiêu": f"Chỉ tiêu thử {i}", "Đơn vị tính": "%", "Cách so sánh": "≥"}
        values |= {"Mục tiêu": "60", "Đơn vị": "Sở Y tế" if i % 2 else ""}
        rows.append({c: values.get(c, "") for c in TARGET_COLUMNS} | {"_row": i + 2})
    return rows


def budget_rows(n):
    rows = []
    for i in range(n):
        values = {"Kế hoạch": "145/KH-UBND", "Loại vốn": "Vốn sự nghiệp", "Stt": f"9{i}"}
        values |= {"Tên chương trình, dự án, nhiệm vụ": f"Dòng thử {i}", "Số tiền (vốn sự nghiệp)": "1.250,5"}
        values |= {"Đơn vị": "Sở TT&TT" if i % 2 else "", "Trụ cột": "Kinh tế số" if i % 3 else ""}
        rows.append({c: values.get(c, "") for c in BUDGET_COLUMNS} | {"_row": i + 2})
    return rows


PREVIEWS = {
    # spec: (fixtures, rows of n, the import, queries of its preview, the model it writes)
    "units": (["own_unit", "other_unit"], unit_rows, units_import, 5, Unit),
    "tasks": (["notice", "own_unit", "other_unit", "coord_unit"], task_rows, tasks_import, 6, Task),
    "kpi measurements": (["plan_145"], measurement_rows, kpi_measurements_import, 7, KpiMeasurement),
    "kpi targets": (["plan_145"], target_rows, kpi_targets_import, 6, KpiTarget),
    "budget lines": (["plan_145"], budget_rows, budget_lines_import, 6, BudgetLine),
}


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("spec", list(PREVIEWS))
def test_preview_queries_do_not_grow(spec, n, request, office, django_assert_num_queries):
    fixtures, make_rows, run, queries, model = PREVIEWS[spec]
    loaded = {name: request.getfixturevalue(name) for name in fixtures}
    document = {"document": loaded["notice"]} if "notice" in loaded else {}
    rows, before = make_rows(n), model.objects.count()
    with django_assert_num_queries(queries):
        report = run(user=office, rows=rows, commit=False, **document)
    assert report.ok, report.errors[:3]
    assert report.created == n and not report.saved and model.objects.count() == before


def test_the_same_files_save_for_good(office, notice, own_unit, other_unit, plan_145):
    """The preview's rows are the ones the import saves (the query counts above are of real work)."""
    assert units_import(user=office, rows=unit_rows(12), commit=True).saved
    assert Unit.objects.get(code="u-1").parent.code == "u-8"  # a parent further down the file
    assert Unit.objects.get(code="u-0").parent == own_unit  # a parent of the register, by alias
    assert tasks_import(user=office, document=notice, rows=task_rows(12), commit=True).saved
    assert notice.tasks.count() == 12
    assert kpi_measurements_import(user=office, rows=measurement_rows(20), commit=True).saved
    assert kpi_targets_import(user=office, rows=target_rows(6), commit=True).saved
    assert budget_lines_import(user=office, rows=budget_rows(6), commit=True).saved
    assert KpiMeasurement.objects.count() == 20 and BudgetLine.objects.filter(item="95").exists()
