"""Notice files for the tests of the engine and of the command: a short notice as .docx, .pdf (with and
without a text layer) and .png bytes."""

import io

SHORT = (
    "Số: 7/TB-UBND\nĐồng Tháp, ngày 10 tháng 3 năm 2022\n\nTHÔNG BÁO\nKết luận về chuyển đổi số\n\n"
    "1. Sở Y tế triển khai bệnh án điện tử trước ngày 30/6/2022.\n"
    "2. Sở TT&TT chủ trì, phối hợp với Sở Nội vụ tập huấn kỹ năng số; hằng năm, tổ chức hội thảo.\n"
)


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


def docx_table_bytes(intro: list[str], rows: list[list[str]], *, merge_down=(), merge_across=()) -> bytes:
    """A .docx with paragraphs and a real Word table: `merge_down` = (column, first row, last row) cells
    merged down, `merge_across` = row indexes merged across the table (a section row)."""
    import docx

    document = docx.Document()
    for line in intro:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    for r in merge_across:
        text = rows[r][0]
        table.cell(r, 0).merge(table.cell(r, len(rows[0]) - 1)).text = text
    for col, first, last in merge_down:
        text = rows[first][col]
        table.cell(first, col).merge(table.cell(last, col)).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_image_only() -> bytes:
    """A scanned page saved as Word: one picture, no text."""
    import docx

    document = docx.Document()
    document.add_picture(io.BytesIO(png_bytes()))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_table_bytes(intro: list[str], rows: list[list[str]], outro: list[str] = ()) -> bytes:
    """A PDF with a text layer: paragraphs and a bordered table (the first row is the header; a row of
    one cell spans the table)."""
    width = len(rows[0])
    body = "".join(f"<tr>{''.join(f'<th>{c}</th>' for c in rows[0])}</tr>" for _ in [0])
    for row in rows[1:]:
        if len(row) == 1:
            body += f"<tr><td colspan='{width}'>{row[0]}</td></tr>"
        else:
            body += f"<tr>{''.join(f'<td>{c}</td>' for c in row)}</tr>"
    style = (
        "body{font-family:serif;font-size:11pt} table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #000;padding:3px;vertical-align:top;text-align:left;font-weight:normal}"
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in intro)
    tail = "".join(f"<p>{p}</p>" for p in outro)
    return pdf_bytes(
        f"<html><head><style>{style}</style></head><body>{paragraphs}<table>{body}</table>{tail}</body></html>"
    )
