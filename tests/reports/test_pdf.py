"""The PDF itself, read back with poppler: header lines, counts, diacritics, embedded fonts, A4, page
numbers. Locally these skip without poppler-utils; in CI (DT_REQUIRE_LIVE=1) they must run."""

import re
import subprocess
from datetime import date

import pytest

from reports import services
from reports.choices import ReportStatus
from tests.support.world import bulk_tasks
from tests.support.worlds import AS_OF


def _run(tool: str, *args) -> str:
    from tests.live import require_tool

    path = require_tool(tool)
    return subprocess.run([path, *args], check=True, capture_output=True, text=True).stdout


def pdf_text(path, first: int | None = None, last: int | None = None) -> str:
    args = []
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return _run("pdftotext", *args, str(path), "-")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def built(dataset, own_unit, other_unit, small_plan):
    report = services.report_create(period="2022-Q1", today=date(2022, 4, 5), number="12")
    services.report_build(report=report)
    report.refresh_from_db()
    return report


def test_report_is_done_and_stored(built):
    assert built.status == ReportStatus.DONE
    assert built.progress == 100
    assert built.page_count >= 2
    assert built.task_count == 8
    assert built.file.name.startswith("reports/2022-Q1/")
    assert built.as_of == AS_OF  # the end of the quarter, before the day of the report


def test_header_lines_and_place_date(built):
    text = flat(pdf_text(built.file.path, 1, 1))
    for line in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐỒNG THÁP",
        "Số: 12/BC-UBND",
        "Đồng Tháp, ngày 05 tháng 4 năm 2022",
        "BÁO CÁO",
        "Tình hình thực hiện nhiệm vụ chuyển đổi số quý I năm 2022",
    ]:
        assert line in text, line


def test_counts_and_diacritics(built):
    text = flat(pdf_text(built.file.path))
    assert "Tổng số nhiệm vụ được giao là 8 nhiệm vụ" in text
    assert "Hoàn thành đúng hạn: 2 nhiệm vụ (25%)" in text
    assert "Hoàn thành quá hạn: 1 nhiệm vụ (12,5%)" in text
    assert "Đang thực hiện trong hạn: 1 nhiệm vụ (12,5%)" in text
    assert "Quá hạn chưa hoàn thành: 3 nhiệm vụ (37,5%)" in text
    assert "Thường xuyên, không có thời hạn: 1 nhiệm vụ (12,5%)" in text
    assert "Sở Thông tin và Truyền thông" in text
    assert "Triển khai bệnh án điện tử" in text and "Nhiệm vụ đã hủy" not in text
    assert "Nhiệm vụ của văn bản ban hành sau" not in text
    # the budget in Vietnamese number format, disbursed by as_of only
    assert "118.225 triệu đồng" in text and "12.500 triệu đồng" in text
    assert "Nơi nhận:" in text and "TM. ỦY BAN NHÂN DÂN" in text and "PHÓ CHỦ TỊCH" in text
    assert "PHỤ LỤC" in text


def test_every_font_is_embedded(built):
    lines = _run("pdffonts", built.file.path).splitlines()[2:]
    assert lines, "no fonts at all"
    for line in lines:
        # name type encoding emb sub uni object ID: the "emb" column is the 3rd from the right end - 3
        columns = line.split()
        assert columns[-5] == "yes", line
    assert any("Serif" in line for line in lines)


def test_pages_are_a4(built):
    info = _run("pdfinfo", "-f", "1", "-l", str(built.page_count), built.file.path)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) == built.page_count
    for width, height in sizes:
        assert 595 <= float(width) < 596 and 841 < float(height) < 843


def top_margin_text(path, page: int) -> str:
    """The text inside the top margin (20 mm = 56.7 pt) of one page."""
    return _run(
        "pdftotext",
        "-f",
        str(page),
        "-l",
        str(page),
        "-x",
        "0",
        "-y",
        "0",
        "-W",
        "596",
        "-H",
        "56",
        str(path),
        "-",
    ).strip()


def test_page_number_on_page_two_not_on_page_one(built):
    assert top_margin_text(built.file.path, 1) == ""
    assert top_margin_text(built.file.path, 2) == "2"


def test_superior_body_is_printed_when_configured(dataset, settings):
    settings.REPORT_SUPERIOR_BODY = "Bộ Thông tin và Truyền thông"
    report = services.report_create(period="2022-Q1", today=date(2022, 4, 5))
    services.report_build(report=report)
    text = flat(pdf_text(report.file.path, 1, 1))
    assert "BỘ THÔNG TIN VÀ TRUYỀN THÔNG ỦY BAN NHÂN DÂN" in text


def test_report_with_300_tasks_builds(own_unit, other_unit, coord_unit):
    bulk_tasks(300, [own_unit, other_unit, coord_unit])
    report = services.report_create(period="2022-Q2", today=date(2022, 6, 30))
    seen = []
    services.report_build(report=report, on_progress=lambda value, stage: seen.append((value, stage)))
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.task_count == 300
    values = [value for value, _ in seen]
    assert values == sorted(values) and values[-1] == 100
    assert any(stage.startswith("page ") for _, stage in seen)  # the bar moves while pages are laid out
    text = flat(pdf_text(report.file.path))
    assert "Tổng số nhiệm vụ được giao là 300 nhiệm vụ" in text
    assert "Nhiệm vụ tổng hợp số 300:" in text  # the appendix reaches the last task
    assert top_margin_text(report.file.path, report.page_count) == str(report.page_count)
