"""Scorecard files: the xlsx (openpyxl: one sheet, a title, the head, one row a unit, the total, numbers as
numbers) and the PDF (WeasyPrint, the report's fonts and rules, the SVG chart)."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import charts, conf
from .periods import vn_long_date
from .selectors import Scorecard

CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "report.css"


def columns() -> list[tuple[str, str]]:
    """(attribute, head) of the scorecard table, in the order of the page, the xlsx and the PDF."""
    return [
        ("due", _("Đến hạn trong kỳ")),
        ("done_on_time", _("Hoàn thành đúng hạn")),
        ("done_late", _("Hoàn thành quá hạn")),
        ("overdue", _("Quá hạn chưa hoàn thành")),
        ("on_track", _("Chưa đến hạn / đang trong hạn")),
        ("on_time_rate", _("Tỷ lệ đúng hạn (%)")),
        ("avg_days_late", _("Số ngày trễ bình quân")),
        ("extensions_asked", _("Xin gia hạn")),
        ("extensions_granted", _("Được gia hạn")),
        ("returned", _("Bị trả lại")),
    ]


def scorecard_filename(card: Scorecard, fmt: str) -> str:
    return f"bang-diem-don-vi-{card.period.code}.{fmt}"


def scorecard_xlsx(card: Scorecard) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = card.period.code
    ws.append([_("BẢNG ĐIỂM KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐƠN VỊ") + f" — {card.period.label.upper()}"])
    ws.append([_("Số liệu tính đến ngày %(day)s") % {"day": card.as_of.strftime("%d/%m/%Y")}])
    ws.append([])
    trend_heads = [_("Tỷ lệ đúng hạn %(p)s (%%)") % {"p": p.short_label} for p in card.previous]
    head = [_("Hạng"), _("Đơn vị"), *[h for _k, h in columns()], *trend_heads]
    ws.append(head)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws["A1"].font = Font(bold=True, size=13)
    for row in [*card.rows, card.totals]:
        values = [row.rank if row is not card.totals else None, row.unit.name]
        for key, _head in columns():
            value = getattr(row, key)
            values.append(
                float(value) if value is not None and key in ("on_time_rate", "avg_days_late") else value
            )
        values += [float(t["on_time_rate"]) if t["on_time_rate"] is not None else None for t in row.trend]
        ws.append(values)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 42
    for letter in "CDEFGHIJKLMNOPQ":
        ws.column_dimensions[letter].width = 13
    ws.freeze_panes = "C5"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def scorecard_pdf(card: Scorecard, *, today) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    title = _("Tỷ lệ hoàn thành đúng hạn theo đơn vị, %(period)s") % {"period": card.period.label}
    html = render_to_string(
        "outputs/pdf/scorecards.html",
        {
            "card": card,
            "columns": columns(),
            "chart": charts.on_time_bars(card.rows, title=title, width=600),
            "chart_title": title,
            "superior_body": conf.superior_body().upper(),
            "issuing_body": conf.issuing_body().upper(),
            "place_date": f"{conf.place()}, {vn_long_date(today)}",
        },
    )
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(CSS_FILE), font_config=fonts)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=fonts
    )
    return document.write_pdf()
