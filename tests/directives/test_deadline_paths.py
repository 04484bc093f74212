"""One deadline phrase that counts working days gives the same date through every path: the notice page,
its live preview, the API, the Excel import and the notice-text assistant (page and command). The
administrator's calendar has a swapped day off inside the period, so a path that forgot the calendar (or
counted calendar days) would give another date."""

import io
import json
from datetime import date

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from directives import services
from directives.models import Document, Task
from directives.resources import TASK_COLUMNS, task_rows
from dtsystem.common.imports import read_dataset
from dtsystem.core.services import holiday_create
from tests.support.directives import document_post, task_row_data

PHRASE = "trong 10 ngày làm việc kể từ ngày 20/01/2022"
# Thu 20/01/2022 + 10 working days: 21, 24-28; 31/01-04/02 Tết; 07/02 swapped off here; 08, 09, 10, 11/02
EXPECTED = date(2022, 2, 11)
NOTICE = (
    "Số: 9/TB-UBND\nĐồng Tháp, ngày 18 tháng 01 năm 2022\n\nTHÔNG BÁO\nKết luận về chuyển đổi số\n\n"
    f"1. Sở Y tế hoàn thành báo cáo đánh giá nền tảng hồ sơ sức khỏe điện tử {PHRASE}.\n"
    "2. Sở TT&TT chủ trì tập huấn kỹ năng số cho cán bộ trước ngày 30/6/2022.\n"
)


@pytest.fixture(autouse=True)
def swapped_day(db):
    holiday_create(day=date(2022, 2, 7), name="Nghỉ hoán đổi (thử nghiệm)")


def test_statutory_date_differs():
    from extraction.deadlines import parse_deadline

    assert parse_deadline(PHRASE).due_date == date(2022, 2, 10)  # without the administrator's day off


def test_page(client, office, own_unit):
    data = document_post(
        1,
        **task_row_data(0, item="1", content="Báo cáo đánh giá", lead_unit=own_unit.pk, deadline_text=PHRASE),
        priority="2",
    )
    data["tasks-0-priority"] = "2"
    client.force_login(office)
    response = client.post(reverse("directives:document_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    task = Task.objects.get()
    assert (task.deadline_kind, task.due_date) == ("day", EXPECTED)
    preview = client.get(reverse("directives:deadline_preview"), {"tasks-0-deadline_text": PHRASE})
    assert "11/02/2022" in preview.content.decode()


def test_preview_counts_from_the_issue_date(client, office):
    client.force_login(office)
    params = {
        "tasks-0-deadline_text": "trong thời hạn 10 ngày làm việc",
        "issue_year": "2022",
        "issue_month": "1",
        "issue_day": "20",
    }
    assert "11/02/2022" in client.get(reverse("directives:deadline_preview"), params).content.decode()


def test_api(office, notice, own_unit):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(office)
    response = api.post(
        "/api/v1/tasks/",
        {
            "document": notice.pk,
            "item": "9",
            "content": "Báo cáo",
            "lead_unit": own_unit.pk,
            "deadline_text": PHRASE,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["due_date"] == EXPECTED.isoformat()


def test_service_counts_from_the_document_date(office, own_unit):
    document = services.document_create(
        user=office,
        data={
            "kind": "TB",
            "symbol": "TB-VPUBND",
            "issue_year": 2022,
            "issue_month": 1,
            "issue_day": 20,
            "title": "Kết luận về hồ sơ sức khỏe",
        },
        tasks=[
            {"content": "Báo cáo", "lead_unit": own_unit, "deadline_text": "trong thời hạn 10 ngày làm việc"}
        ],
    )
    assert document.tasks.get().due_date == EXPECTED


def test_import(office, notice, own_unit):
    row = ("", "1", "Báo cáo đánh giá", "Sở TT&TT", "", PHRASE, "", "", "", "")
    data = tablib.Dataset(row, headers=TASK_COLUMNS)
    rows = task_rows(read_dataset(SimpleUploadedFile("nhiem-vu.xlsx", data.xlsx)))
    report = services.tasks_import(user=office, document=notice, rows=rows, commit=True)
    assert report.saved, report.errors
    assert notice.tasks.get().due_date == EXPECTED


def test_assistant_command(tmp_path, own_unit, other_unit):
    path = tmp_path / "tb.txt"
    path.write_text(NOTICE, encoding="utf-8")
    out = io.StringIO()
    call_command("extract_notice", str(path), "--json", stdout=out)
    found = json.loads(out.getvalue())
    tasks = found if isinstance(found, list) else found["tasks"]
    first = next(t for t in tasks if t["item"] == "1")
    assert first["deadline"] == EXPECTED.isoformat(), first


def test_assistant_page(client, office, own_unit, other_unit):
    from tests.support.forms import flat, form_data

    client.force_login(office)
    review = client.post("/documents/assistant/", {"step": "read", "text": NOTICE})
    assert review.status_code == 200
    assert "11/02/2022" in review.content.decode()
    response = client.post("/documents/assistant/", flat(form_data(review.content.decode())))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Document.objects.get().tasks.get(item="1")
    assert saved.due_date == EXPECTED
