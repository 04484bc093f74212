"""Chase letters: what they list, the reply-by date in working days, the refusal of a unit with nothing late,
the DOCX (opened again with python-docx; converted by LibreOffice when it is installed) and the PDF (its text
read back with pdftotext), the command, and 'Đánh dấu đã gửi' on the tasks' history."""

import io
import shutil
import subprocess
from datetime import date

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.test import Client

from directives.choices import EventKind
from directives.models import TaskEvent
from outputs import selectors, services
from outputs.models import ChaseLetter
from tests.live import require, require_tool

from .world import build

DAY = date(2022, 3, 31)  # a Thursday: five working days later is Thursday 07/04/2022


@pytest.fixture
def world(office, own_unit, other_unit, lead):
    return build(office, own_unit, other_unit, lead)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_letter_lists_overdue_then_soon_due_tasks_with_a_reply_by_date(world, own_unit, settings):
    settings.CHASE_SOON_DAYS = 7
    draft = services.chase_letter_draft(unit=own_unit, today=DAY)
    assert [i.task.item for i in draft.overdue] == ["3.a"]
    assert draft.overdue[0].days_late == 30
    # due 31/03 (today: still on time) and 01/04 (tomorrow) are soon due; done ones are not listed
    assert [(i.task.item, i.days_left) for i in draft.soon] == [("3.b", 0), ("4", 1)]
    assert draft.reply_by == date(2022, 4, 7)
    assert "Sở Thông tin và Truyền thông" in draft.paragraphs[0] and "07/04/2022" in draft.paragraphs[1]
    assert draft.place_date == "Đồng Tháp, ngày 31 tháng 3 năm 2022"


def test_the_reply_by_date_skips_the_weekend_and_follows_the_setting(world, own_unit, settings):
    settings.CHASE_REPLY_WORKING_DAYS = 2
    friday = date(2022, 4, 1)
    assert services.chase_letter_draft(unit=own_unit, today=friday).reply_by == date(2022, 4, 5)


def test_a_unit_with_nothing_late_is_refused(world, coord_unit):
    with pytest.raises(ValidationError) as exc:
        services.chase_letter_draft(unit=coord_unit, today=DAY)
    assert "không có nhiệm vụ nào quá hạn" in exc.value.messages[0]
    # before the first deadline nobody is late
    with pytest.raises(ValidationError):
        services.chase_letters_draft(today=date(2021, 6, 1))


def test_all_late_units_one_letter_each(world, own_unit, other_unit):
    drafts = services.chase_letters_draft(today=DAY)
    assert {d.unit.pk for d in drafts} == {own_unit.pk, other_unit.pk}
    assert [u.overdue_count for u in selectors.late_units(today=DAY)] == [1, 1]


def test_the_docx_opens_and_carries_the_layout_and_the_tasks(world, own_unit, other_unit):
    drafts = services.chase_letters_draft(today=DAY)
    content = services.chase_letter_render(drafts=drafts, fmt="docx")
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert (round(section.left_margin.mm), round(section.right_margin.mm), round(section.top_margin.mm)) == (
        30,
        15,
        20,
    )
    assert section.different_first_page_header_footer
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "UBND TỈNH ĐỒNG THÁP" in cells and "VĂN PHÒNG" in cells and "Số:" in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert "V/v đôn đốc thực hiện nhiệm vụ" in cells
    assert "Kính gửi: Sở Thông tin và Truyền thông" in text and "Kính gửi: Sở Y tế" in text
    assert "Triển khai nền tảng họp trực tuyến đến cấp xã" in cells and "01/03/2022" in cells
    assert "Thông báo kết luận số 12/TB-VPUBND ngày 10/01/2022" in cells
    assert "Nơi nhận:" in cells and "KT. CHÁNH VĂN PHÒNG" in cells
    runs = [r for p in document.paragraphs for r in p.runs if r.text.startswith("Kính gửi")]
    assert runs[0].font.name == "Times New Roman" and runs[0].font.size.pt == 14


def test_the_pdf_carries_the_same_letter(world, own_unit, tmp_path):
    drafts = services.chase_letters_draft(today=DAY, unit=own_unit)
    text = pdf_text(services.chase_letter_render(drafts=drafts, fmt="pdf"), tmp_path)
    for expected in (
        "VĂN PHÒNG",
        "Kính gửi: Sở Thông tin và Truyền thông",
        "01/03/2022",
        "07/04/2022",
        "Nơi nhận:",
    ):
        assert expected in text


def test_libreoffice_converts_the_docx(world, own_unit, tmp_path):
    require(
        shutil.which("soffice") is not None,
        "LibreOffice (soffice) not found: install it (apt-get install libreoffice-writer-nogui); CI installs it.",
    )
    require_tool("pdftotext")
    drafts = services.chase_letters_draft(today=DAY, unit=own_unit)
    source = tmp_path / "letter.docx"
    source.write_bytes(services.chase_letter_render(drafts=drafts, fmt="docx"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",  # its own profile: no lock shared with others
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "letter.pdf"), "-"], capture_output=True, text=True
    ).stdout
    words = " ".join(text.split())  # a table cell wraps its words onto several lines
    assert "Kính gửi: Sở Thông tin và Truyền thông" in words
    assert "Triển khai nền tảng họp trực tuyến" in words
    assert "V/v đôn đốc thực hiện nhiệm vụ" in words and "Nơi nhận:" in words


