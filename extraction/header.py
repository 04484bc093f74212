"""Header facts of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP layout):
"Số: 145/KH-UBND", "Đồng Tháp, ngày 25 tháng 04 năm 2022", the kind line ("THÔNG BÁO") and the
title under it, the meeting sentence of a conclusion notice ("Ngày 06 tháng 01 năm 2022, ...,
Chủ tịch ... Phạm Thiện Nghĩa chủ trì cuộc họp"), "Nơi nhận:" and the signature block."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date

from . import lexicon
from .normalize import fold
from .text import Paragraph

_NUMBER = re.compile(r"Số\s*:\s*(?P<number>\d+)?\s*/\s*(?P<symbol>[0-9A-Za-zĐđ][\w.\-/]*[\wĐđ])", re.UNICODE)
_PLACE_DATE = re.compile(
    r"^(?P<place>[A-ZĐÀ-Ỹ][^\d,:;]{1,40}?)\s*,\s*ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})?"
    r"\s*năm\s*(?P<year>\d{4})?",
    re.IGNORECASE,
)
_KINDS = [
    ("thong bao", "TB"),
    ("ke hoach", "KH"),
    ("quyet dinh", "QD"),
    ("chi thi", "CT"),
    ("nghi quyet", "NQ"),
    ("bao cao", "BC"),
    ("de an", "DA"),
    ("cong van", "CV"),
]
_SYMBOL_KINDS = {
    "TB": "TB",
    "KH": "KH",
    "QĐ": "QD",
    "QD": "QD",
    "CT": "CT",
    "NQ": "NQ",
    "BC": "BC",
    "ĐA": "DA",
}
_MEETING = re.compile(
    r"^(?:vào\s+)?ngày\s+(?:(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})\s+năm\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})\s*/\s*(?P<y2>\d{4}))",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"(?:Phó\s+)?(?:Chủ tịch|Trưởng ban|Bí thư|Giám đốc|Chánh Văn phòng|Bộ trưởng|Thứ trưởng|Tổng Giám đốc)"
)
_TITLE_STOP = re.compile(
    r"^(?:ngày|căn cứ|thực hiện|sau khi|trên cơ sở|kính gửi|để|nhằm|theo)\b", re.IGNORECASE
)
_AUTHORITY_START = re.compile(
    r"^(?:TM\.|KT\.|TL\.|TUQ\.|Q\.|PHÓ\b|CHỦ TỊCH|CHÁNH|GIÁM ĐỐC|TRƯỞNG|BÍ THƯ|BỘ TRƯỞNG)"
)


@dataclass
class Header:
    kind: str = ""
    number: str = ""
    symbol: str = ""
    issuing_body_text: str = ""
    place: str = ""
    issue_year: int | None = None
    issue_month: int | None = None
    issue_day: int | None = None
    title: str = ""
    meeting_date: date | None = None
    chair: str = ""
    chair_title: str = ""
    signer: str = ""
    signer_title: str = ""
    recipients: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def parse_header(doc: str, paragraphs: list[Paragraph]) -> Header:
    header = Header()
    head = paragraphs[:15]
    _read_number(header, doc[: paragraphs[min(len(paragraphs), 15) - 1].end] if paragraphs else "")
    _read_place_date(header, head)
    _read_kind_and_title(header, head)
    _read_issuing_body(header, head)
    _read_meeting(header, paragraphs[:25])
    lines = [_clean(line) for line in doc.split("\n")]
    _read_recipients(header, lines)
    _read_signature(header, lines)
    return header


def _read_number(header: Header, text: str) -> None:
    m = _NUMBER.search(text)
    if not m:
        return
    header.number = m.group("number") or ""
    header.symbol = m.group("symbol")
    prefix = header.symbol.split("-")[0].upper()
    header.kind = _SYMBOL_KINDS.get(prefix, "")


def _read_place_date(header: Header, paragraphs: list[Paragraph]) -> None:
    for para in paragraphs:
        m = _PLACE_DATE.match(_clean(para.raw))
        if m:
            header.place = m.group("place").strip()
            for part in ("year", "month", "day"):
                value = m.group(part)
                setattr(header, f"issue_{part}", int(value) if value else None)
            return


def _read_kind_and_title(header: Header, paragraphs: list[Paragraph]) -> None:
    for i, para in enumerate(paragraphs):
        text = _clean(para.raw)
        folded = fold(text)
        for words, kind in _KINDS:
            if folded == words or (folded.startswith(words + " ") and _is_caps(text.split(" ", 2)[0])):
                header.kind = header.kind or kind
                rest = text[len(words) :].strip()
                if rest:
                    header.title = rest
                elif i + 1 < len(paragraphs):
                    following = _clean(paragraphs[i + 1].raw)
                    if not _TITLE_STOP.match(following):
                        header.title = following
                return


def _read_issuing_body(header: Header, paragraphs: list[Paragraph]) -> None:
    """The capitalised issuing body before "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", when present."""
    for para in paragraphs[:3]:
        text = _clean(para.raw)
        cut = fold(text).find("cong hoa xa hoi")
        candidate = text[:cut].strip() if cut > 0 else ""
        if candidate and _is_caps(candidate):
            header.issuing_body_text = candidate
            return


def _read_meeting(header: Header, paragraphs: list[Paragraph]) -> None:
    for para in paragraphs:
        text = _clean(para.raw)
        m = _MEETING.match(text)
        if not m or "chủ trì" not in text:
            continue
        day, month, year = (
            (m.group("d1"), m.group("m1"), m.group("y1"))
            if m.group("d1")
            else (
                m.group("d2"),
                m.group("m2"),
                m.group("y2"),
            )
        )
        with contextlib.suppress(ValueError):
            header.meeting_date = date(int(year), int(month), int(day))
        _read_chair(header, text[m.end() : text.index("chủ trì")])
        return
    if header.title:
        m = re.search(r"\bcủa\s+(.*?)\s+tại\b", header.title)
        if m:
            _read_chair(header, m.group(1))


_PERSON = re.compile(r"\b(?:đồng chí|ông|bà)\s+", re.IGNORECASE)


def _read_chair(header: Header, segment: str) -> None:
    """Title and name of the chair, in either order: "Chủ tịch UBND tỉnh, Trưởng ban ... Phạm Thiện
    Nghĩa", "Chủ tịch UBND tỉnh Đỗ Minh Tuấn, Trưởng Ban ...", "đồng chí Trần Hoàng Tuấn, Phó Chủ tịch ..."."""
    title_at = _TITLE_WORDS.search(segment)
    person_at = _PERSON.search(segment)
    starts = [m.start() for m in (title_at, person_at) if m]
    if not starts:
        return
    block = segment[min(starts) :].strip(" ,")
    name = _find_name(block)
    if name is None:
        return
    title = _PERSON.sub("", block[: name.start()] + block[name.end() :])
    header.chair = name.group(0)
    header.chair_title = (
        re.sub(r"\s+", " ", re.sub(r"\s*,(\s*,)*", ",", title))
        .replace(",", ", ")
        .replace("  ", " ")
        .strip(" ,")
    )


