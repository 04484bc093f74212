"""Builds the corpus's binary documents (.docx, .pdf) from the tables below, so that what they say can
be read and reviewed here. Run once after a change: `.venv/bin/python tests/extraction/corpus/make_files.py`.
The files are committed; the benchmark and the tests read the committed files, not this script."""

from __future__ import annotations

import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTION = "section"


def _rows(table: str) -> tuple[list[str], list]:
    """ "a | b | c" lines → cells; a line without "|" is a section row; "~" is a cell left empty (merged
    into the cell above)."""
    lines = [line for line in table.strip().split("\n") if line.strip()]
    header = [cell.strip() for cell in lines[0].split("|")]
    rows: list = []
    for line in lines[1:]:
        if "|" not in line:
            rows.append((SECTION, line.strip()))
        else:
            rows.append(tuple(None if c.strip() == "~" else c.strip() for c in line.split("|")))
    return header, rows


def _docx_table_document(path: Path, *, intro: list[str], header: list[str], rows: list, merges, outro=()):
    """A .docx with paragraphs, one table (header + rows) and the merges: ("v", col, first, last) joins
    the cells of a column over rows first..last (0 = first data row); a section row spans the table."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for line in intro:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for col, title in enumerate(header):
        table.cell(0, col).text = title
    for r, row in enumerate(rows, start=1):
        if row[0] == SECTION:
            merged = table.cell(r, 0).merge(table.cell(r, len(header) - 1))
            merged.text = row[1]
            continue
        for col, value in enumerate(row):
            if value is not None:
                table.cell(r, col).text = value
    for kind, col, first, last in merges:
        assert kind == "v"
        keep = table.cell(first + 1, col).text
        merged = table.cell(first + 1, col).merge(table.cell(last + 1, col))
        merged.text = keep
    for line in outro:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def kh_phuluc_2025() -> None:
    intro = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐỒNG THÁP",
        "PHỤ LỤC",
        "DANH MỤC NHIỆM VỤ TRIỂN KHAI CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2025 - 2026",
        "(Kèm theo Kế hoạch số 215/KH-UBND ngày 05 tháng 9 năm 2025 của UBND tỉnh Đồng Tháp)",
        "",
    ]
    table = """
TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả/sản phẩm | Thời gian hoàn thành
I. HOÀN THIỆN THỂ CHẾ, CƠ CHẾ, CHÍNH SÁCH
1 | Xây dựng Quy chế quản lý, vận hành, khai thác Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh | Sở Khoa học và Công nghệ | Sở Tư pháp; Công an tỉnh | Quyết định của UBND tỉnh | Quý IV/2025
2 | Ban hành danh mục cơ sở dữ liệu dùng chung của tỉnh | ~ | Các sở, ban, ngành | Quyết định của UBND tỉnh | 12/2025
3 | Rà soát, đề xuất sửa đổi các quy định về thủ tục hành chính không còn phù hợp với môi trường số | Sở Tư pháp | Văn phòng UBND tỉnh | Báo cáo rà soát | 2025
II. PHÁT TRIỂN HẠ TẦNG SỐ
4 | Nâng cấp Trung tâm dữ liệu của tỉnh đáp ứng tiêu chuẩn Tier III | Sở Khoa học và Công nghệ | Sở Tài chính | Trung tâm dữ liệu được nâng cấp | Năm 2025-2026
5 | Phủ sóng di động băng rộng đến 100% thôn, ấp | Viettel Đồng Tháp, Viễn thông Đồng Tháp | UBND các xã, phường | Hạ tầng được phủ sóng | Thường xuyên
6 | Triển khai hệ thống camera giám sát an ninh, trật tự kết nối Trung tâm giám sát, điều hành thông minh | Công an tỉnh | Sở Khoa học và Công nghệ; UBND các xã, phường | Hệ thống camera | 6/2026
III. PHÁT TRIỂN DỮ LIỆU VÀ ỨNG DỤNG SỐ
7 | Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực | Các sở, ban, ngành; UBND các xã, phường | Trung tâm Phục vụ hành chính công tỉnh | Dữ liệu được số hóa | Quý III/2026
8 | Xây dựng cơ sở dữ liệu đất đai của tỉnh | Sở Nông nghiệp và Môi trường | Sở Tài chính; UBND các xã, phường | Cơ sở dữ liệu đất đai | 2026
9 | Triển khai bệnh án điện tử tại các bệnh viện công lập | Sở Y tế |  | Bệnh án điện tử | 30/9/2025
10 | Báo cáo kết quả thực hiện Kế hoạch, gửi Sở Khoa học và Công nghệ tổng hợp | Các sở, ban, ngành |  | Báo cáo | Hằng quý
IV. NÂNG CAO NHẬN THỨC, PHÁT TRIỂN NHÂN LỰC SỐ
11 | Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã | Sở Nội vụ | Sở Khoa học và Công nghệ | Lớp tập huấn | Hằng năm
12 | Tuyên truyền về chuyển đổi số trên các phương tiện thông tin đại chúng | Báo và Phát thanh, Truyền hình Đồng Tháp | Sở Văn hóa, Thể thao và Du lịch | Tin, bài, phóng sự | ~
"""
    header, rows = _rows(table)
    merges = [("v", 2, 1, 2), ("v", 5, 14, 15)]  # lead of tasks 1-2; deadline of tasks 11-12 (list indexes)
    _docx_table_document(HERE / "kh-phuluc-2025.docx", intro=intro, header=header, rows=rows, merges=merges)


BUILDERS = [kh_phuluc_2025]

if __name__ == "__main__":
    for build in BUILDERS:
        build()
        print("built", build.__name__)
