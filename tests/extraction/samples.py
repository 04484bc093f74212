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
