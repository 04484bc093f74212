"""extract_notice(): the text of a document → its shape, header facts and proposed tasks.

The shapes (Extraction.shape, shown to the clerk): a numbered notice, a task table (a table alone, or
a plan's appendix), a plan whose section "Tổ chức thực hiện" assigns the work, unnumbered prose (a
meeting's news), a document of a central body. Tables are read row by row (extraction.tables); the rest
of the text sentence by sentence (extraction.grammar); every proposed task carries the document's shape
and a confidence per field, from the rule that found it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from . import tables as tables_mod
from .deadlines import DeadlineKind, parse_deadline
from .files import NoticeFileError, gettext_noop
from .grammar import Draft, TaskBuilder, merge_spans, own_deadline, own_recurrence, with_marker
from .header import parse_header
from .model import Extraction, KnownUnit, ProposedTask, SourceSpan, UnitRef
from .normalize import fold
from .structure import ROOT, Node, body_range, build_tree, implementation_section, is_document_closer
from .text import Source, build_paragraphs
from .timing import STRONG
from .units import GROUP, Mention, UnitMatcher
from .workdays import CalendarSource

# The engine reads at most this many characters (the page accepts 500 000): beyond, a clear message
# at once rather than minutes of work.
MAX_CHARS = 600_000

# Origins of a task (ProposedTask.origin) and how sure the assistant is of its content.
NUMBERED = "numbered"  # a numbered item
PROSE = "prose"  # a sentence of unnumbered prose
TABLE_ROW = "table"  # a row of a task table
CONTENT_CONFIDENCE = {NUMBERED: 1.0, PROSE: 0.75, TABLE_ROW: 1.0}


def extract_notice(
    text: str,
    *,
    units: Iterable[KnownUnit],
    ref_year: int | None = None,
    ref_date: date | None = None,
    calendar: CalendarSource = None,
) -> Extraction:
    """Propose the shape, the header facts and the tasks of a document.

    `units`: the units the document may name, as data built by the caller (the assistant: the active
    units of the register, with the aliases the clerks taught it). `ref_year`: the year of dates written
    without one (default: the document's). `ref_date`: the day "trong N ngày (làm việc)" counts from when
    no date is named (default: the document's issue date, else its meeting date); `calendar`: the working-day
    calendar (workdays.Calendar, the administrator's edits; the project passes the same one everywhere). Raises NoticeFileError for a text too long to read, or made
    only of tables none of which has a recognisable header."""
    text = text or ""
    if len(text) > MAX_CHARS:
        raise NoticeFileError(
            "too_long",
            gettext_noop(
                "Văn bản quá dài (%(size)s ký tự, tối đa %(limit)s). Hãy chỉ dán phần kết luận, kế hoạch "
                "hoặc bảng nhiệm vụ cần nhập."
            ),
            size=f"{len(text):,}".replace(",", "."),
            limit=f"{MAX_CHARS:,}".replace(",", "."),
        )
    source = Source.of(text)
    doc = source.text
    found_tables = tables_mod.find_tables(doc)
    prose_doc = tables_mod.mask(doc, found_tables)
    paragraphs = build_paragraphs(prose_doc)
    header = parse_header(prose_doc, paragraphs) if paragraphs else None
    extraction = Extraction(text=text)
    if header is not None:
        for name in vars(header):
            setattr(extraction, name, getattr(header, name))
    year = ref_year or extraction.reference_year or _first_year(doc)
    matcher = UnitMatcher(units)
    dates = {"ref_date": ref_date or _document_date(extraction), "calendar": calendar}
    builder = TaskBuilder(
        doc=prose_doc, matcher=matcher, ref_year=year, allow_default=extraction.kind != "KH", **dates
    )
    start, end = body_range(paragraphs, kind=extraction.kind)
    tree = build_tree(
        prose_doc,
        paragraphs[start:end],
        is_deadline_line=builder.is_deadline_line,
        is_closing=is_document_closer,
    )
    intro = [para.mapped(prose_doc) for para in paragraphs[max(0, start - 6) : start]]
    drafts = builder.run(tree, intro=intro)
    prose_tasks = _assemble(drafts, source)
    table_tasks = _table_tasks(found_tables, matcher, source, year, dates)
    _check_tables(found_tables, prose_tasks, table_tasks)
    tasks = sorted(prose_tasks + table_tasks, key=lambda t: t.source[0].start if t.source else 0)
    extraction.tasks = _without_duplicates(tasks)
    extraction.has_tables = bool(table_tasks)
    extraction.shape = _shape(extraction, paragraphs, matcher, prose_tasks, table_tasks)
    if not extraction.title and table_tasks:
        extraction.title = _table_caption(paragraphs, found_tables)
    for task in extraction.tasks:
        task.shape = extraction.shape
    if found_tables and not table_tasks and prose_tasks:
        extraction.warnings.append(
            "Văn bản có bảng nhưng không nhận ra dòng tiêu đề (TT, Nội dung, Chủ trì, Phối hợp, Thời gian); "
            "các dòng của bảng chưa được đọc."
        )
    return extraction


def _document_date(extraction: Extraction) -> date | None:
    if extraction.issue_year and extraction.issue_month and extraction.issue_day:
        try:
            return date(extraction.issue_year, extraction.issue_month, extraction.issue_day)
        except ValueError:
            pass
    return extraction.meeting_date


def _first_year(doc: str) -> int | None:
    m = re.search(r"năm\s+(20\d\d)|/(20\d\d)\b", doc[:3000])
    return int(m.group(1) or m.group(2)) if m else None


# --------------------------------------------------------------------------- drafts → tasks
def _assemble(drafts: list[Draft], source: Source) -> list[ProposedTask]:
    singles = [(draft, lead) for draft in drafts for lead in (draft.leads or [None])]
    items = _item_labels([draft.node for draft, _ in singles])
    return [_task(draft, lead, item, source) for (draft, lead), item in zip(singles, items, strict=True)]


def _item_labels(nodes: list[Node]) -> list[str]:
    """Each task is numbered by the highest item that holds no other task ("1", not "1.2", when
    item 1 yields a single task); tasks outside any numbered item are numbered in order."""
    counts: Counter[int] = Counter()
    for node in nodes:
        for ancestor in _lineage(node):
            counts[id(ancestor)] += 1
    labels = []
    loose = 0
    for node in nodes:
        lineage = _lineage(node)
        chosen = next((a for a in lineage if counts[id(a)] == 1), node)
        label = chosen.item
        if not label:
            loose += 1
            label = str(loose)
        labels.append(label)
    return labels


def _lineage(node: Node) -> list[Node]:
    """The node's numbered ancestors from the top level down, the node included."""
    out = []
    while node is not None and node.kind != ROOT:
        out.append(node)
        node = node.parent
    return list(reversed(out))


def _task(draft: Draft, lead: Mention | None, item: str, source: Source) -> ProposedTask:
    lead_key = lead.key if lead is not None else None
    coords = [m for m in draft.coords if m.key != lead_key]
    task = ProposedTask(
        item=item,
        content=_content(draft),
        source=_source(draft, source),
        lead_units=[_ref(lead)] if lead is not None else [],
        coordinating_units=[_ref(m) for m in coords],
        origin=NUMBERED if draft.node.kind != ROOT else PROSE,
    )
    _set_deadline(task, draft)
    if lead is None:
        lead_confidence = 0.0
    elif draft.by_default:
        lead_confidence = 0.5  # the notice's main addressee, for an order that names no one
    elif draft.by_intro:
        lead_confidence = 0.85  # the addressee the introduction names
    else:
        lead_confidence = lead.confidence * (1.0 if draft.explicit else 0.95)
    task.field_confidence = {
        "lead_units": lead_confidence,
        "coordinating_units": min((m.confidence for m in coords), default=1.0),
        "deadline": _deadline_confidence(draft),
        "content": CONTENT_CONFIDENCE[task.origin],
    }
    return task


def _deadline_confidence(draft: Draft) -> float:
    """An explicit deadline of the order's own sentence is surest; one of the block's closing line, or
    an opening time adverbial ("Năm 2022, ..."), less; none at all: probably an ongoing duty."""
    if own_recurrence(draft) is not None:
        return 0.95
    own = own_deadline(draft)
    if own is not None:
        return 1.0 if own.strength == STRONG else 0.7
    return 0.85 if draft.closed_by is not None else 0.85


def _ref(mention: Mention) -> UnitRef:
    body = mention.body
    return UnitRef(
        kind=mention.kind,
        name=mention.name,
        text=mention.text,
        unit=mention.unit,
        group=mention.group,
        rule=mention.rule,
        confidence=mention.confidence,
        new_kind=body.unit_kind if body is not None else "",
    )


# --------------------------------------------------------------------------- tables
def _table_tasks(
    found, matcher: UnitMatcher, source: Source, year: int | None, dates: dict
) -> list[ProposedTask]:
    out = []
    for table in found:
        if not table.is_task_table:
            continue
        for row in tables_mod.table_tasks(table, matcher, ref_year=year, **dates):
            a, b = source.original_span(*row.span)
            spans = [SourceSpan(a, b, source.original[a:b])]
            for lead in row.leads or [None]:
                lead_key = lead.key if lead is not None else None
                coords = [m for m in row.coords if m.key != lead_key]
                parsed = parse_deadline(row.deadline_text, ref_year=year, **dates)
                task = ProposedTask(
                    item=row.item,
                    content=row.content,
                    source=spans,
                    lead_units=[_ref(lead)] if lead is not None else [],
                    coordinating_units=[_ref(m) for m in coords],
                    deadline_text=row.deadline_text,
                    deadline=parsed.due_date,
                    deadline_kind=parsed.kind,
                    recurrence=parsed.recurrence or None,
                    section=row.section,
                    origin=TABLE_ROW,
                )
                task.field_confidence = {
                    "lead_units": row.lead_confidence if lead is not None else 0.0,
                    "coordinating_units": row.coord_confidence,
                    "deadline": row.deadline_confidence,
                    "content": CONTENT_CONFIDENCE[TABLE_ROW],
                }
                out.append(task)
    return out


def _check_tables(found, prose_tasks, table_tasks) -> None:
    """A document made of tables none of which has a task header: nothing can be read, say so."""
    if not found or table_tasks or prose_tasks:
        return
    if any(t.is_task_table for t in found):
        return
    raise NoticeFileError(
        "no_table_header",
        gettext_noop(
            "Không nhận ra dòng tiêu đề của bảng. Trợ lý đọc bảng nhiệm vụ có các cột như “TT”, "
            "“Nội dung/Nhiệm vụ”, “Cơ quan chủ trì”, “Cơ quan phối hợp”, “Thời gian hoàn thành”: hãy dán "
            "cả dòng tiêu đề của bảng."
        ),
    )


_CAPTION_NOISE = re.compile(
    r"^(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UBND|TỈNH [^\s]+(?: [^\s]+)?|PHỤ LỤC(?: [IVX]+)?|\s)+(?=\S)", re.IGNORECASE
)


def _table_caption(paragraphs, found_tables) -> str:
    """A table pasted or sent alone has no header to read its title from: its caption ("DANH MỤC NHIỆM
    VỤ ... NĂM 2025"), the last paragraph before the first task table that is not "(Kèm theo ...)"."""
    first = next((t for t in found_tables if t.is_task_table), None)
    if first is None:
        return ""
    before = [p for p in paragraphs if p.end <= first.start]
    for para in reversed(before[-4:]):
        text = " ".join(para.raw.replace("*", "").split())
        if text.startswith("(") or len(text) < 12:
            continue
        head, paren, rest = text.partition(" (")  # "DANH MỤC ... NĂM 2025 (Kèm theo Kế hoạch số 88/KH-UBND)"
        if head.isupper():
            head = _CAPTION_NOISE.sub("", head)
            text = head[:1] + head[1:].lower() + paren + rest
        return text[:500]
    return ""


# --------------------------------------------------------------------------- duplicates
def _without_duplicates(tasks: list[ProposedTask]) -> list[ProposedTask]:
    """An order is proposed once: a later task with the same lead, the same content (words, folded) and
    the same deadline as an earlier one (an item restated, a row repeated) is left out. Tasks that
    differ in a number ("báo cáo quý I" / "quý II") or a deadline are different orders."""
    kept: list[ProposedTask] = []
    seen: set[tuple] = set()
    for task in tasks:
        lead = task.lead_unit
        lead_key = ""
        if lead is not None and lead.unit is not None:
            lead_key = str(lead.unit.code or lead.unit.id)
        elif lead is not None:
            lead_key = f"{lead.kind}:{lead.group or fold(lead.name)}"
        key = (lead_key, tuple(re.findall(r"\w+", fold(task.content))), task.deadline, task.recurrence)
        if key in seen:
            continue
        seen.add(key)
        kept.append(task)
    return kept


# --------------------------------------------------------------------------- the shape
_CENTRAL_HEAD = re.compile(
    r"^(?:chinh phu|thu tuong chinh phu|van phong chinh phu|bo [a-z]|quoc hoi|uy ban thuong vu quoc hoi"
    r"|ban chap hanh trung uong|bo chinh tri|ban bi thu|ban chi dao trung uong|ngan hang nha nuoc viet nam"
    r"|thanh tra chinh phu|uy ban trung uong)"
)


def _shape(extraction, paragraphs, matcher: UnitMatcher, prose_tasks, table_tasks) -> str:
    if _is_central(extraction, paragraphs, matcher, prose_tasks + table_tasks):
        return "central"
    if implementation_section(paragraphs, kind=extraction.kind) and len(prose_tasks) >= len(table_tasks) / 2:
        return "plan"
    if table_tasks and len(table_tasks) >= len(prose_tasks):
        return "table"
    numbered = sum(1 for t in prose_tasks if t.origin == NUMBERED)
    return "numbered" if numbered and numbered >= len(prose_tasks) / 2 else "prose"


def _is_central(extraction, paragraphs, matcher: UnitMatcher, tasks) -> bool:
    """Issued by a central body (its name heads the document), or addressed mostly to central bodies."""
    for para in paragraphs[:4]:
        head = fold(para.raw.replace("*", "")).split("cong hoa xa hoi")[0].strip()
        if head and _CENTRAL_HEAD.match(head) and not re.search(r"\btinh\b|\bthanh pho\b", head):
            return True
    leads = [t.lead_unit for t in tasks if t.lead_unit is not None]
    central = sum(
        1
        for ref in leads
        if ref.new_kind == "central"
        or (ref.unit is not None and ref.unit.kind == "central")
        or (ref.kind == GROUP and ref.group.split("+")[0] in {"ministries", "provinces"})
    )
    return bool(leads) and central * 2 > len(leads)


def _set_deadline(task: ProposedTask, draft: Draft) -> None:
    own = own_deadline(draft)
    recurrence = own_recurrence(draft)
    if recurrence is not None:
        task.deadline_kind = DeadlineKind.RECURRING
        task.recurrence = recurrence.recurrence
        task.deadline_text = _recurring_phrase(draft, own, recurrence)
        return
    deadline = own or draft.closed_by
    if deadline is not None:
        task.deadline_text = deadline.text
        task.deadline = deadline.due
        task.deadline_kind = deadline.kind


_DAY_OF_PERIOD = re.compile(r"(?:(?:trước|vào|chậm nhất)\s+)?ngày\s+\d{1,2}\s+$", re.IGNORECASE)


def _recurring_phrase(draft: Draft, own, recurrence) -> str:
    """ "hằng năm"; "trước ngày 25 hằng tháng" when a day of the period is given before it."""
    if own is not None and 0 <= recurrence.start - own.end <= 1:
        return f"{own.text} {recurrence.text}"
    clause = next(c for c in draft.clauses if recurrence in c.recurrences())
    before = clause.para.mt.text[max(clause.start, recurrence.start - 30) : recurrence.start]
    m = _DAY_OF_PERIOD.search(before)
    return f"{m.group(0)}{recurrence.text}" if m else recurrence.text


def _content(draft: Draft) -> str:
    parts = []
    for i, clause in enumerate(draft.clauses):
        start = draft.content_start if i == 0 and draft.content_start is not None else clause.start
        parts.append(clause.para.mt.text[start : clause.end])
    text = " ".join(parts).strip(" ,:;")
    text = re.sub(r"^(?:phải|cần phải)\s+", "", text)
    if draft.prefix:
        text = f"{draft.prefix}, {text}"
    if draft.details:
        text = text.rstrip(" .;:") + ": " + "; ".join(d.strip(" ;.:") for d in draft.details)
    return _sentence_case(text)


def _sentence_case(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("*", "")).strip(" ,;:-")
    text = re.sub(r"\s*\./\.$", ".", text)
    text = re.sub(r"[;:,]$", ".", text)
    if text and text[-1].isalnum() or text.endswith((")", "”", '"')):
        text += "."
    return text[:1].upper() + text[1:]


def _source(draft: Draft, source: Source) -> list[SourceSpan]:
    doc = source.text
    own = []
    for i, clause in enumerate(draft.clauses):
        start, end = clause.para.mt.span(clause.start, clause.end)
        if i == 0 and clause.start == 0 and clause.para.marked:
            start = with_marker(doc, start)
        own.append((start, end))
    spans = [*draft.context_spans, *merge_spans(own), *draft.extra_spans]
    out: list[SourceSpan] = []
    seen = set()
    for start, end in spans:
        if (start, end) in seen or end <= start:
            continue
        seen.add((start, end))
        a, b = source.original_span(start, end)
        out.append(SourceSpan(a, b, source.original[a:b]))
    return out


__all__ = ["extract_notice", "is_document_closer"]
