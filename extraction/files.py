"""Reading a notice from an uploaded or given file: .txt, .docx, or .pdf with a text layer.

Shared by `manage.py extract_notice` and the upload page. A file that cannot be read raises
NoticeFileError: a `code` and a Vietnamese message the user can act on (the Django side turns it into a
ValidationError); nothing is saved here.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

from .tables import layout_rows

MAX_BYTES = 20 * 1024 * 1024
_VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
_TEXT_ENCODINGS = ("utf-8-sig", "cp1258")  # cp1258: Vietnamese Windows text


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages` without translating it (the engine knows no Django): the
    Django side translates NoticeFileError.template when it shows the error."""
    return message


class NoticeFileError(ValueError):
    """A notice file or pasted text the assistant cannot read. `code`: empty, binary, not_vietnamese,
    no_text_layer, bad_pdf, bad_docx, old_word, encoding or too_big; `template` % `params` is the
    Vietnamese message (`message`)."""

    def __init__(self, code: str, template: str, **params: str) -> None:
        self.code = code
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template % self.params


def read_notice_file(name: str, data: bytes) -> str:
    """The text of a notice file, checked to be Vietnamese text; raises NoticeFileError otherwise."""
    if not data or not data.strip():
        raise NoticeFileError(
            "empty", gettext_noop("Tệp “%(name)s” rỗng: không có nội dung để đọc."), name=name
        )
    if len(data) > MAX_BYTES:
        raise NoticeFileError("too_big", gettext_noop("Tệp “%(name)s” quá lớn (tối đa 20 MB)."), name=name)
    kind = _file_kind(name, data)
    if kind == "pdf":
        text = _read_pdf(name, data)
    elif kind == "docx":
        text = _read_docx(name, data)
    elif kind == "doc":
        raise NoticeFileError(
            "old_word",
            gettext_noop("Tệp “%(name)s” là định dạng Word cũ (.doc). Hãy lưu lại thành .docx rồi tải lên."),
            name=name,
        )
    else:
        text = _read_text(name, data)
    return validate_notice_text(text, name=name)


def validate_notice_text(text: str, *, name: str = "") -> str:
    """Check pasted or read text: not empty, and written in Vietnamese. Returns it NFC-normalised."""
    text = unicodedata.normalize("NFC", (text or "").replace("\x00", ""))
    label = f"“{name}”" if name else "đã dán"
    if not text.strip():
        raise NoticeFileError(
            "empty", gettext_noop("Nội dung %(label)s rỗng: không có văn bản để đọc."), label=label
        )
    if not looks_vietnamese(text):
        raise NoticeFileError(
            "not_vietnamese",
            gettext_noop(
                "Nội dung %(label)s không phải văn bản tiếng Việt (không thấy chữ có dấu). "
                "Trợ lý chỉ đọc thông báo, kế hoạch bằng tiếng Việt."
            ),
            label=label,
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
        raise NoticeFileError(
            "binary",
            gettext_noop(
                "Tệp “%(name)s” không phải tệp văn bản (có vẻ là tệp nhị phân). Hãy dùng .txt, .docx hoặc .pdf."
            ),
            name=name,
        )
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _TEXT_ENCODINGS
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeFileError(
        "encoding",
        gettext_noop("Không đọc được bảng mã của tệp “%(name)s”. Hãy lưu tệp theo bảng mã UTF-8."),
        name=name,
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
        raise NoticeFileError(
            "bad_docx",
            gettext_noop("Không đọc được tệp Word “%(name)s”: tệp hỏng hoặc không phải .docx."),
            name=name,
        ) from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():  # paragraphs and tables in document order
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_docx_table_lines(Table(child, document)))
    text = "\n".join(lines)
    if not text.strip() and _has_images(document):
        raise NoticeFileError(
            "scanned_docx",
            gettext_noop(
                "Tệp Word “%(name)s” chỉ có hình ảnh (bản scan, ảnh chụp), không có chữ để đọc. Hãy dùng "
                "tệp Word có nội dung chữ, hoặc nhận dạng chữ (OCR) trước khi tải lên."
            ),
            name=name,
        )
    return text


def _cell_text(cell) -> str:
    """A cell's paragraphs on one line; a "|" inside becomes "/" (it separates the cells)."""
    parts = [p.text.strip() for p in cell.paragraphs]
    return " ".join(p for p in parts if p).replace("|", "/")


def _docx_table_lines(table) -> list[str]:
    """A data table (three columns or more) as rows "| a | b | c |": a cell merged down is repeated on
    every row it covers (python-docx gives it to each), a row merged across the table is one cell. A
    layout table (a header or a signature block in two columns) as the lines of its cells."""
    rows = [[_cell_text(cell) for cell in row.cells] for row in table.rows]
    if max((len(row) for row in rows), default=0) >= 3 and len(rows) >= 2:
        out = []
        for cells in rows:
            filled = [c for c in cells if c]
            if not filled:
                continue
            if len(filled) > 1 and len(set(filled)) == 1 and len(filled) == len(cells):
                cells = [filled[0]]  # a section row merged across the table
            out.append("| " + " | ".join(cells) + " |")
        return ["", *out, ""]
    lines: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            lines.extend(p.text for p in cell.paragraphs)
            lines.append("")
    return lines


def _has_images(document) -> bool:
    body = document.element.body
    return any(el.tag.rsplit("}", 1)[-1] in {"drawing", "pict", "imagedata"} for el in body.iter())


def _read_pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        if any(page.strip() for page in pages):
            laid_out = "\n".join(page.extract_text(extraction_mode="layout") or "" for page in reader.pages)
            with_tables = layout_rows(laid_out)  # a task table: its rows rebuilt from the layout
            if with_tables is not None:
                pages = [with_tables]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise NoticeFileError(
            "bad_pdf", gettext_noop("Không đọc được tệp PDF “%(name)s”: tệp hỏng hoặc bị mã hóa."), name=name
        ) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise NoticeFileError(
            "no_text_layer",
            gettext_noop(
                "Tệp PDF “%(name)s” không có lớp văn bản (có thể là bản scan/ảnh chụp). "
                "Hãy dùng tệp PDF có lớp văn bản, tệp .docx, hoặc nhận dạng chữ (OCR) trước khi tải lên."
            ),
            name=name,
        )
    return text
