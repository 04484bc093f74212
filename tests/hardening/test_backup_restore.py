"""Backup and restore (issue 11, defect 14): `manage.py backup --out DIR` and `manage.py restore --from DIR`.

Live PostgreSQL (DATABASE_URL): the demo data and an uploaded evidence file are backed up, restored into a
fresh database (`data_restore_…`, created and dropped here) and a fresh media directory, and every table's
row count and every file's checksum compared. Skips on SQLite, with the reason; under DT_REQUIRE_LIVE=1
(CI) the absence of PostgreSQL is a failure."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from directives import services
from directives.models import Attachment, Task
from dtsystem.core.backup import DUMP, MANIFEST, Database, media_files, table_counts
from tests.live import require

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def source_db(db) -> Database:
    require(
        connection.vendor == "postgresql",
        "backup/restore needs PostgreSQL: set DATABASE_URL=postgres://… (CI does); SQLite has no pg_dump.",
    )
    return Database.from_settings(connection.settings_dict)


@pytest.fixture
def new_database(source_db):
    """Makes new, empty databases next to the test database (`data_restore_…`); drops them afterwards."""
    admin = Database(**{**source_db.__dict__, "name": "postgres"})
    conn = admin.connect()
    conn.autocommit = True
    names = []

    def make() -> Database:
        names.append(f"data_restore_{uuid.uuid4().hex[:10]}")
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{names[-1]}"')
        return Database(**{**source_db.__dict__, "name": names[-1]})

    try:
        yield make
    finally:
        with conn.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


@pytest.fixture
def fresh_db(new_database) -> Database:
    return new_database()


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _url(db: Database) -> str:
    auth = f"{db.user}:{db.password}@" if db.password else (f"{db.user}@" if db.user else "")
    return f"postgres://{auth}{db.host or 'localhost'}:{db.port or 5432}/{db.name}"


def _restore(source: Path, db: Database, media_root: Path, *extra: str) -> None:
    call_command(
        "restore", "--from", str(source), "--database-url", _url(db), "--media-root", str(media_root), *extra
    )


def test_backup_then_restore_into_a_fresh_database(
    source_db, fresh_db, new_database, media, demo_data, tmp_path, capsys
):
    lead = get_user_model().objects.get(username="lead_tttt")
    task = Task.objects.filter(lead_unit__code="so-tttt", status__in=["new", "in_progress"]).first()
    evidence = SimpleUploadedFile(
        "bien-ban.pdf", b"%PDF-1.4\n% bien ban nghiem thu\n%%EOF", "application/pdf"
    )
    services.task_report_progress(task=task, user=lead, percent=40, note="Kèm biên bản", files=[evidence])
    stored = Attachment.objects.get(task=task).file.name
    assert (media / stored).exists()

    out = tmp_path / "backup"
    call_command("backup", "--out", str(out))
    assert "backup: tables=" in capsys.readouterr().out
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert stored in manifest["media"] and manifest["tables"]["directives_task"] == Task.objects.count()
    # the manifest names the last migration applied to each app: directives' newest one
    from django.db.migrations.loader import MigrationLoader

    newest = max(
        name
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        if app == "directives"
    )
    assert manifest["migrations"]["directives"] == newest

    restored_media = tmp_path / "restored-media"
    _restore(out, fresh_db, restored_media)
    assert "OK" in capsys.readouterr().out
    source_counts, restored_counts = table_counts(source_db), table_counts(fresh_db)
    assert restored_counts == source_counts and source_counts["directives_attachment"] == 1
    assert source_counts["directives_task"] >= 29 and source_counts["units_unit"] >= 70  # the demo data
    assert media_files(restored_media) == media_files(media) == manifest["media"]

    # Over a database with tables, or a media directory with files: refused without --force.
    with pytest.raises(CommandError, match="không trống.*--force"):
        _restore(out, fresh_db, tmp_path / "m2")
    other = new_database()
    with pytest.raises(CommandError, match="Thư mục tệp .* không trống"):
        _restore(out, other, restored_media)
    assert table_counts(other) == {}
    _restore(out, fresh_db, restored_media, "--force")
    assert table_counts(fresh_db) == source_counts


def test_a_damaged_or_foreign_backup_is_refused(source_db, fresh_db, media, tmp_path):
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out))
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("backup", "--out", str(out))
    with (out / DUMP).open("ab") as handle:
        handle.write(b"x")
    with pytest.raises(CommandError, match="không khớp mã kiểm tra"):
        _restore(out, fresh_db, tmp_path / "m")
    with pytest.raises(CommandError, match="Không đọc được"):
        _restore(tmp_path, fresh_db, tmp_path / "m")
    assert table_counts(fresh_db) == {}
