"""Reading a notice from an uploaded or given file: .txt, .docx, or .pdf with a text layer.

Shared by `manage.py extract_notice` and the upload page. Errors are ValidationErrors with a
Vietnamese message the user can act on; nothing is saved here.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
_VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
_TEXT_ENCODINGS = ("utf-8-sig", "cp1258")  # cp1258: Vietnamese Windows text


def read_notice_file(name: str, data: bytes) -> str:
    """The text of a notice file, checked to be Vietnamese text; raises ValidationError otherwise."""
    if not data or not data.strip():
        raise ValidationError(
            _("Tệp “%(name)s” rỗng: không có nội dung để đọc.") % {"name": name}, code="empty"
        )
    if len(data) > MAX_BYTES:
        raise ValidationError(_("Tệp “%(name)s” quá lớn (tối đa 20 MB).") % {"name": name}, code="too_big")
    kind = _file_kind(name, data)
    if kind == "pdf":
        text = _read_pdf(name, data)
    elif kind == "docx":
        text = _read_docx(name, data)
    elif kind == "doc":
        raise ValidationError(
            _("Tệp “%(name)s” là định dạng Word cũ (.doc). Hãy lưu lại thành .docx rồi tải lên.")
            % {"name": name},
            code="old_word",
        )
    else:
        text = _read_text(name, data)
    return validate_notice_text(text, name=name)


def validate_notice_text(text: str, *, name: str = "") -> str:
    """Check pasted or read text: not empty, and written in Vietnamese. Returns it NFC-normalised."""
    text = unicodedata.normalize("NFC", (text or "").replace("\x00", ""))
    label = f"“{name}”" if name else _("đã dán")
    if not text.strip():
        raise ValidationError(
            _("Nội dung %(label)s rỗng: không có văn bản để đọc.") % {"label": label}, code="empty"
        )
    if not looks_vietnamese(text):
        raise ValidationError(
            _(
                "Nội dung %(label)s không phải văn bản tiếng Việt (không thấy chữ có dấu). "
                "Trợ lý chỉ đọc thông báo, kế hoạch bằng tiếng Việt."
            )
            % {"label": label},
            code="not_vietnamese",
        )
    return text


def looks_vietnamese(text: str) -> bool:
    """At least 3 % of the letters carry Vietnamese diacritics (ordinary Vietnamese prose: 20-30 %)."""
    letters = [c for c in text.lower() if c.isalpha()]
    if len(letters) < 20:
        return sum(c in _VIETNAMESE_LETTERS for c in letters) >= 2
    marked = sum(c in _VIETNAMESE_LETTERS for c in letters)
    return marked / len(letters) >= 0.03


# --------------------------------------------------------------------------- formats
def _file_kind(name: str, data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    ext = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return {"pdf": "pdf", "docx": "docx", "doc": "doc"}.get(ext, "text")


def _read_text(name: str, data: bytes) -> str:
    if _is_binary(data):
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải tệp văn bản (có vẻ là tệp nhị phân). Hãy dùng .txt, .docx hoặc .pdf."
            )
            % {"name": name},
            code="binary",
        )
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _TEXT_ENCODINGS
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("Không đọc được bảng mã của tệp “%(name)s”. Hãy lưu tệp theo bảng mã UTF-8.") % {"name": name},
        code="encoding",
    )


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text with a byte-order mark
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def _read_docx(name: str, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ValidationError(
            _("Không đọc được tệp Word “%(name)s”: tệp hỏng hoặc không phải .docx.") % {"name": name},
            code="bad_docx",
        ) from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():  # paragraphs and tables in document order
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    lines.append("")
    return "\n".join(lines)


def _read_pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ValidationError(
            _("Không đọc được tệp PDF “%(name)s”: tệp hỏng hoặc bị mã hóa.") % {"name": name}, code="bad_pdf"
        ) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ValidationError(
            _(
                "Tệp PDF “%(name)s” không có lớp văn bản (có thể là bản scan/ảnh chụp). "
                "Hãy dùng tệp PDF có lớp văn bản, tệp .docx, hoặc nhận dạng chữ (OCR) trước khi tải lên."
            )
            % {"name": name},
            code="no_text_layer",
        )
    return text
