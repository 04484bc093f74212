"""Text plumbing for the notice assistant: normalisation with a map back to the input, logical
paragraphs (hard-wrapped lines joined), sentences, clauses and word tokens.

Every piece of text the grammar looks at is a `MappedText`: a cleaned string (emphasis marks removed,
spaces collapsed) that knows, for each of its characters, the offset of that character in the
normalised document, so that a source sentence can be highlighted in the text the user pasted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .normalize import fold

_INVISIBLE = {"\ufeff", "\u200b", "\u200c", "\u200d", "\u00ad"}
_SPACE_LIKE = {"\u00a0", "\u2007", "\u202f", "\u3000"}  # tabs stay: they separate the cells of a pasted table


# --------------------------------------------------------------------------- the whole document
@dataclass
class Source:
    """The input text, its normalised form (NFC, \\n newlines) and a map between the two."""

    original: str
    text: str
    starts: list[int]  # for each character of `text`, where it starts in `original`
    ends: list[int]

    @classmethod
    def of(cls, original: str) -> Source:
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i, n = 0, len(original)
        while i < n:
            ch = original[i]
            if ch == "\r":
                j = i + 2 if original[i + 1 : i + 2] == "\n" else i + 1
                out.append("\n")
                starts.append(i)
                ends.append(j)
                i = j
                continue
            if ch in _INVISIBLE:
                i += 1
                continue
            j = i + 1
            while j < n and unicodedata.combining(original[j]):
                j += 1
            cluster = unicodedata.normalize("NFC", original[i:j])
            for c in cluster:
                out.append(" " if c in _SPACE_LIKE else c)
                starts.append(i)
                ends.append(j)
            i = j
        return cls(original=original, text="".join(out), starts=starts, ends=ends)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the input text that holds text[start:end]."""
        if end <= start or not self.starts:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


# --------------------------------------------------------------------------- mapped text
@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character, folded (no diacritics, lower case), always one character long (cached: a text
    has few distinct characters, and every character of it is folded)."""
    if ch.isspace():
        return " "
    folded = fold(ch)
    return folded if len(folded) == 1 else ch.lower()[:1] or " "


@dataclass
class MappedText:
    """Cleaned text with, for each character, its offset in the normalised document."""

    text: str
    pos: list[int]
    folded: str = field(init=False)

    def __post_init__(self) -> None:
        self.folded = "".join(fold_char(c) for c in self.text)

    def __len__(self) -> int:
        return len(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Document span of text[start:end]."""
        if end <= start:
            p = self.pos[start] if start < len(self.pos) else (self.pos[-1] + 1 if self.pos else 0)
            return p, p
        return self.pos[start], self.pos[end - 1] + 1

    def slice(self, start: int, end: int) -> MappedText:
        start, end = _trim(self.text, start, end)
        return MappedText(self.text[start:end], self.pos[start:end])

    @classmethod
    def build(cls, doc: str, spans: list[tuple[int, int]]) -> MappedText:
        """Join document spans with single spaces, dropping * and _ marks and collapsing spaces."""
        chars: list[str] = []
        pos: list[int] = []
        for start, end in spans:
            if chars and chars[-1] != " ":
                chars.append(" ")
                pos.append(start)
            for i in range(start, end):
                c = doc[i]
                if c in "*_":
                    continue
                if c.isspace():
                    if chars and chars[-1] != " ":
                        chars.append(" ")
                        pos.append(i)
                    continue
                chars.append(c)
                pos.append(i)
        while chars and chars[-1] == " ":
            chars.pop()
            pos.pop()
        while chars and chars[0] == " ":
            chars.pop(0)
            pos.pop(0)
        return cls("".join(chars), pos)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------- lines and paragraphs
_SEPARATOR_LINE = re.compile(r"^[\s|\-_=~*.·•]*$")
_MARKER_START = re.compile(
    r"^(?:[IVX]{1,5}\.\**\s|\d{1,2}(?:\.\d{1,2})*[.)]\**\s|[a-zđ][).]\**\s|[-–—•+]\s?\S|\*\s)", re.UNICODE
)
_TOPIC_TITLE = re.compile(
    r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s+(?:Về|VỀ|Đối với|ĐỐI VỚI)\s[^.;:]{0,80}$"
)
_TERMINAL = re.compile(r"[.:;!?…]['\"”’)*]*$")
# Words after which a sentence cannot stop: a line ending with one continues on the next line.
_OPEN_STRONG = set(
    [
        "va",
        "voi",
        "cua",
        "cho",
        "trinh",
        "tai",
        "ve",
        "qua",
        "theo",
        "tu",
        "den",
        "trong",
        "cac",
        "nhung",
        "la",
        "duoc",
        "bi",
        "de",
        "gom",
        "thuoc",
        "nhu",
        "hoac",
        "o",
        "tren",
        "duoi",
        "sau",
        "truoc",
        "khi",
        "ma",
        "tham",
        "muu",
        "giao",
        "de",
        "nghi",
        "bao",
        "cao",
        "gui",
        "phoi",
        "hop",
        "chu",
        "tri",
    ]
)
# Nouns a hard wrap often separates from the name that follows ("Sở" / "Thông tin...").
_OPEN_WEAK = set(
    [
        "so",
        "ban",
        "uy",
        "nhan",
        "dan",
        "tinh",
        "huyen",
        "phong",
        "vien",
        "tam",
        "trung",
        "cuc",
        "chi",
        "hoi",
        "doan",
    ]
)
_KIND_WORDS = {
    "thong bao",
    "ke hoach",
    "quyet dinh",
    "chi thi",
    "bao cao",
    "nghi quyet",
    "de an",
    "cong van",
    "chuong trinh",
}


