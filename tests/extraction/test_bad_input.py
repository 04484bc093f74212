"""Issue 13, bad input: each gets a clear Vietnamese message (NoticeFileError), never a crash nor minutes of
work. The time itself is measured in bench/extraction_quality.py (section 3), not asserted here."""

import pytest

from extraction import NoticeFileError, extract_notice, read_notice_file
from extraction.quality import corpus_units

from .samples import docx_image_only, image_only_pdf


def test_a_5mb_text_finishes_with_a_message():
    text = (
        "Sở Khoa học và Công nghệ chủ trì triển khai nhiệm vụ chuyển đổi số trước ngày 30/9/2025. " * 60000
    )[: 5 * 1024 * 1024]
    with pytest.raises(NoticeFileError) as caught:
        extract_notice(read_notice_file("dai.txt", text.encode("utf-8")), units=corpus_units())
    assert caught.value.code == "too_long"
    assert "Văn bản quá dài" in caught.value.message


@pytest.mark.parametrize(
    "name, data, code, words",
    [
        ("scan.pdf", image_only_pdf(), "no_text_layer", "không có lớp văn bản"),
        ("scan.docx", docx_image_only(), "scanned_docx", "chỉ có hình ảnh"),
    ],
)
def test_files_without_text(name, data, code, words):
    with pytest.raises(NoticeFileError) as caught:
        read_notice_file(name, data)
    assert caught.value.code == code and words in caught.value.message


def test_a_long_but_acceptable_document_is_read():
    body = "".join(
        f"{i % 90 + 1}. Sở Y tế triển khai nhiệm vụ số {i} về bệnh án điện tử trước ngày 30/9/2025.\n"
        for i in range(3000)
    )
    extraction = extract_notice("Kết luận như sau:\n" + body, units=corpus_units())
    assert len(extraction.tasks) == 3000
