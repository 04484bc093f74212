"""python manage.py extract_notice FILE [--json]

Prints the tasks the notice-text assistant finds in a document (.txt, .md, .docx, or .pdf with a text
layer; numbered notices, task tables, plans, prose, documents of central bodies): JSON objects with
item, content, lead_units, coordinating_units, deadline_text, deadline, recurrence, shape (the
document's, on every object) and confidence (0-1) (DESIGN.md, Contract), or a readable table. Nothing is
saved.
"""

import json
import textwrap
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from assistant.forms import review_threshold
from assistant.selectors import known_units
from dtsystem.core.workdays import working_calendar
from extraction import NoticeFileError, extract_notice, read_notice_file


class Command(BaseCommand):
    help = "Đọc một thông báo kết luận (hoặc kế hoạch) và in các nhiệm vụ đề xuất; không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .txt, .md, .docx hoặc .pdf (có lớp văn bản)")
        parser.add_argument("--json", action="store_true", help="In danh sách nhiệm vụ dạng JSON")

    def handle(self, *args, **options):
        text = self._read(Path(options["file"]))
        try:
            units = known_units()
        except DatabaseError as exc:
            raise CommandError(
                "Chưa đọc được danh sách đơn vị từ cơ sở dữ liệu. Hãy chạy “python manage.py migrate” "
                "và “python manage.py load_demo” trước."
            ) from exc
        try:
            extraction = extract_notice(text, units=units, calendar=working_calendar)
        except NoticeFileError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            data = [task.as_contract() for task in extraction.tasks]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self._print_table(extraction, threshold=review_threshold())

    def _read(self, path: Path) -> str:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        try:
            return read_notice_file(path.name, path.read_bytes())
        except NoticeFileError as exc:
            raise CommandError(exc.message) from exc

    def _print_table(self, extraction, *, threshold: float) -> None:
        header = extraction.header()
        code = (
            "/".join(p for p in (header["number"] or "…", header["symbol"]) if p) if header["symbol"] else ""
        )
        self.stdout.write(f"Văn bản: {header['kind'] or '?'} {code}  {header['place']}".rstrip())
        if header["title"]:
            self.stdout.write(f"Trích yếu: {header['title']}")
        if extraction.shape_label:
            self.stdout.write(f"Dạng văn bản: {extraction.shape_label}")
        for warning in extraction.warnings:
            self.stdout.write(f"Lưu ý: {warning}")
        if not extraction.tasks:
            self.stdout.write("Không tìm thấy nhiệm vụ nào trong văn bản.")
            return
        self.stdout.write(f"Tìm thấy {len(extraction.tasks)} nhiệm vụ:\n")
        self.stdout.write(f"{'Mục':<9} {'Chủ trì':<22} {'Phối hợp':<28} {'Thời hạn':<24} Nội dung")
        self.stdout.write("-" * 120)
        for task in extraction.tasks:
            lead = ", ".join(_short(u) for u in task.lead_units) or "(chưa xác định)"
            coords = ", ".join(_short(u) for u in task.coordinating_units) or "—"
            deadline = task.deadline.strftime("%d/%m/%Y") if task.deadline else ""
            if task.recurrence:
                deadline = task.deadline_text or task.recurrence
            deadline = deadline or "—"
            content = textwrap.shorten(task.content, width=70, placeholder="…")
            check = " (cần xem lại)" if task.needs_review(threshold) else ""
            self.stdout.write(
                f"{task.item:<9} {_cut(lead, 22):<22} {_cut(coords, 28):<28} {_cut(deadline, 24):<24} {content}{check}"
            )


def _short(ref) -> str:
    """ "Sở TTTT" rather than the full name, in a table; a name to create or a group is marked."""
    if ref.unit is not None:
        return ref.unit.short_name or ref.name
    return f"{ref.name} (mới)" if ref.is_new else f"[{ref.name}]"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
