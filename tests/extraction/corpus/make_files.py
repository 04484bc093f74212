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


def _docx_table_document(
    path: Path, *, intro: list[str], header: list[str], rows: list, merges, outro=(), header2=None
):
    """A .docx with paragraphs, one table (header + rows) and the merges: ("v", col, first, last) joins
    the cells of a column over rows first..last (0 = first data row); a section row spans the table.
    `header2`: a second header row; equal adjacent cells of the first are merged across ("Cơ quan thực
    hiện" over "Chủ trì | Phối hợp"), a cell left blank in the second is merged down."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for line in intro:
        document.add_paragraph(line)
    top = 2 if header2 else 1
    table = document.add_table(rows=top + len(rows), cols=len(header))
    table.style = "Table Grid"
    for col, title in enumerate(header):
        table.cell(0, col).text = title
    if header2:
        col = 0
        while col < len(header):
            end = col
            while end + 1 < len(header) and header[end + 1] == header[col]:
                end += 1
            if end > col:
                table.cell(0, col).merge(table.cell(0, end)).text = header[col]
            for k in range(col, end + 1):
                if header2[k]:
                    table.cell(1, k).text = header2[k]
                elif end == col:
                    table.cell(0, k).merge(table.cell(1, k)).text = header[k]
            col = end + 1
    for r, row in enumerate(rows, start=top):
        if row[0] == SECTION:
            merged = table.cell(r, 0).merge(table.cell(r, len(header) - 1))
            merged.text = row[1]
            continue
        for col, value in enumerate(row):
            if value is not None:
                table.cell(r, col).text = value
    for kind, col, first, last in merges:
        assert kind == "v"
        keep = table.cell(first + top, col).text
        merged = table.cell(first + top, col).merge(table.cell(last + top, col))
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


def _pdf_table_document(path: Path, *, intro: list[str], table: str, outro=(), header_align="center"):
    """A PDF with a text layer (WeasyPrint): paragraphs, a bordered table whose header repeats on every
    page, a section row spanning the table."""
    from html import escape

    from weasyprint import HTML

    header, rows = _rows(table)
    width = len(header)
    head = "".join(f"<th>{escape(c)}</th>" for c in header)
    body = ""
    for row in rows:
        if row[0] == SECTION:
            body += f"<tr><td colspan='{width}'><b>{escape(row[1])}</b></td></tr>"
        else:
            body += "<tr>" + "".join(f"<td>{escape(c or '')}</td>" for c in row) + "</tr>"
    style = (
        "@page{size:A4;margin:20mm 15mm 20mm 30mm} body{font-family:serif;font-size:12pt}"
        "table{border-collapse:collapse;width:100%} td,th{border:1px solid #000;padding:3px;vertical-align:top}"
        f"th{{text-align:{header_align};font-weight:bold}} td{{text-align:left}}"
    )
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in intro)
    tail = "".join(f"<p>{escape(p)}</p>" for p in outro)
    html = (
        f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{paragraphs}"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{tail}</body></html>"
    )
    path.write_bytes(HTML(string=html).write_pdf())


def kh_phuluc_pdf_2026() -> None:
    intro = [
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
        "PHỤ LỤC II",
        "NHIỆM VỤ PHÁT TRIỂN KINH TẾ SỐ, XÃ HỘI SỐ NĂM 2026",
        "(Kèm theo Kế hoạch số 260/KH-UBND ngày 10 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh)",
    ]
    table = """
STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Sản phẩm | Thời gian hoàn thành
I. KINH TẾ SỐ
1 | Xây dựng và vận hành sàn thương mại điện tử cho sản phẩm chủ lực, sản phẩm OCOP của tỉnh, kết nối với các sàn thương mại điện tử lớn trong nước | Sở Công Thương | Sở Nông nghiệp và Môi trường; Bưu điện tỉnh | Sàn thương mại điện tử | Quý II/2026
2 | Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, ưu tiên doanh nghiệp chế biến nông sản, thủy sản | Sở Khoa học và Công nghệ | Sở Tài chính | Số doanh nghiệp được hỗ trợ | Hằng năm
3 | Thúc đẩy thanh toán không dùng tiền mặt trong thu thuế, phí, lệ phí và dịch vụ công | Thuế tỉnh Đồng Tháp | Bảo hiểm xã hội tỉnh; Trung tâm Phục vụ hành chính công tỉnh | Tỷ lệ giao dịch không dùng tiền mặt | 12/2026
4 | Phát triển du lịch thông minh: bản đồ số, thuyết minh tự động tại các điểm du lịch trọng điểm | Sở Văn hóa, Thể thao và Du lịch | Viettel Đồng Tháp | Ứng dụng du lịch thông minh | 2026
5 | Số hóa quy trình quản lý, cấp phép trong khu công nghiệp, kết nối dữ liệu doanh nghiệp | Ban Quản lý các khu công nghiệp tỉnh | Sở Khoa học và Công nghệ | Hệ thống cấp phép trực tuyến | Quý III/2026
II. XÃ HỘI SỐ
6 | Triển khai học bạ số, sổ liên lạc điện tử tại tất cả các trường phổ thông trên địa bàn tỉnh | Sở Giáo dục và Đào tạo | UBND các xã, phường | Học bạ số | Năm học 2025-2026
7 | Triển khai hồ sơ sức khỏe điện tử, kết nối liên thông dữ liệu khám chữa bệnh với Bảo hiểm xã hội | Sở Y tế | Bảo hiểm xã hội tỉnh | Hồ sơ sức khỏe điện tử | 30/6/2026
8 | Phổ cập kỹ năng số cho người dân thông qua Tổ công nghệ số cộng đồng | UBND các xã, phường | Tỉnh Đoàn; Ủy ban MTTQ Việt Nam tỉnh | Số người dân được tập huấn | Thường xuyên
9 | Phát triển nội dung số về văn hóa, lịch sử của tỉnh trên Cổng thông tin điện tử | Báo và Phát thanh, Truyền hình Đồng Tháp | Sở Văn hóa, Thể thao và Du lịch | Chuyên mục nội dung số | Hằng quý
10 | Hướng dẫn đồng bào dân tộc thiểu số, chức sắc tôn giáo sử dụng dịch vụ công trực tuyến | Sở Dân tộc và Tôn giáo | UBND các xã, phường | Hội nghị hướng dẫn | 2026
11 | Bảo đảm an ninh mạng cho các hệ thống thông tin phục vụ người dân | Công an tỉnh | Sở Khoa học và Công nghệ | Báo cáo đánh giá an ninh mạng | Quý IV/2026
"""
    outro = [
        "Các cơ quan, đơn vị chủ trì báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ để tổng hợp./."
    ]
    _pdf_table_document(HERE / "kh-phuluc-pdf-2026.pdf", intro=intro, table=table, outro=outro)


def kh_cds_2026() -> None:
    intro = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG THÁP
Số: 275/KH-UBND
Đồng Tháp, ngày 25 tháng 11 năm 2025
KẾ HOẠCH
Chuyển đổi số tỉnh Đồng Tháp năm 2026
I. MỤC TIÊU
1. 100% hồ sơ công việc cấp tỉnh, cấp xã được xử lý trên môi trường mạng (trừ hồ sơ mật).
2. Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân đạt trên 60%.
II. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.
III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ: Chủ trì theo dõi, đôn đốc, hướng dẫn triển khai Kế hoạch; tổng hợp, báo cáo UBND tỉnh kết quả thực hiện trước ngày 15/12/2026.
2. Sở Tài chính: Chủ trì, phối hợp với Sở Khoa học và Công nghệ thẩm định, bố trí kinh phí thực hiện các nhiệm vụ tại Phụ lục.
3. Các sở, ban, ngành tỉnh, UBND các xã, phường: Căn cứ nhiệm vụ được giao tại Phụ lục, xây dựng kế hoạch chi tiết của cơ quan, đơn vị, hoàn thành trong tháng 01/2026.
Nơi nhận:
- Như mục III;
- Lưu: VT, KGVX.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Phạm Văn Bình
PHỤ LỤC
NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026
(Kèm theo Kế hoạch số 275/KH-UBND ngày 25/11/2025 của UBND tỉnh)"""
    intro = intro.splitlines()
    header = ["STT", "Nhiệm vụ", "Cơ quan thực hiện", "Cơ quan thực hiện", "Thời gian"]
    header2 = ["", "", "Chủ trì", "Phối hợp", ""]
    _, rows = _rows(
        """
x
A. CHÍNH QUYỀN SỐ
1 | Triển khai ký số trên thiết bị di động cho 100% cán bộ, công chức | Sở Khoa học và Công nghệ | Sở Nội vụ; Bưu điện tỉnh | Quý I/2026
2 | Tích hợp dịch vụ công trực tuyến với ứng dụng VNeID | Trung tâm Phục vụ hành chính công tỉnh | Công an tỉnh | 6/2026
3 | Rà soát, tái cấu trúc quy trình thủ tục hành chính trước khi số hóa | Văn phòng UBND tỉnh | Các sở, ban, ngành | 2026
B. HẠ TẦNG VÀ AN TOÀN THÔNG TIN
4 | Diễn tập ứng cứu sự cố an toàn thông tin mạng | Công an tỉnh | Sở Khoa học và Công nghệ; Viettel Đồng Tháp | Quý III/2026
5 | Kiểm tra, đánh giá an toàn thông tin hệ thống của cấp xã | ~ | UBND các xã, phường | Quý IV/2026
"""
    )
    merges = [("v", 2, 5, 6)]  # Công an tỉnh leads tasks 4 and 5 (list indexes, section rows counted)
    _docx_table_document(
        HERE / "kh-cds-2026.docx", intro=intro, header=header, rows=rows, merges=merges, header2=header2
    )