def test_the_command_writes_the_file_and_prints_the_task_count(world, own_unit, tmp_path, capsys):
    out = tmp_path / "letter.docx"
    call_command("chase_letter", "--unit", "Sở TTTT", "--today", "2022-03-31", "--out", str(out))
    line = capsys.readouterr().out.strip()
    assert "tasks=3" in line and "overdue=1" in line and "reply_by=2022-04-07" in line
    assert "Triển khai nền tảng" in "\n".join(
        c.text for t in docx.Document(out).tables for r in t.rows for c in r.cells
    )
    call_command(
        "chase_letter", "--unit", str(own_unit.pk), "--today", "2022-03-31", "--out", str(tmp_path / "l.pdf")
    )
    assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")


def test_the_command_refuses_a_unit_with_nothing_late(world, coord_unit, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command(
            "chase_letter",
            "--unit",
            coord_unit.short_name,
            "--today",
            "2022-03-31",
            "--out",
            str(tmp_path / "x.docx"),
        )
    assert "không có nhiệm vụ nào quá hạn" in str(exc.value)
    assert not (tmp_path / "x.docx").exists()
    with pytest.raises(CommandError):
        call_command(
            "chase_letter", "--unit", "Không có", "--today", "2022-03-31", "--out", str(tmp_path / "x.docx")
        )


def test_the_command_exits_non_zero_with_a_vietnamese_message(world, coord_unit, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(
            [
                "manage.py",
                "chase_letter",
                "--unit",
                "SXD",
                "--today",
                "2022-03-31",
                "--out",
                str(tmp_path / "x.docx"),
            ]
        )
    assert exc.value.code != 0
    assert "Sở Xây dựng không có nhiệm vụ nào quá hạn tại ngày 31/03/2022" in capsys.readouterr().err


def test_marking_sent_records_history_once(world, office, own_unit):
    letter = services.chase_letter_mark_sent(user=office, unit=own_unit, today=DAY)
    assert letter.task_count == 3 and letter.overdue_count == 1 and letter.reply_by == date(2022, 4, 7)
    events = TaskEvent.objects.filter(kind=EventKind.CHASED)
    assert sorted(e.task.item for e in events) == ["3.a", "3.b", "4"]
    assert all(e.actor == office and "07/04/2022" in e.note for e in events)
    with pytest.raises(ValidationError) as exc:
        services.chase_letter_mark_sent(user=office, unit=own_unit, today=DAY)
    assert "đã được đánh dấu gửi" in exc.value.messages[0]
    assert TaskEvent.objects.filter(kind=EventKind.CHASED).count() == 3 and ChaseLetter.objects.count() == 1


def test_marking_all_late_units_is_all_or_nothing_and_skips_those_done(world, office, own_unit, other_unit):
    services.chase_letter_mark_sent(user=office, unit=own_unit, today=DAY)
    letters = services.chase_letters_mark_sent(user=office, today=DAY)
    assert [letter.unit_id for letter in letters] == [other_unit.pk]
    with pytest.raises(ValidationError):
        services.chase_letters_mark_sent(user=office, today=DAY)


@time_machine.travel("2022-03-31 09:00 +0700", tick=False)
def test_the_page_previews_downloads_and_marks_sent(world, office, own_unit, coord_unit):
    client = Client()
    client.force_login(office)
    page = client.get("/outputs/chase/", {"unit": str(own_unit.pk), "day": "31/03/2022"})
    html = page.content.decode()
    assert page.status_code == 200 and "Triển khai nền tảng họp trực tuyến" in html and "07/04/2022" in html
    assert "Đánh dấu đã gửi" in html
    refused = client.get(
        "/outputs/chase/", {"unit": str(coord_unit.pk), "day": "31/03/2022"}
    ).content.decode()
    assert "không có nhiệm vụ nào quá hạn" in refused and "Đánh dấu đã gửi" not in refused
    bad_day = client.get("/outputs/chase/", {"unit": str(own_unit.pk), "day": "31/13/2022"}).content.decode()
    assert "dd/mm/yyyy" in bad_day
    download = client.get("/outputs/chase/letter.docx", {"unit": str(own_unit.pk), "day": "31/03/2022"})
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert docx.Document(io.BytesIO(download.content)).paragraphs
    response = client.post("/outputs/chase/sent/", {"unit": str(own_unit.pk), "day": "31/03/2022"})
    assert response.status_code == 302
    assert TaskEvent.objects.filter(kind=EventKind.CHASED).count() == 3
    again = client.get("/outputs/chase/", {"unit": str(own_unit.pk), "day": "31/03/2022"}).content.decode()
    assert "Đã gửi lúc" in again


def test_the_page_of_every_late_unit_runs_a_fixed_number_of_queries(
    world, office, django_assert_max_num_queries
):
    from tests.factories import UnitFactory
    from tests.support.directives import make_notice

    from .world import row

    client = Client()
    client.force_login(office)
    url = "/outputs/chase/?unit=all&day=31/03/2022"
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert "Sở Y tế" in client.get(url).content.decode()
    for n in range(6):
        unit = UnitFactory()
        make_notice(office, unit, tasks=[row(unit, f"Nhiệm vụ chậm {n}", date(2022, 2, 1), "1")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Kính gửi:") == 8
