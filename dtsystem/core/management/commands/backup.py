"""`manage.py backup --out DIR`: the PostgreSQL database (pg_dump, custom format) and the media files (a tar)
with a manifest of checksums and row counts (dtsystem.core.backup; README: "Backup and restore")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dtsystem.core.backup import BackupError, backup, target


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu PostgreSQL và các tệp (minh chứng, báo cáo) vào một thư mục mới. "
        "/ Back up the PostgreSQL database and the media files into a new directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="thư mục mới (hoặc trống) để ghi bản sao lưu")
        parser.add_argument("--database-url", default="", help="mặc định: DATABASE_URL của ứng dụng")
        parser.add_argument("--media-root", default="", help="mặc định: MEDIA_ROOT của ứng dụng")

    def handle(self, *args, out: str, database_url: str, media_root: str, **options):
        try:
            db, media = target(database_url=database_url, media_root=media_root)
            backup(out=Path(out), db=db, media_root=media, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