def kh_yte_so_2026() -> None:
    """Held out: written after the rules were done."""
    intro = [
        "SỞ Y TẾ TỈNH ĐỒNG THÁP",
        "BẢNG PHÂN CÔNG NHIỆM VỤ CHUYỂN ĐỔI SỐ NGÀNH Y TẾ NĂM 2026",
        "(Ban hành kèm theo Kế hoạch số 05/KH-SYT ngày 08/01/2026)",
    ]
    table = """
STT | Tên nhiệm vụ | Đơn vị thực hiện | Đơn vị phối hợp | Tiến độ | Ghi chú
A. NHIỆM VỤ CHUNG CỦA NGÀNH
1 | Triển khai bệnh án điện tử tại các bệnh viện đa khoa khu vực | Sở Y tế | Sở Khoa học và Công nghệ | Tháng 3/2026 | Ưu tiên tuyến tỉnh
2 | Liên thông dữ liệu khám chữa bệnh với cơ quan bảo hiểm xã hội | Sở Y tế; Bảo hiểm xã hội tỉnh | Viễn thông Đồng Tháp | Quý 2/2026 |
3 | Cập nhật dữ liệu tiêm chủng lên hệ thống quốc gia | ~ | UBND các xã, phường | Hằng tháng |
B. NHIỆM VỤ HỖ TRỢ
4 | Hướng dẫn người dân sử dụng sổ sức khỏe điện tử trên VNeID | UBND các xã, phường | Công an tỉnh | 2026 - 2027 |
5 | Tuyên truyền về y tế số trên báo chí và mạng xã hội | Báo và Phát thanh, Truyền hình Đồng Tháp | Sở Y tế | Thường xuyên |
"""
    header, rows = _rows(table)
    merges = [("v", 2, 2, 3)]  # the lead of task 2 merged down over task 3 (list indexes)
    _docx_table_document(HERE / "kh-yte-so-2026.docx", intro=intro, header=header, rows=rows, merges=merges)


BUILDERS = [kh_phuluc_2025, kh_phuluc_pdf_2026, kh_cds_2026, kh_yte_so_2026]

if __name__ == "__main__":
    for build in BUILDERS:
        build()
        print("built", build.__name__)
