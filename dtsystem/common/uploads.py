"""Evidence uploads: size limit, allowed types, and the file's content must match its extension."""

import hashlib
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


def _sniff(head: bytes, raw) -> str | None:
    """The real type of a file from its first bytes (and, for Office files, the zip's contents)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        raw.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(raw.read())) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def validate_evidence(upload) -> dict:
    """Check one uploaded file; return {original_name, content_type, size, sha256} or raise ValidationError."""
    name = upload.name or ""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); tối đa %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(
            _(
                "Không nhận loại tệp “%(ext)s”. Chỉ nhận PDF, Word (docx), Excel (xlsx) và ảnh (PNG, JPEG, GIF, WebP)."
            )
            % {"ext": ext or name},
            code="type",
        )
    upload.seek(0)
    head = upload.read(16)
    actual = _sniff(head, upload)
    if actual is None or (actual != ext and {actual, ext} != {"jpg", "jpeg"}):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không đúng với đuôi .%(ext)s (tệp bị đổi tên hoặc hỏng).")
            % {"name": name, "ext": ext},
            code="disguised",
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {
        "original_name": name[:255],
        "content_type": ALLOWED[ext],
        "size": upload.size,
        "sha256": digest.hexdigest(),
    }
