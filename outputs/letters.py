"""The chase letter as a file: DOCX built with python-docx (styles, A4 page and margins, tables Word and
LibreOffice open and edit) and PDF rendered by WeasyPrint from the same ChaseLetterDraft objects, both in
the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I) for a công văn: the two-column header (superior body,
issuing body with a short rule, "Số: …/VP-KGVX" and the "V/v ..." subject under it; national title and
motto with a rule, place and date in italics), "Kính gửi:", the body, the task table, "Nơi nhận:" and the
signature block; Times New Roman 14 pt (13 pt for the header, 12/11 pt for "Nơi nhận"), margins top and
bottom 20 mm, left 30 mm, right 15 mm, page numbers centred in the top margin from the second page."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
NBSP_NUMBER = "\u00a0" * 8  # the number is written in by the clerk (văn thư) when the letter is issued


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def source_of(task) -> str:
    """ "Thông báo kết luận số 05/TB-UBND ngày 10/01/2022" (what the table's first column prints)."""
    doc = task.document
    text = f"{doc.get_kind_display()} {_('số')} {doc.code}"
    if doc.issue_date:
        text += f" {_('ngày')} {_d(doc.issue_date)}"
    return text


def status_of(item) -> str:
    if item.overdue:
        return _("Quá hạn %(n)s ngày") % {"n": item.days_late}
    if item.days_left == 0:
        return _("Đến hạn hôm nay")
    return _("Còn %(n)s ngày") % {"n": item.days_left}


# ------------------------------------------------------------------------------------------------ DOCX
def _font(run, size: float, *, bold=False, italic=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(
    container,
    text: str = "",
    size: float = 14,
    *,
    bold=False,
    italic=False,
    align=None,
    indent=False,
    before=0,
    after=6,
    underline=False,
):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.15
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = p.add_run(text)
        _font(run, size, bold=bold, italic=italic)
        run.font.underline = underline
    return p


def _rule(paragraph, width_cm: float) -> None:
    """A short horizontal rule under a header line: a bottom border on a paragraph indented to the width."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    paragraph.paragraph_format.space_after = Pt(2)
    return width_cm


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _cell_text(cell, text: str, size: float = 12, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.LEFT):
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    _font(run, size, bold=bold, italic=italic)
    return p


def _page_number_header(section) -> None:
    """Page numbers centred in the top margin, not on the first page (Nghị định 30/2020)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _letter_docx(doc, draft) -> None:
    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    header.autofit = False
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    p = _cell_text(left, draft.superior_body, 13, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(draft.issuing_body), 13, bold=True)
    _rule(p, 2.5)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(6)
    _font(p.add_run(f"Số: {NBSP_NUMBER}/{draft.symbol}"), 13)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(draft.subject), 12)
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("Độc lập - Tự do - Hạnh phúc"), 13, bold=True)
    _rule(p, 5.5)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(6)
    _font(p.add_run(draft.place_date), 14, italic=True)

    _para(doc, f"Kính gửi: {draft.unit.name}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=12)
    for text in draft.paragraphs[:1]:
        _para(doc, text, 14, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _task_table_docx(doc, draft)
    for text in draft.paragraphs[1:]:
        _para(doc, text, 14, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    closing = doc.add_table(rows=1, cols=2)
    _no_borders(closing)
    left, right = closing.rows[0].cells
    left.width, right.width = Cm(8), Cm(8)
    p = _cell_text(left, _("Nơi nhận:"), 12, bold=True, italic=True)
    p.paragraph_format.space_before = Pt(12)
    for line in draft.recipients:
        q = left.add_paragraph()
        q.paragraph_format.space_after = Pt(0)
        _font(q.add_run(f"- {line}"), 11)
    p = _cell_text(
        right, draft.authority[0] if draft.authority else "", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    p.paragraph_format.space_before = Pt(12)
    for line in draft.authority[1:]:
        q = right.add_paragraph()
        q.alignment = WD_ALIGN_PARAGRAPH.CENTER
        q.paragraph_format.space_after = Pt(0)
        _font(q.add_run(line), 14, bold=True)
    for _i in range(4):
        right.add_paragraph()
    q = right.add_paragraph()
    q.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(q.add_run(draft.signer_name), 14, bold=True)


TABLE_HEAD = (
    ("TT", 1.0),
    ("Văn bản giao nhiệm vụ", 3.6),
    ("Mục", 1.2),
    ("Nội dung nhiệm vụ", 6.0),
    ("Hạn hoàn thành", 2.3),
    ("Số ngày quá hạn", 2.1),
)


def _task_table_docx(doc, draft) -> None:
    table = doc.add_table(rows=1, cols=len(TABLE_HEAD))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, (title, width) in zip(table.rows[0].cells, TABLE_HEAD, strict=True):
        cell.width = Cm(width)
        _cell_text(cell, title, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    # the header row repeats on every page
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    groups = [
        (_("I. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH"), draft.overdue),
        (_("II. NHIỆM VỤ SẮP ĐẾN HẠN"), draft.soon),
    ]
    for title, items in groups:
        if not items:
            continue
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _cell_text(merged, title, 12, bold=True)
        for number, item in enumerate(items, start=1):
            cells = table.add_row().cells
            task = item.task
            values = [
                (str(number), WD_ALIGN_PARAGRAPH.CENTER),
                (source_of(task), WD_ALIGN_PARAGRAPH.LEFT),
                (task.item or "", WD_ALIGN_PARAGRAPH.CENTER),
                (task.content, WD_ALIGN_PARAGRAPH.JUSTIFY),
                (_d(task.due_date), WD_ALIGN_PARAGRAPH.CENTER),
                (str(item.days_late) if item.overdue else status_of(item), WD_ALIGN_PARAGRAPH.CENTER),
            ]
            for cell, (text, align), (_title, width) in zip(cells, values, TABLE_HEAD, strict=True):
                cell.width = Cm(width)
                _cell_text(cell, text, 12, align=align)
    _para(doc, "", 6, after=0)


def render_docx(drafts) -> bytes:
    doc = DocxDocument()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    _page_number_header(section)
    doc.core_properties.title = drafts[0].subject
    doc.core_properties.author = f"{drafts[0].superior_body} - {drafts[0].issuing_body}"
    doc.core_properties.language = "vi-VN"
    for index, draft in enumerate(drafts):
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _letter_docx(doc, draft)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------- PDF
def render_pdf(drafts) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    letters = [
        {
            "draft": d,
            "rows": [
                (
                    _("I. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH"),
                    [(i, source_of(i.task), status_of(i)) for i in d.overdue],
                ),
                (_("II. NHIỆM VỤ SẮP ĐẾN HẠN"), [(i, source_of(i.task), status_of(i)) for i in d.soon]),
            ],
        }
        for d in drafts
    ]
    html = render_to_string(
        "outputs/pdf/chase_letter.html",
        {"letters": letters, "number": NBSP_NUMBER, "subject": drafts[0].subject},
    )
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(CSS_FILE), font_config=fonts)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=fonts
    )
    return document.write_pdf()
