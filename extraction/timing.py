"""Deadlines and recurrence as they sit in a sentence.

`deadlines.find_deadlines` finds every date expression; here we keep only those the
sentence uses as a deadline: introduced by "trước", "trong", "từ", "đến", "chậm nhất", "Thời gian
hoàn thành..." (strong), or a time adverbial opening the sentence ("Vì vậy, năm 2022, Sở X phải...",
weak). Dates of cited documents ("Thông báo số 33/TB-UBND ngày 24/01/2022"), periods ("giai đoạn
2021-2025", "năm 2022 và các năm tiếp theo") and names ("Chương trình ... năm 2022") are not deadlines,
nor is the horizon of a cited title ("Nghị quyết ... chuyển đổi số quốc gia đến năm 2030, tầm nhìn đến năm
2045", "Chương trình chuyển đổi số ngành xây dựng đến năm 2030").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import lexicon
from .deadlines import DeadlineKind, find_deadlines, find_recurrence
from .text import MappedText
from .workdays import CalendarSource

STRONG = 2
WEAK = 1
_WINDOW = 300  # characters either side of a date that decide what it is

# Prepositions kept in the phrase: "trước ngày 28/02/2022", "trong Quý I năm 2022", "từ tháng 9/2022".
_KEPT_TRIGGER = re.compile(
    r"(?:^|\s)((?:truoc|cham nhat(?: la)?|muon nhat|den het|den|tu|trong|vao|ke tu)\s+(?:ngay\s+)?)$"
)
# Lead-ins left out of the phrase: "Thời gian hoàn thành: 30/6/2022", "Thời hạn: tháng 8".
_LEADIN = re.compile(
    r"(?:thoi gian hoan thanh|thoi han(?: hoan thanh)?|han hoan thanh|thoi gian thuc hien|hoan thanh|xong"
    r"|tai (?:cuoc hop|phien hop|hoi nghi|ky hop|buoi|giao ban)(?: giao ban| so ket| tong ket)?)"  # "báo cáo tại cuộc họp tháng 01"
    r"\s*[:,]?\s*(?:ngay\s+)?$"
)
_STARTS_WITH_TRIGGER = re.compile(r"^(?:trong|cuoi|het|den het|ca|thoi han|cham nhat)\s|^sau\s+\d")
_RANGE_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:va|den|-|–)\s*(?:het\s+)?(?:cac\s+)?(?:nam|thang|quy)\b|^\s*[-–]\s*\d{4}"
)
_DOC_DATE_BEFORE = re.compile(
    r"(?:so|ngay)\s+[\w./-]*\d[\w./-]*\s+(?:ngay\s+)?$|\bso\s+[\w./-]+/[\w.-]+\s+(?:ngay\s+)?$"
)
_PERIOD_BEFORE = re.compile(r"giai doan[\s\w-]{0,12}$|nien do\s*$|khoa\s+[\w]+\s*$")
_REPEATING_AFTER = re.compile(r"^\s*(?:hang|moi)\s+(?:nam|thang|quy)")
_OPENING = re.compile(r"^(?:(?:" + "|".join(lexicon.CONNECTIVES) + r")\s*,?\s*)*$")
# The horizon of a cited title: "... đến năm 2030, tầm nhìn đến năm 2045".
_TITLE_NOUN = re.compile(
    r"\b(?:Nghị quyết|Chương trình|Đề án|Chiến lược|Kế hoạch|Quy hoạch|Dự án|Chỉ thị|Kết luận|Quyết định"
    r"|Luật|Nghị định|Thông tư)\b"
)
_TITLE_BREAK = re.compile(r"[;:]|\.\s|\b(?:hoan thanh|trinh|xong|bao cao|phan dau|dat|truoc)\b")
_VISION_BEFORE = re.compile(r"tam nhin\s+$")
_VISION_AFTER = re.compile(r"^\s*,?\s*tam nhin\b")

# Recurrence phrases and the nouns that "hằng năm" merely qualifies ("ngân sách hằng năm").
_RECURRING_PHRASE = re.compile(
    r"(?:(?:dinh ky|thuong xuyen)\s+)?(?:hang|moi)\s+(?:nam|quy|thang)"
    r"|dinh ky\s+(?:nam|quy|thang)"
    r"|(?:it nhat\s+)?\d+\s*lan\s*/\s*(?:nam|quy|thang)"
)
_QUALIFIED_NOUN = re.compile(
    r"(?:ngan sach|du toan|kinh phi|can doi|chi thuong xuyen|nguon von|von)"
    r"(?:\s+(?:nha nuoc|dia phuong|trung uong|cua tinh|cap tinh|cap xa|tinh))?\s*$"
)


@dataclass(frozen=True)
class FoundDeadline:
    text: str  # the phrase as written (marks removed), e.g. "trước ngày 28/02/2022"
    start: int  # offsets in the analysed MappedText
    end: int
    strength: int
    kind: str
    due: date | None


@dataclass(frozen=True)
class FoundRecurrence:
    text: str
    start: int
    end: int
    recurrence: str


def _date_spans(mt: MappedText, ref_year: int | None, ref_date: date | None, calendar: CalendarSource):
    """find_deadlines() over the cleaned text; its spans are in the folded text, aligned with ours."""
    found = find_deadlines(mt.text, ref_year=ref_year, ref_date=ref_date, calendar=calendar)
    for d in found:
        if mt.folded[d.start : d.end] == d.text:
            yield d, d.start, d.end
        else:  # never expected: fall back to a search
            at = mt.folded.find(d.text)
            if at >= 0:
                yield d, at, at + len(d.text)


def deadlines_in(
    mt: MappedText, *, ref_year: int | None, ref_date: date | None = None, calendar: CalendarSource = None
) -> list[FoundDeadline]:
    """Every date expression of `mt` used as a deadline, in order ("trong N ngày làm việc" counted from
    `ref_date`, the document's date, with `calendar`)."""
    out: list[FoundDeadline] = []
    folded = mt.folded
    for d, start, end in _date_spans(mt, ref_year, ref_date, calendar):
        # the words around the date decide; a bounded window keeps a long paragraph linear
        before, after = folded[max(0, start - _WINDOW) : start], folded[end : end + _WINDOW]
        if _RANGE_AFTER.match(after) or _REPEATING_AFTER.match(after):
            continue
        if _DOC_DATE_BEFORE.search(before[-40:]) or _PERIOD_BEFORE.search(before[-30:]):
            continue
        phrase_start, strength = _phrase_start(before, folded[start:end], after, start)
        if strength == 0 or _in_cited_title(mt, phrase_start, after, d.kind):
            continue
        out.append(
            FoundDeadline(
                text=mt.text[phrase_start:end],
                start=phrase_start,
                end=end,
                strength=strength,
                kind=d.kind,
                due=d.due_date,
            )
        )
    return out


def _phrase_start(before: str, matched: str, after: str, start: int) -> tuple[int, int]:
    """Where the deadline phrase starts (its trigger included) and how sure we are it is one."""
    trigger = _KEPT_TRIGGER.search(before)
    if trigger:
        return start - len(trigger.group(1)), STRONG
    if _STARTS_WITH_TRIGGER.match(matched) or _LEADIN.search(before):
        return start, STRONG
    clause_start = max(before.rfind(";"), before.rfind(":"), before.rfind("."))
    opening = before[clause_start + 1 :].strip().rstrip(",").strip()
    if _OPENING.match(opening) and after.lstrip().startswith(","):
        return start, WEAK  # "Vì vậy, năm 2022, Sở X phải ..."
    return start, 0


def _in_cited_title(mt: MappedText, phrase_start: int, after: str, kind: str) -> bool:
    """ "đến năm 2030" closing the title of a cited document or programme is its horizon, not a deadline."""
    if kind != DeadlineKind.YEAR or not mt.folded.startswith("den nam", phrase_start):
        return False
    window = max(0, phrase_start - _WINDOW)
    if _VISION_BEFORE.search(mt.folded, window, phrase_start) or _VISION_AFTER.match(after):
        return True
    nouns = list(_TITLE_NOUN.finditer(mt.text, window, phrase_start))
    return bool(nouns) and not _TITLE_BREAK.search(mt.folded, nouns[-1].end(), phrase_start)


def best_deadline(found: list[FoundDeadline]) -> FoundDeadline | None:
    """The last strong deadline (the final step's), else the last weak one."""
    if not found:
        return None
    top = max(d.strength for d in found)
    return [d for d in found if d.strength == top][-1]


def recurrences_in(mt: MappedText) -> list[FoundRecurrence]:
    out: list[FoundRecurrence] = []
    for m in _RECURRING_PHRASE.finditer(mt.folded):
        if _QUALIFIED_NOUN.search(mt.folded, max(0, m.start() - _WINDOW), m.start()):
            continue  # "cân đối ngân sách hằng năm" qualifies the budget
        recurrence = find_recurrence(m.group(0))
        if recurrence:
            out.append(FoundRecurrence(mt.text[m.start() : m.end()], m.start(), m.end(), recurrence))
    return out


def is_deadline_only(mt: MappedText, found: list[FoundDeadline]) -> bool:
    """ "Thời gian hoàn thành trước ngày 24 tháng 01 năm 2022." — nothing but a deadline."""
    if not found:
        return False
    rest = mt.folded
    for d in sorted(found, key=lambda d: -d.start):
        rest = rest[: d.start] + " " + rest[d.end :]
    words = [w for w in re.split(r"[\s,.;:()]+", rest) if w]
    return all(w in lexicon.DEADLINE_FILLER for w in words)


__all__ = [
    "FoundDeadline",
    "FoundRecurrence",
    "best_deadline",
    "deadlines_in",
    "is_deadline_only",
    "recurrences_in",
]
