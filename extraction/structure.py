"""The outline of a notice: numbered items (I., 1., a), -, +) as a tree, and where the body is.

A new marker kind nests under the current item; a kind already open closes the items below it
("-" after "+" goes back up one level). An unmarked paragraph continues the item above it, except a
deadline line after a list ("Thời gian hoàn thành trước ngày ...") which closes the list, and the
closing sentence of the notice ("... thông báo ... biết, thực hiện./.") which ends the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import fold
from .text import MappedText, Paragraph

ROMAN = "roman"
NUMBER = "number"
NUMPAREN = "numparen"
LETTER = "letter"
DASH = "dash"
PLUS = "plus"
STAR = "star"
ROOT = "root"
CLOSER = "closer"  # an unmarked deadline line closing a list
BULLETS = {DASH, PLUS, STAR}

_MARKERS = [
    (ROMAN, re.compile(r"(?P<label>[IVX]{1,5})\.\**\s+")),
    (NUMBER, re.compile(r"(?P<label>\d{1,2}(?:\.\d{1,2})*)\.\**\s+(?=\S)")),
    (NUMPAREN, re.compile(r"(?P<label>\d{1,2})\)\**\s*(?=\S)")),
    (LETTER, re.compile(r"(?P<label>[a-zđ])[).]\**\s+(?=\S)")),
    (DASH, re.compile(r"[-–—•]\s*(?=[^\s\-–—])")),
    (PLUS, re.compile(r"\+\s*(?=\S)")),
    (STAR, re.compile(r"\*\s+(?=\S)")),
]

_DOCUMENT_CLOSER = re.compile(
    r"^(?:tren day la|nay thong bao|tren day|.{0,120}\bthong bao (?:y kien|ket luan|noi dung|den)"
    r"|.{0,200}\bde (?:cac )?[^.]{0,120}\bbiet,? (?:va )?(?:thuc hien|phoi hop))"
)
_FINAL_CLOSER = re.compile(r"\bde (?:cac )?[^.]{0,120}\bbiet,? (?:va )?(?:thuc hien|phoi hop)|^tren day la\b")
_SECTION_IMPLEMENTATION = re.compile(
    r"^(?:to chuc thuc hien|trach nhiem thuc hien|phan cong (?:nhiem vu|trach nhiem)|trach nhiem cua cac)\b"
)
_INTRO_END = re.compile(r"(?:nhu sau|sau day|cu the nhu sau)\s*:\s*$")
_TAIL = re.compile(r"^(?:noi nhan|phu luc\b|tm\.|kt\.|tl\.)")


@dataclass
class Marker:
    kind: str
    label: str
    length: int  # characters of the marker in the first line


def find_marker(line: str) -> Marker | None:
    """The item marker a line opens with; "**1. Về ...**" (bold) counts as "1."."""
    bold = len(line) - len(line.lstrip("*")) if line.startswith("**") else 0
    for kind, pattern in _MARKERS:
        m = pattern.match(line, bold)
        if m:
            label = m.groupdict().get("label") or ""
            if kind == NUMBER and "." in label:
                kind = f"{NUMBER}{label.count('.') + 1}"  # "4.1." nests under "4."
            return Marker(kind, label, m.end())
    return None


@dataclass
class Node:
    kind: str
    label: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)  # own text: marked one + continuations
    marker_length: int = 0
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    closer: bool = False  # a deadline line that closes the list above it
    position: int = 0  # 1-based rank among siblings of the same kind (for bullets)

    def texts(self, doc: str) -> list[MappedText]:
        out = []
        for i, para in enumerate(self.paragraphs):
            out.append(para.mapped(doc, skip=self.marker_length if i == 0 else 0))
        return out

    @property
    def path(self) -> list[str]:
        labels: list[str] = []
        node: Node | None = self
        while node is not None and node.kind != ROOT:
            label = node.label if node.kind not in BULLETS else str(node.position)
            if labels and labels[-1].startswith(label + "."):
                node = node.parent  # "4.1" already carries its parent's "4"
                continue
            labels.append(label)
            node = node.parent
        return list(reversed(labels))

    @property
    def item(self) -> str:
        return ".".join(self.path)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _add_child(parent: Node, node: Node) -> None:
    node.parent = parent
    if node.kind in BULLETS:
        node.position = 1 + sum(1 for c in parent.children if c.kind == node.kind)
    parent.children.append(node)


def build_tree(doc: str, paragraphs: list[Paragraph], *, is_deadline_line, is_closing) -> Node:
    """Outline of the body. `is_deadline_line(MappedText)` tells a deadline-only line;
    `is_closing(MappedText)` the notice's closing sentence."""
    root = Node(ROOT)
    stack = [root]
    for para in paragraphs:
        marker = find_marker(para.lines[0].text)
        if marker:
            open_kinds = [n.kind for n in stack]
            if marker.kind in open_kinds:
                del stack[open_kinds.index(marker.kind) :]
            node = Node(marker.kind, marker.label, [para], marker_length=marker.length)
            node.closer = is_deadline_line(para.mapped(doc, skip=marker.length))
            _add_child(stack[-1], node)
            stack.append(node)
            continue
        text = para.mapped(doc)
        top = stack[-1]
        if is_closing(text) and (top is not root or _FINAL_CLOSER.search(text.folded)):
            break  # in prose, only the closing formula itself ("... để các cơ quan biết, thực hiện./.")
        if is_deadline_line(text) and top.kind in BULLETS | {LETTER, NUMPAREN} and top.parent is not None:
            _add_child(top.parent, Node(CLOSER, "", [para], closer=True))
            del stack[stack.index(top) :]
            continue
        top.paragraphs.append(para)
    return root