@dataclass
class Line:
    start: int
    end: int
    text: str


@dataclass
class Paragraph:
    """A logical paragraph: one or more physical lines (hard wraps joined)."""

    lines: list[Line]
    blank_before: bool = False

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def raw(self) -> str:
        return " ".join(line.text for line in self.lines)

    def mapped(self, doc: str, skip: int = 0) -> MappedText:
        """The cleaned paragraph text; `skip` characters of the first line are left out (a marker)."""
        spans = [(line.start, line.end) for line in self.lines]
        spans[0] = (spans[0][0] + skip, spans[0][1])
        return MappedText.build(doc, spans)


_MD_HEADING = re.compile(r"#{1,6}\s+")


def split_lines(doc: str) -> list[Line | None]:
    """Physical lines, stripped; None for a blank or decorative line (----, |). A Markdown heading's
    "#" marks are left out ("### III. TRÁCH NHIỆM THỰC HIỆN" is the item "III.")."""
    out: list[Line | None] = []
    offset = 0
    for raw in doc.split("\n"):
        start, end = _trim(raw, 0, len(raw))
        heading = _MD_HEADING.match(raw, start)
        if heading:
            start = heading.end()
        text = raw[start:end]
        if not text or _SEPARATOR_LINE.match(text) and not re.search(r"\w", text):
            out.append(None)
        else:
            out.append(Line(offset + start, offset + end, text))
        offset += len(raw) + 1
    return out


def _is_caps(text: str) -> bool:
    letters = [c for c in text.replace("*", "") if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _continues(prev: Line, line: Line, blank_between: bool) -> bool:
    """Does `line` continue the sentence that `prev` left open (a hard wrap)?"""
    bare = line.text.lstrip("*") if line.text.startswith("**") else line.text  # "**1. Về ...**"
    if _MARKER_START.match(bare):
        return False
    prev_text = prev.text.rstrip("*").rstrip()
    if _TOPIC_TITLE.match(prev_text) and line.text.lstrip('*“"(')[:1].isupper():
        return False  # "3. Về chế độ báo cáo" / "UBND các xã, phường báo cáo ...": a title, then its text
    if _TERMINAL.search(prev_text):
        return False
    if prev_text.endswith(",") or prev_text.count("(") > prev_text.count(")"):
        return True
    if _is_caps(prev_text) and _is_caps(line.text):
        return not blank_between and fold(prev_text) not in _KIND_WORDS and not _is_authority_line(line.text)
    first = line.text.lstrip('*“"(')[:1]
    if first.islower() or first.isdigit() and not re.match(r"^\d{1,2}[.)]", bare):
        return True
    last_word = fold(prev_text).split(" ")[-1] if prev_text else ""
    return last_word in _OPEN_STRONG or (not blank_between and last_word in _OPEN_WEAK)


_AUTHORITY = re.compile(
    r"^\**\s*(TM\.|KT\.|TL\.|TUQ\.|Q\.|PHÓ |CHỦ TỊCH|CHÁNH VĂN PHÒNG|GIÁM ĐỐC|TRƯỞNG BAN|BÍ THƯ)"
)


def _is_authority_line(text: str) -> bool:
    return bool(_AUTHORITY.match(text))


def build_paragraphs(doc: str) -> list[Paragraph]:
    """Logical paragraphs: blank lines separate, hard-wrapped lines are joined back."""
    paragraphs: list[Paragraph] = []
    blank = True
    for line in split_lines(doc):
        if line is None:
            blank = True
            continue
        last = paragraphs[-1] if paragraphs else None
        if last is not None and _continues(last.lines[-1], line, blank):
            last.lines.append(line)
        else:
            paragraphs.append(Paragraph([line], blank_before=blank))
        blank = False
    return paragraphs


# --------------------------------------------------------------------------- sentences
_ABBREVIATIONS = {"tp", "tx", "h", "q", "p", "ths", "ts", "pgs", "gs", "bs", "th", "ks", "v/v", "vd", "stt"}
_SENTENCE_END = re.compile(r"(?:\.{3}|…|[.!?])['\"”’)]*(?=\s+[\"“(]?(\w))")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a cleaned paragraph as (start, end) offsets: a full stop followed by a capital
    letter or a digit ends one, except after an abbreviation ("TP. Cao Lãnh")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        following = m.group(1)
        if not (following.isupper() or following.isdigit()):
            continue
        word = fold(text[start : m.start()].rsplit(" ", 1)[-1]).strip("(")
        if m.group(0) == "." and (word in _ABBREVIATIONS or len(word) == 1 and word.isalpha()):
            continue
        spans.append(_trim(text, start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append(_trim(text, start, len(text)))
    return [s for s in spans if s[1] > s[0]]


# --------------------------------------------------------------------------- tokens
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)


@dataclass
class Token:
    text: str  # as written (possibly several words when contracted)
    norm: str  # folded
    start: int
    end: int
    cap: bool  # first letter is upper case
    upper: bool  # every letter upper case (an acronym such as TTTT)


def raw_tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        letters = [c for c in word if c.isalpha()]
        out.append(
            Token(
                text=word,
                norm="".join(fold_char(c) for c in word),
                start=m.start(),
                end=m.end(),
                cap=bool(letters) and letters[0].isupper(),
                upper=bool(letters) and all(c.isupper() for c in letters),
            )
        )
    return out