_CAPITALISED = r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]+"
_NAME_RUN = re.compile(rf"\b{_CAPITALISED}(?:\s+{_CAPITALISED})+\b")


def _find_name(text: str) -> re.Match | None:
    """A person's name: 2-4 capitalised words from a Vietnamese surname to the end of a run of
    capitalised words ("... tỉnh Hà Tĩnh Võ Trọng Hải" → "Võ Trọng Hải"; three words preferred)."""
    for run in _NAME_RUN.finditer(text):
        words = run.group(0).split()
        starts = [i for i, w in enumerate(words) if w in lexicon.SURNAMES and 2 <= len(words) - i <= 4]
        if starts:
            best = min(starts, key=lambda i: (abs(len(words) - i - 3), i))
            return re.compile(re.escape(" ".join(words[best:]))).search(text, run.start())
    return None


def _read_recipients(header: Header, lines: list[str]) -> None:
    start = next((i for i, line in enumerate(lines) if fold(line).startswith("noi nhan")), None)
    if start is None:
        return
    for line in lines[start + 1 :]:
        if not line:
            continue
        if not line.startswith(("-", "+", "•")):
            break
        header.recipients.append(line.lstrip("-+• ").rstrip(";,").strip())


def _read_signature(header: Header, lines: list[str]) -> None:
    """Authority lines in capitals ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"), then the name;
    after "Nơi nhận:" (the usual order of pasted text), else anywhere near the end."""
    start = next((i for i, line in enumerate(lines) if fold(line).startswith("noi nhan")), None)
    if start is None or not _read_signature_from(header, lines[start:]):
        _read_signature_from(header, lines[max(0, len(lines) - 60) :])


def _read_signature_from(header: Header, lines: list[str]) -> bool:
    authority: list[str] = []
    for line in lines:
        if not line or line.startswith(("-", "+")) or line in {"|"}:
            continue
        if fold(line).startswith(("phu luc", "noi nhan")):
            if authority:
                break
            continue
        if _is_caps(line) and (authority or _AUTHORITY_START.match(line)):
            if authority and not _AUTHORITY_START.match(line):
                authority[-1] = f"{authority[-1]} {line}"
            else:
                authority.append(line)
            continue
        if authority:
            if _looks_like_name(line):
                header.signer = line
            header.signer_title = "\n".join(authority)
            return True
    return False


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words)
