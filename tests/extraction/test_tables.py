"""Issue 13, task tables: a plan's table of tasks pasted from Word (tabs), in Markdown (pipes), uploaded as
.docx (real Word tables, merged cells) or as PDF (columns from the layout). Units of the corpus's register."""

from datetime import date

import pytest

from extraction import NoticeFileError, extract_notice, read_notice_file

from .samples import docx_image_only, docx_table_bytes, pdf_table_bytes

HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả", "Thời gian hoàn thành"]


def key(ref):
    return ref.code or (f"group:{ref.group}" if ref.group else f"{ref.kind}:{ref.name}")


def rows_of(extraction):
    return [
        (
            t.item,
            key(t.lead_unit) if t.lead_unit else None,
            sorted(key(u) for u in t.coordinating_units),
            t.deadline,
        )
        for t in extraction.tasks
    ]


def tabs(*rows):
    return "\n".join("\t".join(row) for row in rows)


# --------------------------------------------------------------------------- pasted from Word
def test_a_table_pasted_from_word_gives_one_task_per_row_with_units_and_deadlines(units):
    text = tabs(
        HEADER,
        ["I", "HOÀN THIỆN THỂ CHẾ", "", "", "", ""],
        [
            "1",
            "Xây dựng Quy chế chia sẻ dữ liệu",
            "Sở Khoa học và Công nghệ",
            "Sở Tư pháp; Công an tỉnh",
            "Quyết định",
            "Quý III/2025",
        ],
        ["2", "Số hóa hồ sơ hộ tịch", "Sở Tư pháp", "UBND các xã, phường", "Dữ liệu", "6/2026"],
    )
    extraction = extract_notice(text, units=units)
    assert extraction.shape == "table"
    assert rows_of(extraction) == [
        ("I.1", "so-khcn", ["congan", "so-tuphap"], date(2025, 9, 30)),
        ("I.2", "so-tuphap", ["group:communes"], date(2026, 6, 30)),
    ]
    first = extraction.tasks[0]
    assert extraction.title == ""  # no caption above the table
    assert first.section == "I. Hoàn thiện thể chế"
    assert first.content == "Xây dựng Quy chế chia sẻ dữ liệu (sản phẩm: Quyết định)."
    assert first.deadline_text == "Quý III/2025"
    assert first.source[0].text.startswith("1\tXây dựng Quy chế")


@pytest.mark.parametrize(
    "cell, due, kind, recurrence",
    [
        ("2025", date(2025, 12, 31), "year", None),
        ("6/2025", date(2025, 6, 30), "month", None),
        ("Quý III/2025", date(2025, 9, 30), "quarter", None),
        ("Thường xuyên", None, "none", None),
        ("Hằng năm", None, "recurring", "yearly"),
        ("Năm 2025-2026", date(2026, 12, 31), "year", None),
        ("30/9/2025", date(2025, 9, 30), "day", None),
    ],
)
def test_deadline_cells(units, cell, due, kind, recurrence):
    text = tabs(HEADER, ["1", "Triển khai bệnh án điện tử", "Sở Y tế", "", "", cell])
    (task,) = extract_notice(text, units=units).tasks
    assert (task.deadline, task.deadline_kind, task.recurrence, task.deadline_text) == (
        due,
        kind,
        recurrence,
        cell,
    )


def test_columns_are_found_by_their_headers_in_any_order(units):
    text = tabs(
        ["STT", "Thời hạn", "Đơn vị phối hợp", "Nội dung công việc", "Đơn vị chủ trì"],
        ["1", "Quý IV/2025", "Sở Nội vụ", "Tập huấn kỹ năng số", "Sở Khoa học và Công nghệ"],
    )
    assert rows_of(extract_notice(text, units=units)) == [("1", "so-khcn", ["so-noivu"], date(2025, 12, 31))]


def test_a_cell_of_several_paragraphs_pasted_on_several_lines(units):
    text = (
        "TT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n"
        "1\tXây dựng kho dữ liệu dùng chung,\n"
        "bảo đảm an toàn thông tin\tSở Khoa học và Công nghệ\tCông an tỉnh\t2026\n"
        "2\tTuyên truyền chuyển đổi số\tSở Văn hóa, Thể thao và Du lịch\t\tHằng năm\n"
    )
    extraction = extract_notice(text, units=units)
    assert rows_of(extraction) == [
        ("1", "so-khcn", ["congan"], date(2026, 12, 31)),
        ("2", "so-vhttdl", [], None),
    ]
    assert extraction.tasks[0].content.startswith(
        "Xây dựng kho dữ liệu dùng chung, bảo đảm an toàn thông tin"
    )


def test_a_lead_cell_naming_several_units_gives_a_task_each(units):
    text = tabs(
        HEADER,
        ["1", "Phủ sóng 5G", "Viettel Đồng Tháp, Viễn thông Đồng Tháp", "UBND các xã, phường", "", "2026"],
    )
    assert [key(t.lead_unit) for t in extract_notice(text, units=units).tasks] == ["viettel", "vnpt"]


def test_one_cell_for_lead_and_coordination(units):
    text = tabs(
        ["TT", "Nội dung", "Cơ quan thực hiện", "Thời gian"],
        ["1", "Số hóa hồ sơ đất đai", "Sở Nông nghiệp và Môi trường chủ trì, phối hợp Sở Tài chính", "2026"],
    )
    assert rows_of(extract_notice(text, units=units)) == [
        ("1", "so-nnmt", ["so-taichinh"], date(2026, 12, 31))
    ]


