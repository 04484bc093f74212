"""python manage.py send_reminders [--today YYYY-MM-DD] [--dry-run] [--digest]

Runs the same service as the scheduled job and prints one summary line containing sent=N."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = "Gửi e-mail nhắc hạn nhiệm vụ (như lịch chạy hằng ngày); --digest: báo cáo tuần cho Văn phòng."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày chạy, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không gửi, không ghi gì.")
        parser.add_argument(
            "--digest", action="store_true", help="Gửi báo cáo tuần việc quá hạn kéo dài cho Văn phòng."
        )

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        run = services.reminders_send_digest if options["digest"] else services.reminders_send
        summary = run(today=today, dry_run=options["dry_run"])
        self.stdout.write(summary.line())
        for error in summary.errors:
            self.stderr.write(error)
