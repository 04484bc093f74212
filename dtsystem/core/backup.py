"""Backup and restore: the PostgreSQL database (pg_dump, custom format) and the media files (a tar), with a
manifest of checksums, row counts and versions that the restore checks before and after it writes.

A backup directory holds:
- `database.dump`: `pg_dump --format=custom --no-owner --no-privileges` of the database;
- `media.tar`: every file under MEDIA_ROOT (evidence, KPI evidence, report PDFs), paths relative to it;
- `manifest.json`: when, what (database name, server version, pg_dump version, the last migration of every
  app), the SHA-256 of both archives, every media file with its size and SHA-256, and the row count of
  every table.

`restore` checks the manifest's checksums first, refuses to write over a database that has tables or a
media directory that has files (unless `force`), runs pg_restore, unpacks the files (safely: no path
leaves the media directory), then compares every table's row count and every file's checksum with the
manifest. pg_dump and pg_restore must not be older than the server: the server's own binaries
(/usr/lib/postgresql/<major>/bin) are used when they exist, otherwise those on PATH, whose version is
checked."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media.tar"
MANIFEST = "manifest.json"
FORMAT = "dtsystem-backup/1"
SERVER_BIN = "/usr/lib/postgresql/{major}/bin"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese and English."""


@dataclass(frozen=True)
class Database:
    """Where a PostgreSQL database is (Django's settings keys)."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, db: dict) -> Database:
        if "postgresql" not in db.get("ENGINE", ""):
            raise BackupError(
                "Sao lưu/khôi phục chỉ dành cho PostgreSQL (DATABASE_URL=postgres://…); với SQLite hãy sao chép "
                "tệp cơ sở dữ liệu khi ứng dụng dừng. / Backup and restore need PostgreSQL (DATABASE_URL)."
            )
        return cls(
            name=db["NAME"],
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        import environ

        return cls.from_settings(environ.Env.db_url_config(url))

    def args(self) -> list[str]:
        """Connection options of pg_dump/pg_restore (the password goes in the environment)."""
        args = ["--dbname", self.name]
        for flag, value in (("--host", self.host), ("--port", self.port), ("--username", self.user)):
            if value:
                args += [flag, value]
        return args

    def env(self) -> dict:
        return {**os.environ, **({"PGPASSWORD": self.password} if self.password else {})}

    def connect(self):
        return psycopg2.connect(
            dbname=self.name,
            user=self.user or None,
            password=self.password or None,
            host=self.host or None,
            port=self.port or None,
        )


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, dict]:
    """{relative path: {"size", "sha256"}} of every file under `root`."""
    files = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = {"size": path.stat().st_size, "sha256": sha256(path)}
    return files


def _counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    )
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
        counts[table if schema == "public" else f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def table_counts(db: Database) -> dict[str, int]:
    """The row count of every table of the database's user schemas."""
    conn = db.connect()
    try:
        with conn.cursor() as cursor:
            return _counts(cursor)
    finally:
        conn.close()


def _migrations(cursor) -> dict[str, str]:
    """The last applied migration of every app."""
    cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(cursor.fetchall())


def _server_major(db: Database) -> int:
    conn = db.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            return int(cursor.fetchone()[0]) // 10000
    finally:
        conn.close()


def _tool_major(tool: str) -> tuple[int, str]:
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BackupError(
            f"Không chạy được {tool} (cài gói postgresql-client). / Cannot run {tool}: {exc}"
        ) from exc
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return (int(match.group(1)) if match else 0), out


def pg_tool(name: str, db: Database) -> tuple[str, str]:
    """The pg_dump/pg_restore to use and its version line: the server's own major version when installed
    (/usr/lib/postgresql/<major>/bin), else the one on PATH if it is not older than the server."""
    major = _server_major(db)
    own = Path(SERVER_BIN.format(major=major)) / name
    tool = str(own) if own.exists() else (shutil.which(name) or name)
    tool_major, version = _tool_major(tool)
    if tool_major < major:
        raise BackupError(
            f"{tool} ({version}) cũ hơn máy chủ PostgreSQL {major}: cài postgresql-client-{major}. "
            f"/ {tool} is older than the server ({major}); install postgresql-client-{major}."
        )
    return tool, version


def _run(command: list[str], db: Database) -> None:
    result = subprocess.run(command, env=db.env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} thất bại / failed (mã {result.returncode}): {result.stderr.strip()[-2000:]}"
        )


