"""Task tables: "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành".

Plans and their appendices list their tasks in tables; offices paste them from Word (cells separated by
tabs), upload them as .docx (extraction.files writes a Word table as rows "| a | b | c |") or as PDF
(extraction.files rebuilds the rows from the layout), or write them in Markdown (pipes).

Rules:
- A table is a run of lines with at least three cells (tabs, or a line opening with "|"). A pasted
  cell of several paragraphs comes as several lines: a line that does not open with a row number joins
  the cell left open; a blank line inside the table is skipped.
- Its columns are found by their headers, in any order: TT/STT, nội dung/nhiệm vụ, chủ trì (or đơn vị
  thực hiện), phối hợp, sản phẩm/kết quả, thời gian/thời hạn/tiến độ. A header of two rows ("Cơ quan
  thực hiện" over "Chủ trì | Phối hợp") is read as one. A table is a task table when its header names
  the content and the lead or the deadline; other tables (budgets...) are left out, and a document made
  only of tables none of which has such a header is refused with a message.
- A row with one cell across the table (merged), or a row numbered I., II., A. with no unit and no
  deadline, or a row in capitals with nothing but a number, opens a section: the rows under it carry
  it ("I. Hoàn thiện thể chế") and their item is "I.1".
- Every unit named in the lead cell leads a task of its own (one task per lead, as in the text); the
  units and groups of the coordinating cell coordinate it. A lead cell left empty under a row that has
  one is a cell merged down in Word: the row above's lead, with less confidence. A lead cell naming
  no known unit names a unit to create.
- The deadline cell is read by the project's one deadline parser ("Quý III/2025", "6/2025", "2025",
  "Năm 2025-2026", "Thường xuyên", "Hằng năm"); the product is kept at the end of the content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .deadlines import DeadlineKind, parse_deadline
from .normalize import fold
from .units import BY_NEW, NEW, Mention, UnitMatcher

NUMBER = "number"
CONTENT = "content"
LEAD = "lead"
COORD = "coord"
PRODUCT = "product"
DEADLINE = "deadline"
NOTE = "note"

# Header words (folded) → the column's role; the first pattern that matches a cell wins.
_HEADER_ROLES = [
    (COORD, re.compile(r"\bphoi hop\b")),
    (
        LEAD,
        re.compile(
            r"\bchu tri\b|\b(?:don vi|co quan|co quan, don vi)\s+(?:thuc hien|chiu trach nhiem|dau moi)\b"
            r"|\btrach nhiem thuc hien\b|\bphan cong\b"
        ),
    ),
    (DEADLINE, re.compile(r"\bthoi gian\b|\bthoi han\b|\btien do\b|\bmoc\b|\bhan hoan thanh\b")),
    (PRODUCT, re.compile(r"\bsan pham\b|\bket qua\b|\bhinh thuc\b")),
    (NUMBER, re.compile(r"^(?:s\s*tt|tt|so tt|so thu tu|stt)$")),
    (
        CONTENT,
        re.compile(r"\bnoi dung\b|\bnhiem vu\b|\bcong viec\b|\bten (?:de an|du an|nhiem vu)\b|\bgiai phap\b"),
    ),
    (NOTE, re.compile(r"\bghi chu\b|\bkinh phi\b|\bnguon von\b|\bdu toan\b")),
]
_ROW_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[A-ZĐ]\.?|[a-zđ][.)]?|[-+•])$")
_SECTION_LABEL = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ])\.?$")
_SECTION_TEXT = re.compile(r"^(?P<label>[IVXLC]{1,6}|[A-ZĐ]|\d{1,2})[.)]\s*(?P<title>\S.*)$")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?$")
_MIN_CELLS = 3


@dataclass
class Row:
    cells: list[str]
    start: int  # span of the row's lines in the document
    end: int


@dataclass
class Table:
    """A run of table rows in the document, with the roles of its columns when it has a task header."""

    rows: list[Row]
    roles: list[str] | None = None  # role of each column; None: no recognisable task header
    header_rows: int = 0
    start: int = 0
    end: int = 0

    @property
    def is_task_table(self) -> bool:
        return self.roles is not None


@dataclass
class TableTask:
    """One row of a task table, read: what core.extract_notice turns into proposed tasks."""

    item: str
    section: str
    content: str
    leads: list[Mention]
    coords: list[Mention]
    deadline_text: str
    span: tuple[int, int]
    lead_confidence: float = 1.0
    coord_confidence: float = 1.0
    deadline_confidence: float = 1.0
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- finding tables
def _cells(line: str, *, inside: bool = False) -> list[str] | None:
    """The cells of a table line, or None when the line is not one. Inside a table, a line with one tab
    is a row too (a section row: "A<tab>NHIỆM VỤ CHUNG")."""
    stripped = line.strip()
    if stripped.startswith("|"):
        inner = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
        return [c.strip() for c in inner.split("|")]
    if line.count("\t") >= (1 if inside else _MIN_CELLS - 1):
        return [c.strip() for c in line.split("\t")]
    return None


def _lines(doc: str):
    offset = 0
    for raw in doc.split("\n"):
        yield offset, offset + len(raw), raw
        offset += len(raw) + 1


def find_tables(doc: str) -> list[Table]:
    """Every run of table lines, in order, with its header read."""
    lines = list(_lines(doc))
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        cells = _cells(lines[i][2])
        if cells is None or len(cells) < _MIN_CELLS:
            i += 1
            continue
        table, i = _read_table(lines, i)
        _read_header(table)
        tables.append(table)
    return tables


def _read_table(lines, i: int) -> tuple[Table, int]:
    rows: list[Row] = []
    width = 0
    while i < len(lines):
        start, end, raw = lines[i]
        cells = _cells(raw, inside=True)
        if cells is not None and _MD_RULE.match(raw.strip()):
            i += 1
            continue
        if cells is not None and any(cells):
            width = max(width, len(cells))
            last = rows[-1] if rows else None
            if (
                last is not None
                and "\t" in raw
                and len(last.cells) < width
                and not _ROW_LABEL.match(cells[0])
                and cells[0] != ""
            ):
                last.cells[-1] = f"{last.cells[-1]} {cells[0]}".strip()  # a cell of several paragraphs
                last.cells.extend(cells[1:])
                last.end = end
            else:
                rows.append(Row(cells, start, end))
            i += 1
            continue
        if not raw.strip():
            nxt = _next_nonblank(lines, i)
            if nxt is not None and _cells(lines[nxt][2]) is not None:
                i = nxt
                continue
            break
        # a line without cells inside a table: a section row (merged across), or the rest of a cell
        nxt = _next_nonblank(lines, i + 1)
        inside = nxt is not None and _cells(lines[nxt][2]) is not None
        if not rows or not inside:
            break
        if _SECTION_TEXT.match(raw.strip()) or _is_caps(raw):
            rows.append(Row([raw.strip()], start, end))
        else:
            rows[-1].cells[-1] = f"{rows[-1].cells[-1]} {raw.strip()}".strip()
            rows[-1].end = end
        i += 1
    table = Table(rows=rows, start=rows[0].start if rows else 0, end=rows[-1].end if rows else 0)
    return table, i


def _next_nonblank(lines, i: int) -> int | None:
    for j in range(i, min(len(lines), i + 3)):
        if lines[j][2].strip():
            return j
    return None


# --------------------------------------------------------------------------- the header
def _role_of(cell: str) -> str | None:
    folded = fold(cell.replace("*", "")).strip(" .:")
    if not folded:
        return None
    for role, pattern in _HEADER_ROLES:
        if pattern.search(folded):
            return role
    return None


def _read_header(table: Table) -> None:
    for index, row in enumerate(table.rows[:3]):
        roles = [_role_of(cell) for cell in row.cells]
        if CONTENT not in roles or not ({LEAD, DEADLINE} & set(roles)):
            continue
        used = 1
        if index + 1 < len(table.rows):  # "Cơ quan thực hiện" over "Chủ trì | Phối hợp"
            below = [_role_of(cell) for cell in table.rows[index + 1].cells]
            if any(below) and not any(_ROW_LABEL.match(c) for c in table.rows[index + 1].cells[:1] if c):
                for col, role in enumerate(below):
                    if role in {LEAD, COORD} and col < len(roles):
                        roles[col] = role
                used = 2
        table.roles = [role or NOTE for role in roles]
        table.header_rows = index + used
        return


# --------------------------------------------------------------------------- the rows
def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _sentence_case(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if _is_caps(text):
        text = text[:1] + text[1:].lower()
    return text


def _section_of(row: dict, cells: list[str]) -> tuple[str, str] | None:
    """(label, title) when the row opens a section."""
    filled = [c for c in cells if c]
    merged = len(cells) == 1 or (len(filled) >= 2 and len(set(filled)) == 1)  # one cell across the table
    if merged or len(filled) == 1 and (_SECTION_TEXT.match(filled[0]) or _is_caps(filled[0])):
        m = _SECTION_TEXT.match(filled[0])
        return (m.group("label"), m.group("title")) if m else ("", filled[0])
    number, content = row.get(NUMBER, ""), row.get(CONTENT, "")
    no_duty = not (row.get(LEAD) or row.get(COORD) or row.get(DEADLINE))
    if content and no_duty and (_SECTION_LABEL.match(number) or _is_caps(content)):
        return number.rstrip("."), content
    return None


def _by_role(table: Table, cells: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for col, role in enumerate(table.roles or []):
        value = cells[col] if col < len(cells) else ""
        if value and role not in out:
            out[role] = value
        elif value and role in {CONTENT, PRODUCT}:
            out[role] = f"{out[role]} {value}"
    return out


def table_tasks(table: Table, matcher: UnitMatcher, *, ref_year: int | None, **dates) -> list[TableTask]:
    """The tasks of a task table, one per row (and per lead)."""
    tasks: list[TableTask] = []
    section_label, section = "", ""
    previous_leads: list[Mention] = []
    running = 0
    for row in table.rows[table.header_rows :]:
        cells = [re.sub(r"\s+", " ", c).strip() for c in row.cells]
        if not any(cells):
            continue
        values = _by_role(table, cells)
        opened = _section_of(values, cells)
        if opened is not None:
            label, title = opened
            section_label = label
            section = f"{label}. {_sentence_case(title)}" if label else _sentence_case(title)
            previous_leads = []
            continue
        content = values.get(CONTENT, "")
        if not content:
            continue
        running += 1
        number = values.get(NUMBER, "").rstrip(".") or str(running)
        item = (
            f"{section_label}.{number}" if section_label and not number.startswith(section_label) else number
        )
        task = _row_task(values, matcher, ref_year=ref_year, **dates)
        task.item, task.section, task.span = item, section, (row.start, row.end)
        if not task.leads and not values.get(LEAD) and previous_leads:
            task.leads = list(previous_leads)  # a lead cell merged down over this row
            task.lead_confidence = 0.6
        previous_leads = task.leads
        tasks.append(task)
    return tasks


def _row_task(values: dict[str, str], matcher: UnitMatcher, *, ref_year: int | None, **dates) -> TableTask:
    """`dates`: ref_date and calendar, passed to parse_deadline."""
    content = values.get(CONTENT, "")
    product = values.get(PRODUCT, "")
    if product and fold(product) not in fold(content):
        content = f"{content.rstrip(' .;')} (sản phẩm: {product.rstrip(' .;')})"
    lead_text, coord_text = values.get(LEAD, ""), values.get(COORD, "")
    at = fold(lead_text).find("phoi hop")
    if at > 0:  # one cell for both: "Sở A chủ trì, phối hợp Sở B" (or the cells merged across)
        lead_text, named = lead_text[:at], lead_text[at:]
        coord_text = named if coord_text in {"", values.get(LEAD, "")} else f"{named}; {coord_text}"
    leads, lead_confidence = _leads(lead_text, matcher)
    coords = [m for m in matcher.analyse(coord_text).mentions] if coord_text else []
    lead_keys = {m.key for m in leads}
    seen: set[str] = set()
    coords = [m for m in coords if m.key not in lead_keys and not (m.key in seen or seen.add(m.key))]
    deadline_text = re.sub(r"\s+", " ", values.get(DEADLINE, "")).strip(" .;")
    parsed = parse_deadline(deadline_text, ref_year=ref_year, **dates)
    if not deadline_text:
        deadline_confidence = 0.8
    elif parsed.kind == DeadlineKind.NONE and fold(deadline_text) not in {"thuong xuyen", "lien tuc"}:
        deadline_confidence = 0.4  # a phrase the parser cannot date ("Năm học 2025-2026")
    else:
        deadline_confidence = 0.95
    return TableTask(
        item="",
        section="",
        content=_finish(content),
        leads=leads,
        coords=coords,
        deadline_text=deadline_text,
        span=(0, 0),
        lead_confidence=lead_confidence,
        coord_confidence=min([m.confidence for m in coords], default=1.0 if not coord_text else 0.6),
        deadline_confidence=deadline_confidence,
    )


def _leads(text: str, matcher: UnitMatcher) -> tuple[list[Mention], float]:
    if not text.strip(" -.;,"):
        return [], 0.0
    analysis = matcher.analyse(text)
    leads: list[Mention] = []
    for mention in analysis.mentions:
        if mention.key not in {m.key for m in leads}:
            leads.append(mention)
    if leads:
        return leads, min(m.confidence for m in leads)
    name = re.sub(r"\s*\((?:chủ trì|chu tri)\)\s*", "", text).strip(" -.;,")
    if len(name.split()) > 12:
        return [], 0.0
    mention = Mention(
        kind=NEW, name=name, text=name, start=0, end=len(name), tok_start=0, tok_end=0, unit=None, rule=BY_NEW
    )
    return [mention], mention.confidence


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ;,")
    if text and text[-1].isalnum() or text.endswith(")"):
        text += "."
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- tables in a PDF's layout
_GAP = re.compile(r"\S+(?: \S+)*")  # a run of words separated by single spaces: one cell's piece


def _segments(line: str) -> list[tuple[int, str]]:
    """Pieces of a layout line separated by two spaces or more, with their positions."""
    return [(m.start(), m.group(0)) for m in _GAP.finditer(line)]


def _layout_header(lines: list[str], i: int) -> tuple[list[tuple[int, str]], int] | None:
    """Columns (position, role) of a task header starting at line i (a header may wrap over 3 lines)."""
    cells = [[pos, text] for pos, text in _segments(lines[i])]
    if len(cells) < 2:
        return None
    first_word = cells[0][1].split(" ", 1)
    if len(first_word) == 2 and _role_of(first_word[0]) == NUMBER:  # "STT Nội dung": two columns
        cells[0:1] = [[cells[0][0], first_word[0]], [cells[0][0] + len(first_word[0]) + 1, first_word[1]]]
    used = 1
    for j in range(i + 1, min(i + 3, len(lines))):
        pieces = _segments(lines[j])
        if not pieces or any(_ROW_LABEL.match(text.split(" ")[0]) for _, text in pieces[:1]):
            break
        for pos, text in pieces:
            nearest = min(cells, key=lambda c: abs(c[0] - pos))
            nearest[1] = f"{nearest[1]} {text}"
        used += 1
    roles = [_role_of(text) for _, text in cells]
    if CONTENT not in roles or not ({LEAD, DEADLINE} & set(roles)):
        return None
    return [(pos, role or NOTE) for (pos, _), role in zip(cells, roles, strict=True)], used


def layout_rows(text: str) -> str | None:
    """A PDF page laid out as text (pypdf's layout mode) with its task table rebuilt as "| a | b |" rows,
    or None when no task header is found. Cells are the pieces of a line two spaces apart, put in the
    column whose header starts nearest; a line opening with a row number starts a row, the others
    continue the cells of the row above; a line in capitals or numbered I., II. is a section."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    found = False
    while i < len(lines):
        header = _layout_header(lines, i) if _segments(lines[i]) else None
        if header is None:
            out.append(" ".join(lines[i].split()))
            i += 1
            continue
        columns, used = header
        found = True
        header_text = [" ".join(lines[k].split()) for k in range(i, i + used)]
        out.append("| " + " | ".join(_header_names(lines, i, used, columns)) + " |")
        i = _layout_table(lines, i + used, columns, header_text, out)
    return "\n".join(out) if found else None


def _header_names(lines, i, used, columns) -> list[str]:
    names = {pos: [] for pos, _ in columns}
    for k in range(i, i + used):
        for pos, text in _segments(lines[k]):
            words = text.split(" ", 1)
            if k == i and len(words) == 2 and _role_of(words[0]) == NUMBER and columns[0][1] == NUMBER:
                names[columns[0][0]].append(words[0])
                names[columns[1][0]].append(words[1])
                continue
            nearest = min(names, key=lambda p: abs(p - pos))
            names[nearest].append(text)
    return [" ".join(names[pos]) for pos, _ in columns]


def _layout_table(lines, i, columns, header_text, out) -> int:
    """Rows of the table whose header ends before line i, written to `out`; returns the next line."""
    starts = [pos for pos, _ in columns]
    number_col = next((k for k, (_, role) in enumerate(columns) if role == NUMBER), None)
    body: list[list[tuple[int, str]] | str] = []  # the table's lines: pieces, or a section's text
    blanks = 0
    while i < len(lines):
        pieces = _segments(lines[i])
        if not pieces:
            blanks += 1
            if blanks >= 2:
                break
            i += 1
            continue
        after_blank, blanks = blanks > 0, 0
        if " ".join(lines[i].split()) in header_text:  # the header repeated on the next page
            i += 1
            continue
        first_pos, first_text = pieces[0]
        if len(pieces) == 1 and (_SECTION_TEXT.match(first_text) or _is_caps(first_text)):
            body.append(first_text)
            i += 1
            continue
        starts_row = _starts_row(first_pos, first_text, starts, number_col)
        edge = starts[2] if len(starts) > 2 else starts[-1]
        alone = len(pieces) == 1 and first_pos < starts[1] - 1
        if alone and not starts_row and (after_blank or first_pos + len(first_text) > edge):
            break  # a line of prose across the page: the table is over
        body.append(pieces)
        i += 1
    cells = _data_starts(body, starts)
    row: list[str] | None = None
    for line in body:
        if isinstance(line, str):
            if row is not None and any(row):
                out.append("| " + " | ".join(row) + " |")
            row = None
            out.append(f"| {line} |")
            continue
        pieces = _split_at(line, cells)
        first_pos, first_text = pieces[0]
        starts_row = _starts_row(first_pos, first_text, starts, number_col)
        if starts_row or row is None:
            if row is not None and any(row):
                out.append("| " + " | ".join(row) + " |")
            row = [""] * len(columns)
            label = first_text.split(" ")[0]
            if starts_row and first_text != label:  # "1      Nâng cấp ..." may come as one piece
                pieces = [
                    (first_pos, label),
                    (first_pos + len(label) + 1, first_text[len(label) + 1 :]),
                    *pieces[1:],
                ]
        in_order = len(pieces) == len(columns)
        for index, (pos, text) in enumerate(pieces):
            col = index if in_order else min(range(len(cells)), key=lambda k: abs(cells[k] - pos))
            row[col] = f"{row[col]} {text}".strip()
    if row is not None and any(row):
        out.append("| " + " | ".join(row) + " |")
    return i


def _starts_row(pos: int, text: str, starts: list[int], number_col: int | None) -> bool:
    label = text.split(" ")[0]
    return number_col is not None and bool(_ROW_LABEL.match(label)) and abs(pos - starts[number_col]) <= 4


def _data_starts(body, starts: list[int]) -> list[int]:
    """Where each column's cells start in the rows (a header is often centred over its column): the
    median start of the pieces nearest to each header."""
    found: list[list[int]] = [[] for _ in starts]
    for line in body:
        if isinstance(line, str):
            continue
        for pos, _ in line:
            found[min(range(len(starts)), key=lambda k: abs(starts[k] - pos))].append(pos)
    return [sorted(f)[len(f) // 2] if f else start for f, start in zip(found, starts, strict=True)]


def _split_at(pieces: list[tuple[int, str]], cells: list[int]) -> list[tuple[int, str]]:
    """A piece running over the start of the next column ("Sở Tài chính Số doanh") is two cells' words."""
    out: list[tuple[int, str]] = []
    for pos, text in pieces:
        cut = next(
            (
                j
                for j, ch in enumerate(text)
                if ch == " " and any(abs(pos + j + 1 - c) <= 2 and c - pos > 3 for c in cells)
            ),
            None,
        )
        if cut is None:
            out.append((pos, text))
        else:
            out.extend([(pos, text[:cut]), *_split_at([(pos + cut + 1, text[cut + 1 :])], cells)])
    return out


def mask(doc: str, tables: list[Table]) -> str:
    """The document with the tables' lines blanked (same length, newlines kept), for the prose reader."""
    if not tables:
        return doc
    chars = list(doc)
    for table in tables:
        for i in range(table.start, table.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


__all__ = ["Table", "TableTask", "find_tables", "layout_rows", "mask", "table_tasks"]
