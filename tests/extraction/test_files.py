"""Reading a notice from a file (.txt, .docx, .pdf with a text layer) or a pasted text: good files give
the text, bad files a NoticeFileError with a code and a clear Vietnamese message. No database."""

import io

import pytest

from extraction import NoticeFileError, read_notice_file, validate_notice_text

from .samples import SHORT, docx_bytes, image_only_pdf, png_bytes, text_pdf


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
    with pytest.raises(NoticeFileError) as caught:
        read_notice_file(name, data)
    assert caught.value.code == code
    assert words in caught.value.message


def test_english_docx_is_refused():
    with pytest.raises(NoticeFileError) as caught:
        read_notice_file("minutes.docx", docx_bytes("Minutes\nThe department shall prepare a report."))
    assert caught.value.code == "not_vietnamese"


def test_pasted_text_is_checked_the_same_way():
    assert validate_notice_text("Sở Y tế triển khai.") == "Sở Y tế triển khai."
    with pytest.raises(NoticeFileError, match="rỗng"):
        validate_notice_text("   ")
    with pytest.raises(NoticeFileError, match="tiếng Việt"):
        validate_notice_text("Please find attached the meeting conclusions for the steering committee.")