def backup(*, out: Path, db: Database, media_root: Path, say: Callable[[str], None] = print) -> dict:
    """Write database.dump, media.tar and manifest.json into `out` (a new or empty directory)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"Thư mục {out} đã có dữ liệu; hãy chọn thư mục mới. / {out} is not empty.")
    out.mkdir(parents=True, exist_ok=True)
    tool, version = pg_tool("pg_dump", db)
    # The row counts and the dump read the same snapshot: the manifest describes exactly what was dumped.
    conn = db.connect()
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts, migrations = _counts(cursor), _migrations(cursor)
            say(f"backup: {version} → {out / DUMP}")
            dump = [tool, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            _run([*dump, "--file", str(out / DUMP), *db.args()], db)
    finally:
        conn.close()
    files = media_files(media_root)
    with tarfile.open(out / MEDIA, "w") as tar:
        for relative in files:
            tar.add(media_root / relative, arcname=relative, recursive=False)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"name": db.name, "server_major": _server_major(db), "pg_dump": version},
        "migrations": migrations,
        "archives": {DUMP: sha256(out / DUMP), MEDIA: sha256(out / MEDIA)},
        "media": files,
        "tables": counts,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    say(f"backup: tables={len(counts)} rows={sum(counts.values())} files={len(files)} → {out}")
    return manifest


def read_manifest(source: Path) -> dict:
    """The manifest of a backup directory, after checking both archives against it."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Không đọc được {source / MANIFEST}. / Cannot read the manifest: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} không phải bản sao lưu DTSystem. / Not a DTSystem backup.")
    for name, expected in manifest["archives"].items():
        path = source / name
        if not path.exists() or sha256(path) != expected:
            raise BackupError(
                f"Tệp {name} bị thiếu hoặc không khớp mã kiểm tra; bản sao lưu hỏng. / {name} is missing or corrupt."
            )
    return manifest


def _safe_members(tar: tarfile.TarFile, manifest: dict):
    expected = set(manifest["media"])
    for member in tar.getmembers():
        if not member.isfile() or member.name not in expected:
            raise BackupError(f"media.tar có mục lạ: {member.name}. / Unexpected entry in media.tar.")
        yield member


def restore(
    *, source: Path, db: Database, media_root: Path, force: bool = False, say: Callable[[str], None] = print
) -> dict:
    """Restore a backup into `db` and `media_root`, refusing to overwrite data unless `force`."""
    source, media_root = Path(source), Path(media_root)
    manifest = read_manifest(source)
    existing = table_counts(db)
    if existing and not force:
        raise BackupError(
            f"Cơ sở dữ liệu {db.name} không trống ({len(existing)} bảng); khôi phục sẽ ghi đè. Hãy dùng một cơ sở "
            f"dữ liệu mới, hoặc thêm --force. / Database {db.name} is not empty; use a new one or --force."
        )
    if media_root.is_dir() and any(media_root.iterdir()) and not force:
        raise BackupError(
            f"Thư mục tệp {media_root} không trống; hãy dùng thư mục mới hoặc thêm --force. "
            f"/ Media directory {media_root} is not empty; use a new one or --force."
        )
    tool, version = pg_tool("pg_restore", db)
    say(f"restore: {version}: {source / DUMP} → {db.name}")
    clean = ["--clean", "--if-exists"] if existing else []
    _run(
        [tool, "--no-owner", "--no-privileges", "--exit-on-error", *clean, *db.args(), str(source / DUMP)], db
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA) as tar:
        tar.extractall(media_root, members=_safe_members(tar, manifest), filter="data")
    problems = []
    restored = table_counts(db)
    for table, count in manifest["tables"].items():
        if restored.get(table) != count:
            problems.append(f"{table}: {restored.get(table)} ≠ {count}")
    files = media_files(media_root)
    for name, meta in manifest["media"].items():
        if files.get(name, {}).get("sha256") != meta["sha256"]:
            problems.append(f"{name}: checksum")
    if problems:
        raise BackupError(
            "Khôi phục không khớp bản sao lưu / restore does not match: " + "; ".join(problems[:20])
        )
    say(f"restore: tables={len(restored)} rows={sum(restored.values())} files={len(manifest['media'])} OK")
    return manifest


def target(*, database_url: str = "", media_root: str = "") -> tuple[Database, Path]:
    """The database and media directory a command works on: the options, else the application's own."""
    db = (
        Database.from_url(database_url)
        if database_url
        else Database.from_settings(settings.DATABASES["default"])
    )
    return db, Path(media_root or settings.MEDIA_ROOT)
