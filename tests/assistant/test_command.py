"""`manage.py extract_notice FILE [--json]` (DESIGN.md, Contract): good files give the tasks, bad files
a clear Vietnamese message and a non-zero exit. Units from the database."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dtsystem.units.services import units_load
from tests.extraction.samples import SHORT, docx_bytes, image_only_pdf, text_pdf

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "fixtures" / "notices" / "tb-quangngai-2022-02-14.txt"


@pytest.fixture
def province_units(db):
    units_load(rows=json.loads((ROOT / "fixtures" / "units.json").read_text(encoding="utf-8")))


def run(*args) -> str:
    out = io.StringIO()
    call_command("extract_notice", *args, stdout=out)
    return out.getvalue()


def test_command_json_follows_the_contract(province_units):
    tasks = json.loads(run(str(SEED_004), "--json"))
    assert len(tasks) == 11
    assert set(tasks[0]) == {
        "item",
        "content",
        "lead_units",
        "coordinating_units",
        "deadline_text",
        "deadline",
        "recurrence",
        "shape",
        "confidence",
    }
    assert {t["shape"] for t in tasks} == {"numbered"}  # the document's shape, on every object
    assert all(0 <= t["confidence"] <= 1 for t in tasks)
    by_item = {t["item"]: t for t in tasks}
    assert by_item["2.c"]["lead_units"] == ["Sở Thông tin và Truyền thông"]
    assert by_item["2.c"]["coordinating_units"] == ["Sở Tài chính"]
    assert (by_item["2.c"]["deadline_text"], by_item["2.c"]["deadline"]) == (
        "trước ngày 28/02/2022",
        "2022-02-28",
    )
    assert by_item["2.b.4"]["deadline"] == "2022-09-30"
    assert by_item["2.a"]["recurrence"] is None


@pytest.mark.parametrize("suffix, make", [(".docx", docx_bytes), (".pdf", text_pdf), (".txt", str.encode)])
def test_command_reads_txt_docx_and_pdf(province_units, tmp_path, suffix, make):
    path = tmp_path / f"notice{suffix}"
    path.write_bytes(make(SHORT))
    tasks = json.loads(run(str(path), "--json"))
    assert [(t["item"], t["lead_units"], t["deadline"], t["recurrence"]) for t in tasks] == [
        ("1", ["Sở Y tế"], "2022-06-30", None),
        ("2", ["Sở Thông tin và Truyền thông"], None, None),
        ("2", ["Sở Thông tin và Truyền thông"], None, "yearly"),
    ]


def test_command_table_is_readable_vietnamese(province_units):
    out = run(str(SEED_004))
    assert "Tìm thấy 11 nhiệm vụ" in out
    assert "Chủ trì" in out and "Thời hạn" in out
    assert "28/02/2022" in out and "Sở TTTT" in out


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("empty.txt", b"", "rỗng"),
        ("binary.txt", bytes(range(256)) * 10, "nhị phân"),
        ("english.txt", b"The committee agreed on the following actions for next quarter.", "tiếng Việt"),
        ("scan.pdf", image_only_pdf(), "không có lớp văn bản"),
    ],
)
def test_command_refuses_bad_files(province_units, tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=words):
        run(str(path))


def test_command_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run(str(tmp_path / "nope.txt"))


# --------------------------------------------------------------------------- issue 13: every shape
CORPUS = ROOT / "tests" / "extraction" / "corpus"


@pytest.fixture
def corpus_units(db):
    units_load(rows=json.loads((CORPUS / "units.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "name, shape, first",
    [
        ("kh-phuluc-2025.docx", "table", ("I.1", ["Sở Khoa học và Công nghệ"], "2025-12-31")),
        ("kh-phuluc-pdf-2026.pdf", "table", ("I.1", ["Sở Công Thương"], "2026-06-30")),
        ("kh-trachnhiem-2025.md", "plan", ("III.1.a", ["Sở Khoa học và Công nghệ"], "2026-03-31")),
        ("tin-de-an-06-2025.txt", "prose", ("1", ["Công an tỉnh"], "2025-10-30")),
        ("tb-vpcp-bcd-2025.txt", "central", ("II.1", ["Bộ Khoa học và Công nghệ"], "2025-09-30")),
    ],
)
def test_command_reads_every_shape_from_docx_pdf_md_and_txt(corpus_units, name, shape, first):
    tasks = json.loads(run(str(CORPUS / name), "--json"))
    assert {t["shape"] for t in tasks} == {shape}
    assert (tasks[0]["item"], tasks[0]["lead_units"], tasks[0]["deadline"]) == first


def test_command_table_shows_the_shape_and_the_rows_to_check(corpus_units):
    out = run(str(CORPUS / "kh-phuluc-pdf-2026.pdf"))
    assert "Dạng văn bản: bảng nhiệm vụ" in out
    assert "(cần xem lại)" in out  # the school year the parser cannot date


def test_command_refuses_a_text_too_long_and_a_table_without_header(province_units, tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("Sở Y tế triển khai bệnh án điện tử trước ngày 30/9/2025. " * 100000, encoding="utf-8")
    with pytest.raises(CommandError, match="quá dài"):
        run(str(long))
    table = tmp_path / "table.txt"
    table.write_text("A\tB\tC\n1\tXây dựng kho dữ liệu\t2025\n", encoding="utf-8")
    with pytest.raises(CommandError, match="tiêu đề"):
        run(str(table))
