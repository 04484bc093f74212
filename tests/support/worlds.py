"""The hand-built data sets whose every figure is known, declared for `world.build_world`.

DASHBOARD_WORLD (tests/dashboard, for two as_of dates). Units: A = own_unit (Sở TTTT, department),
B = other_unit (Sở Y tế, department), D = a district. Documents: notice (TB) and plan (KH 2024, a Plan
with KPI targets and budget lines).

 #  lead due         status         completed   doc     at 15/06/2024   at 31/12/2024
 1  A    31/03/2024  done           20/03/2024  notice  done_on_time    done_on_time
 2  A    31/03/2024  done           10/04/2024  notice  done_late       done_late
 3  A    31/05/2024  in_progress    —           notice  overdue         overdue
 4  A    20/06/2024  new            —           notice  on_track (≤14d) overdue
 5  A    —           in_progress    —           notice  no_deadline     no_deadline
 6  B    30/09/2024  done           01/09/2024  plan    on_track        done_on_time
 7  B    10/06/2024  done           01/07/2024  plan    overdue         done_late      (A coordinates)
 8  B    01/03/2024  cancelled      —           plan    —               —
 9  D    31/12/2023  reported_done  20/12/2023  notice  on_track        on_track
10  D    25/06/2024  paused         —           plan    on_track (≤14d) overdue
11  B    10/01/2025  new            —           plan    on_track        on_track (≤14d)

KPI: digital government: one achieved (A), one without data (B); digital economy: one off track (B).
Budget: digital government 100 allocated (A), 40 disbursed; recurring 60 (B) for society, 15 disbursed.

REPORT_DATASET (tests/reports), at 31/03/2022: Sở Thông tin và Truyền thông ("own") leads 5 tasks: 2 done
on time, 1 done late, 1 overdue, 1 on track. Sở Y tế ("other") leads 3: 2 overdue, 1 without deadline,
plus 1 cancelled (not counted). A notice issued after 31/03/2022 has 1 task that did not exist yet (not
counted). REPORT_SMALL_PLAN: a plan issued on 01/02/2022 with two KPI targets (one achieved) and a
budget with a disbursement before and one after 31/03/2022."""

from datetime import date
from decimal import Decimal

from directives.choices import DocumentKind, TaskStatus

from .world import WorldSpec, issued

# ------------------------------------------------------------------------------------------- dashboard

AS_OF_1 = date(2024, 6, 15)
AS_OF_2 = date(2024, 12, 31)

DASHBOARD_ROWS = [
    # (n, lead, due, status, completed, doc)
    (1, "A", date(2024, 3, 31), TaskStatus.DONE, date(2024, 3, 20), "notice"),
    (2, "A", date(2024, 3, 31), TaskStatus.DONE, date(2024, 4, 10), "notice"),
    (3, "A", date(2024, 5, 31), TaskStatus.IN_PROGRESS, None, "notice"),
    (4, "A", date(2024, 6, 20), TaskStatus.NEW, None, "notice"),
    (5, "A", None, TaskStatus.IN_PROGRESS, None, "notice"),
    (6, "B", date(2024, 9, 30), TaskStatus.DONE, date(2024, 9, 1), "plan"),
    (7, "B", date(2024, 6, 10), TaskStatus.DONE, date(2024, 7, 1), "plan"),
    (8, "B", date(2024, 3, 1), TaskStatus.CANCELLED, None, "plan"),
    (9, "D", date(2023, 12, 31), TaskStatus.REPORTED_DONE, date(2023, 12, 20), "notice"),
    (10, "D", date(2024, 6, 25), TaskStatus.PAUSED, None, "plan"),
    (11, "B", date(2025, 1, 10), TaskStatus.NEW, None, "plan"),
]