# --------------------------------------------------------------------------- where the body is
def _folded(para: Paragraph) -> str:
    return fold(para.raw.replace("*", ""))


def body_range(paragraphs: list[Paragraph], *, kind: str | None) -> tuple[int, int]:
    """Indexes [start, end) of the body's paragraphs: after the introduction ("... như sau:") or the
    title block, before "Nơi nhận" / the signature / the appendices. For a plan (KH), the section
    "Tổ chức thực hiện" when it has one."""
    end = _tail_start(paragraphs)
    start = _body_start(paragraphs[:end])
    if kind == "KH":
        section = _implementation_section(paragraphs, start, end)
        if section:
            return section
    return start, end


def _tail_start(paragraphs: list[Paragraph]) -> int:
    """Where "Nơi nhận", the signature or the appendices begin. A "PHỤ LỤC" among the first lines is
    the document's own title (an appendix sent on its own), not its tail."""
    for i, para in enumerate(paragraphs):
        folded = _folded(para)
        if i > 0 and _TAIL.match(folded) and not (i < 6 and folded.startswith("phu luc")):
            return i
    return len(paragraphs)


def _body_start(paragraphs: list[Paragraph]) -> int:
    for i, para in enumerate(paragraphs[:20]):
        if _INTRO_END.search(_folded(para)) and not find_marker(para.lines[0].text):
            return i + 1
    for i, para in enumerate(paragraphs):
        marker = find_marker(para.lines[0].text)
        if marker and marker.kind in {ROMAN, NUMBER, LETTER, NUMPAREN}:
            return i
    return 0


def _implementation_section(paragraphs, start, end) -> tuple[int, int] | None:
    for i in range(start, end):
        marker = find_marker(paragraphs[i].lines[0].text)
        if not marker or marker.kind not in {ROMAN, NUMBER}:
            continue
        title = fold(paragraphs[i].raw[marker.length :].replace("*", ""))
        if _SECTION_IMPLEMENTATION.match(title):
            for j in range(i + 1, end):
                nxt = find_marker(paragraphs[j].lines[0].text)
                if nxt and nxt.kind == marker.kind:
                    return i, j
            return i, end
    return None


def implementation_section(paragraphs: list[Paragraph], *, kind: str | None) -> tuple[int, int] | None:
    """A plan's section "Tổ chức thực hiện" / "Trách nhiệm thực hiện" ([start, end) paragraphs), if any."""
    if kind != "KH":
        return None
    end = _tail_start(paragraphs)
    return _implementation_section(paragraphs, _body_start(paragraphs[:end]), end)


def is_document_closer(text: MappedText) -> bool:
    return bool(_DOCUMENT_CLOSER.match(text.folded))
