"""Evidence uploads: size limit, allowed types, content that must match the extension; nothing half-saved."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from directives import services
from dtsystem.common.uploads import validate_evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office_zip(folder: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(f"{folder}/document.xml", "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("bao-cao.pdf", PDF, "application/pdf"),
        ("anh.png", PNG, "image/png"),
        ("anh.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        (
            "ke-hoach.docx",
            office_zip("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "so-lieu.xlsx",
            office_zip("xl"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_accepted(name, content, content_type):
    meta = validate_evidence(SimpleUploadedFile(name, content))
    assert meta["content_type"] == content_type and meta["size"] == len(content) and len(meta["sha256"]) == 64


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("virus.exe", b"MZ\x90\x00", "type"),
        ("script.html", b"<script>", "type"),
        ("khong-duoi", PDF, "type"),
        ("anh-gia.pdf", PNG, "disguised"),  # a PNG renamed to .pdf
        ("van-ban.docx", office_zip("xl"), "disguised"),  # an xlsx renamed to .docx
        ("hong.pdf", b"not a pdf at all", "disguised"),
        ("rong.pdf", b"", "empty"),
    ],
)
def test_refused(name, content, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(SimpleUploadedFile(name, content))
    assert excinfo.value.code == code


def test_too_big(settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(SimpleUploadedFile("lon.pdf", PDF + b"0" * 200))
    assert excinfo.value.code == "too_big"
    assert "quá lớn" in excinfo.value.messages[0]


def test_one_bad_file_saves_nothing(task, lead, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("a.pdf", PDF)
    bad = SimpleUploadedFile("b.pdf", PNG)
    with pytest.raises(ValidationError):
        services.task_report_progress(task=task, user=lead, percent=40, files=[good, bad])
    task.refresh_from_db()
    assert task.progress == 0 and not task.progress_reports.exists() and not task.attachments.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_files_are_stored_outside_static_and_named_randomly(task, lead, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.task_report_progress(
        task=task, user=lead, percent=40, files=[SimpleUploadedFile("Báo cáo.pdf", PDF)]
    )
    attachment = task.attachments.get()
    assert attachment.original_name == "Báo cáo.pdf"
    assert attachment.file.path.startswith(str(tmp_path))
    assert "Báo cáo" not in attachment.file.name
    with attachment.file.open("rb") as fh:
        assert fh.read() == PDF
