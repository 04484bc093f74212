"""Reading a notice from a file (.txt, .docx, .pdf with a text layer) and `manage.py extract_notice`:
good files give the tasks, bad files a clear Vietnamese message and a non-zero exit."""

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from directives.extraction import read_notice_file, validate_notice_text
from dtsystem.units.services import units_load

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "fixtures" / "notices" / "tb-quangngai-2022-02-14.txt"
SHORT = (
    "Số: 7/TB-UBND\nĐồng Tháp, ngày 10 tháng 3 năm 2022\n\nTHÔNG BÁO\nKết luận về chuyển đổi số\n\n"
    "1. Sở Y tế triển khai bệnh án điện tử trước ngày 30/6/2022.\n"
    "2. Sở TT&TT chủ trì, phối hợp với Sở Nội vụ tập huấn kỹ năng số; hằng năm, tổ chức hội thảo.\n"
)


# --------------------------------------------------------------------------- files for the tests
def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 200), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A scanned page: an image and no text at all."""
    import base64

    data = base64.b64encode(png_bytes()).decode()
    return pdf_bytes(f'<html><body><img src="data:image/png;base64,{data}" style="width:15cm"></body></html>')


def text_pdf(text: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n") if line)
    return pdf_bytes(f"<html><body style='font-family: serif'>{paragraphs}</body></html>")


# --------------------------------------------------------------------------- read_notice_file
def test_plain_text_utf8_with_bom():
    text = read_notice_file("tb.txt", b"\xef\xbb\xbf" + SHORT.encode("utf-8"))
    assert text.startswith("Số: 7/TB-UBND")


def cp1258(text: str) -> bytes:
    """Windows-1258 (old Vietnamese Windows text): letters such as ê, ơ precomposed, tone marks combining."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in marks:
            joined = unicodedata.normalize("NFC", base + mark)
            if len(joined) == 1 and joined.encode("cp1258", errors="ignore"):
                base = joined
                marks.remove(mark)
                break
        out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return out


def test_plain_text_utf16_and_windows_1258():
    assert "Sở Y tế" in read_notice_file("tb.txt", SHORT.encode("utf-16"))
    legacy = "Thông báo: Sở Y tế triển khai bệnh án điện tử, hoàn thành trong năm nay."
    assert read_notice_file("tb.txt", cp1258(legacy)) == legacy


def test_docx_paragraphs_and_tables_in_order():
    import docx

    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Nơi nhận:"
    table.cell(0, 1).text = "KT. CHỦ TỊCH"
    document.add_paragraph("Sở Y tế triển khai bệnh án điện tử.")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_notice_file("tb.docx", buffer.getvalue())
    assert text.index("THÔNG BÁO") < text.index("Nơi nhận:") < text.index("Sở Y tế")


def test_pdf_with_a_text_layer():
    text = read_notice_file("tb.pdf", text_pdf(SHORT))
    assert "Sở Y tế triển khai bệnh án điện tử" in text


@pytest.mark.parametrize(
    "name, data, code, words",
    [
        ("empty.txt", b"", "empty", "rỗng"),
        ("blank.txt", b"  \n\t\n ", "empty", "rỗng"),
        ("photo.txt", png_bytes(), "binary", "nhị phân"),
        ("random.bin", bytes(range(256)) * 20, "binary", "nhị phân"),
        (
            "english.txt",
            b"Minutes of the meeting. The department shall send the report by Friday.",
            "not_vietnamese",
            "tiếng Việt",
        ),
        ("scan.pdf", image_only_pdf(), "no_text_layer", "không có lớp văn bản"),
        ("broken.pdf", b"%PDF-1.7\n this is not a pdf", "bad_pdf", "Không đọc được tệp PDF"),
        ("broken.docx", b"PK\x03\x04not really a zip file at all", "bad_docx", "Không đọc được tệp Word"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_word", ".docx"),
    ],
)
def test_bad_files_are_refused_with_a_vietnamese_message(name, data, code, words):
    with pytest.raises(ValidationError) as caught:
        read_notice_file(name, data)
    assert caught.value.code == code
    assert words in caught.value.messages[0]


def test_english_docx_is_refused():
    with pytest.raises(ValidationError) as caught:
        read_notice_file("minutes.docx", docx_bytes("Minutes\nThe department shall prepare a report."))
    assert caught.value.code == "not_vietnamese"


def test_pasted_text_is_checked_the_same_way():
    assert validate_notice_text("Sở Y tế triển khai.") == "Sở Y tế triển khai."
    with pytest.raises(ValidationError, match="rỗng"):
        validate_notice_text("   ")
    with pytest.raises(ValidationError, match="tiếng Việt"):
        validate_notice_text("Please find attached the meeting conclusions for the steering committee.")


# --------------------------------------------------------------------------- the command
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
    }
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
