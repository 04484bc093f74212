"""`manage.py restore --from DIR [--force]`: a backup of `manage.py backup` into an empty database and media
directory, checked against its manifest before and after (dtsystem.core.backup; README)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dtsystem.core.backup import BackupError, restore, target


class Command(BaseCommand):
    help = (
        "Khôi phục bản sao lưu vào cơ sở dữ liệu và thư mục tệp trống (từ chối ghi đè nếu không có --force). "
        "/ Restore a backup into an empty database and media directory (refuses to overwrite without --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="thư mục bản sao lưu")
        parser.add_argument("--database-url", default="", help="mặc định: DATABASE_URL của ứng dụng")
        parser.add_argument("--media-root", default="", help="mặc định: MEDIA_ROOT của ứng dụng")
        parser.add_argument(
            "--force", action="store_true", help="ghi đè cơ sở dữ liệu / thư mục tệp đã có dữ liệu"
        )

    def handle(self, *args, source: str, database_url: str, media_root: str, force: bool, **options):
        try:
            db, media = target(database_url=database_url, media_root=media_root)
            restore(source=Path(source), db=db, media_root=media, force=force, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
