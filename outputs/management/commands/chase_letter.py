"""python manage.py chase_letter --unit SHORT_NAME_OR_ID --today YYYY-MM-DD --out FILE.docx|FILE.pdf

Drafts the chase letter (văn bản đôn đốc) of one unit (or, with --all-late, of every unit with an
overdue task, one letter a page in one file) with the same code as the page, and prints one line:
`unit=... tasks=N overdue=M reply_by=YYYY-MM-DD out=FILE`. A unit with nothing overdue: a Vietnamese
message and exit code 1. --mark-sent records the sending (history events) as the page's button does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ... import selectors, services


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value!r}; hãy dùng dạng YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Soạn văn bản đôn đốc (DOCX hoặc PDF) cho một đơn vị hoặc mọi đơn vị có nhiệm vụ quá hạn."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--unit", help="Tên viết tắt, mã, tên hoặc id của đơn vị.")
        who.add_argument(
            "--all-late", action="store_true", help="Mọi đơn vị có nhiệm vụ quá hạn (mỗi đơn vị một văn bản)."
        )
        parser.add_argument(
            "--today", type=_day, default=None, help="Ngày văn bản (YYYY-MM-DD); mặc định hôm nay."
        )
        parser.add_argument("--out", required=True, help="Tệp kết quả, .docx hoặc .pdf.")

    def handle(self, *args, unit=None, all_late=False, today=None, out, **options):
        today = today or timezone.localdate()
        path = Path(out)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("docx", "pdf"):
            raise CommandError("Tệp kết quả phải có đuôi .docx hoặc .pdf.")
        target = None
        if unit:
            target = selectors.unit_lookup(unit)
            if target is None:
                raise CommandError(f"Không tìm thấy đơn vị “{unit}” (hoặc tên này khớp nhiều đơn vị).")
        try:
            drafts = services.chase_letters_draft(today=today, unit=target)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        path.write_bytes(services.chase_letter_render(drafts=drafts, fmt=fmt))
        tasks = sum(len(d.items) for d in drafts)
        overdue = sum(len(d.overdue) for d in drafts)
        who = (
            drafts[0].unit.short_name or drafts[0].unit.name if len(drafts) == 1 else f"{len(drafts)} đơn vị"
        )
        self.stdout.write(
            f"unit={who} letters={len(drafts)} tasks={tasks} overdue={overdue} "
            f"reply_by={drafts[0].reply_by.isoformat()} out={path}"
        )