DASHBOARD_WORLD = WorldSpec(
    documents={
        "notice": {
            "kind": DocumentKind.TB,
            "issuing_body_text": "UBND TỈNH",
            "number": "12",
            "symbol": "TB-VPUBND",
            "issue_year": 2024,
        },
        "plan": {
            "kind": DocumentKind.KH,
            "number": "45",
            "symbol": "KH-UBND",
            "issue_year": 2024,
            "title": "Kế hoạch chuyển đổi số năm 2024",
        },
    },
    plan=("plan", 2024),
    tasks=tuple(
        {
            "key": n,
            "document": doc,
            "lead_unit": lead,
            "due_date": due,
            "status": status,
            "completed_on": completed,
            "content": f"Nhiệm vụ số {n}",
            "coordinating_units": ["A"] if n == 7 else [],
        }
        for n, lead, due, status, completed, doc in DASHBOARD_ROWS
    ),
    targets=(
        {
            "code": "1",
            "text": "Hồ sơ trực tuyến",
            "unit_of_measure": "percent",
            "target_value": 50,
            "responsible_unit": "A",
            "measurements": [("2024-Q2", 60)],
        },
        {
            "code": "2",
            "text": "Cổng dữ liệu mở",
            "unit_of_measure": "milestone",
            "comparison": "milestone",
            "responsible_unit": "B",
        },
        {
            "pillar": "digital_economy",
            "code": "3",
            "text": "Kinh tế số / GRDP",
            "unit_of_measure": "percent",
            "target_value": 10,
            "baseline": 0,
            "responsible_unit": "B",
            "measurements": [("2024-Q2", 2)],
        },
    ),
    lines=(
        {
            "kind": "investment",
            "pillar": "digital_government",
            "item": "1",
            "name": "Nền tảng tích hợp",
            "unit": "A",
            "allocated": Decimal("100"),
            "disbursements": [(date(2024, 5, 1), 25), (date(2024, 6, 1), 15)],
        },
        {
            "kind": "recurring",
            "pillar": "digital_society",
            "item": "2",
            "name": "Tập huấn kỹ năng số",
            "unit": "B",
            "amount": Decimal("60"),
            "disbursements": [(date(2024, 6, 1), 15)],
        },
    ),
)

# --------------------------------------------------------------------------------------------- reports

AS_OF = date(2022, 3, 31)
EXPECTED = {"total": 8, "done_on_time": 2, "done_late": 1, "on_track": 1, "overdue": 3, "no_deadline": 1}


def _report_task(unit, due=None, status=TaskStatus.NEW, completed=None, document="notice", **fields) -> dict:
    return {
        "document": document,
        "lead_unit": unit,
        "due_date": due,
        "status": status,
        "completed_on": completed,
        **fields,
    }


_DONE = TaskStatus.DONE
REPORT_DATASET = WorldSpec(
    documents={
        "notice": issued(2022, 1, 10, number="12", symbol="TB-VPUBND"),
        "later": issued(2022, 5, 2, number="99", symbol="TB-VPUBND"),
    },
    tasks=(
        _report_task(
            "own", date(2022, 2, 28), _DONE, date(2022, 2, 20), content="Hoàn thành đúng hạn thứ nhất"
        ),
        _report_task(
            "own", date(2022, 3, 31), _DONE, date(2022, 3, 31), content="Hoàn thành đúng hạn thứ hai"
        ),
        _report_task("own", date(2022, 1, 31), _DONE, date(2022, 2, 10), content="Hoàn thành muộn"),
        _report_task(
            "own",
            date(2022, 3, 15),
            TaskStatus.IN_PROGRESS,
            content="Xây dựng Trung tâm điều hành thông minh",
        ),
        _report_task("own", date(2022, 6, 30), content="Nhiệm vụ còn trong hạn"),
        _report_task("other", date(2022, 1, 25), content="Triển khai bệnh án điện tử", item="3.b"),
        _report_task("other", date(2022, 3, 1), content="Kết nối khám chữa bệnh từ xa"),
        _report_task("other", None, content="Tuyên truyền chuyển đổi số y tế"),
        _report_task("other", date(2022, 2, 1), TaskStatus.CANCELLED, content="Nhiệm vụ đã hủy"),
        _report_task("own", date(2022, 6, 30), document="later", content="Nhiệm vụ của văn bản ban hành sau"),
    ),
)

REPORT_SMALL_PLAN = WorldSpec(
    documents={"plan": issued(2022, 2, 1, kind=DocumentKind.KH, number="20", symbol="KH-UBND")},
    plan=("plan", 2022),
    targets=(
        {
            "code": "1",
            "text": "Tỷ lệ hồ sơ trực tuyến",
            "unit_of_measure": "percent",
            "target_value": 50,
            "measurements": [("2022-Q1", 60)],
        },
        {
            "pillar": "digital_society",
            "code": "2",
            "text": "Số mô hình",
            "unit_of_measure": "count",
            "target_value": 10,
        },
    ),
    lines=(
        {
            "kind": "investment",
            "item": "1",
            "name": "Trung tâm IOC",
            "unit": "own",
            "allocated": Decimal("64900"),
            "pillar": "foundation",
            "disbursements": [(date(2022, 3, 1), 12500), (date(2022, 5, 1), 999)],  # the last after as_of
        },
        {"kind": "recurring", "item": "1", "name": "Thuê dịch vụ", "amount": Decimal("53325")},
    ),
)