def test_an_empty_lead_cell_under_a_row_with_one_is_a_cell_merged_down(units):
    text = tabs(
        HEADER,
        ["1", "Xây dựng Quy chế", "Sở Khoa học và Công nghệ", "", "", "2025"],
        ["2", "Ban hành danh mục dữ liệu", "", "", "", "2025"],
    )
    second = extract_notice(text, units=units).tasks[1]
    assert key(second.lead_unit) == "so-khcn"
    assert second.field_confidence["lead_units"] < 0.7  # to be checked by the clerk


def test_a_lead_cell_naming_no_known_unit_proposes_a_unit_to_create(units):
    text = tabs(HEADER, ["1", "Xúc tiến thương mại số", "Trung tâm Xúc tiến Thương mại tỉnh", "", "", "2025"])
    (task,) = extract_notice(text, units=units).tasks
    assert (task.lead_unit.kind, task.lead_unit.name) == ("new", "Trung tâm Xúc tiến Thương mại")
    assert task.needs_review(0.7)


def test_a_markdown_table(units):
    text = (
        "| TT | Nội dung | Chủ trì | Phối hợp | Tiến độ |\n|---|---|---|---|---|\n"
        "| A. | NHIỆM VỤ CHUNG | | | |\n"
        "| 1 | Cập nhật dữ liệu DTI | Các sở, ban, ngành | Sở KH&CN | 15/10/2025 |\n"
    )
    extraction = extract_notice(text, units=units)
    assert rows_of(extraction) == [("A.1", "group:departments", ["so-khcn"], date(2025, 10, 15))]
    assert extraction.tasks[0].section == "A. Nhiệm vụ chung"


def test_a_header_of_two_rows(units):
    text = tabs(
        ["TT", "Nội dung", "Cơ quan thực hiện", "Cơ quan thực hiện", "Thời gian"],
        ["", "", "Chủ trì", "Phối hợp", ""],
        ["1", "Số hóa hồ sơ", "Sở Tư pháp", "Sở Nội vụ", "2026"],
    )
    assert rows_of(extract_notice(text, units=units)) == [
        ("1", "so-tuphap", ["so-noivu"], date(2026, 12, 31))
    ]


# --------------------------------------------------------------------------- Word and PDF files
def test_a_word_table_with_merged_cells(units):
    data = docx_table_bytes(
        ["PHỤ LỤC", "DANH MỤC NHIỆM VỤ NĂM 2025"],
        [
            HEADER,
            ["I. HẠ TẦNG SỐ", "", "", "", "", ""],
            [
                "1",
                "Nâng cấp trung tâm dữ liệu",
                "Sở Khoa học và Công nghệ",
                "Sở Tài chính",
                "",
                "Quý IV/2025",
            ],
            ["2", "Nâng cấp mạng chuyên dùng", "", "Viễn thông Đồng Tháp", "", "2026"],
        ],
        merge_across=[1],
        merge_down=[(2, 2, 3)],
    )
    extraction = extract_notice(read_notice_file("phu-luc.docx", data), units=units)
    assert extraction.title == "Danh mục nhiệm vụ năm 2025"  # the caption, for the document's title
    assert rows_of(extraction) == [
        ("I.1", "so-khcn", ["so-taichinh"], date(2025, 12, 31)),
        ("I.2", "so-khcn", ["vnpt"], date(2026, 12, 31)),
    ]
    assert extraction.tasks[1].section == "I. Hạ tầng số"
    assert extraction.shape == "table"


def test_a_pdf_table_read_from_its_layout(units):
    data = pdf_table_bytes(
        ["PHỤ LỤC", "Danh mục nhiệm vụ năm 2025"],
        [
            ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
            ["I. HẠ TẦNG SỐ"],
            [
                "1",
                "Nâng cấp mạng truyền số liệu chuyên dùng đến cấp xã, bảo đảm kết nối thông suốt",
                "Sở Khoa học và Công nghệ",
                "Viễn thông Đồng Tháp",
                "Quý IV/2025",
            ],
            ["2", "Số hóa hồ sơ", "Sở Tư pháp", "UBND các xã, phường", "6/2026"],
        ],
        ["Trên đây là danh mục nhiệm vụ năm 2025 của tỉnh."],
    )
    extraction = extract_notice(read_notice_file("phu-luc.pdf", data), units=units)
    assert rows_of(extraction) == [
        ("I.1", "so-khcn", ["vnpt"], date(2025, 12, 31)),
        ("I.2", "so-tuphap", ["group:communes"], date(2026, 6, 30)),
    ]
    assert extraction.tasks[0].content.startswith("Nâng cấp mạng truyền số liệu chuyên dùng đến cấp xã")


# --------------------------------------------------------------------------- bad tables
def test_a_table_without_a_recognisable_header_is_refused_with_a_message(units):
    text = tabs(["A", "B", "C"], ["1", "Xây dựng kho dữ liệu", "2025"], ["2", "Tập huấn", "2026"])
    with pytest.raises(NoticeFileError) as caught:
        extract_notice(text, units=units)
    assert caught.value.code == "no_table_header"
    assert "tiêu đề" in caught.value.message


def test_a_table_without_a_header_beside_prose_orders_is_a_warning(units):
    text = "1. Sở Y tế triển khai bệnh án điện tử trước ngày 30/9/2025.\n\n" + tabs(
        ["Năm", "Kinh phí", "Nguồn"], ["2025", "1.200", "NSĐP"]
    )
    extraction = extract_notice(text, units=units)
    assert [key(t.lead_unit) for t in extraction.tasks] == ["so-yte"]
    assert extraction.warnings


def test_a_scanned_word_file_is_refused_with_a_message():
    with pytest.raises(NoticeFileError) as caught:
        read_notice_file("scan.docx", docx_image_only())
    assert caught.value.code == "scanned_docx"
    assert "hình ảnh" in caught.value.message
