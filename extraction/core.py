"""extract_notice(): the text of a notice (or of a plan's sections) → header facts and proposed tasks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .deadlines import DeadlineKind
from .grammar import Draft, TaskBuilder, merge_spans, own_deadline, own_recurrence, with_marker
from .header import parse_header
from .model import Extraction, KnownUnit, ProposedTask, SourceSpan, UnitRef
from .structure import ROOT, Node, body_range, build_tree, is_document_closer
from .text import Source, build_paragraphs
from .units import Mention, UnitMatcher


def extract_notice(text: str, *, units: Iterable[KnownUnit], ref_year: int | None = None) -> Extraction:
    """Propose the header facts and the tasks of a notice.

    `units`: the units the notice may name, as data built by the caller (the assistant: the active
    units of the register). `ref_year`: the year of dates written without one (default: the notice's)."""
    source = Source.of(text or "")
    doc = source.text
    paragraphs = build_paragraphs(doc)
    header = parse_header(doc, paragraphs) if paragraphs else None
    extraction = Extraction(text=text or "")
    if header is not None:
        for name in vars(header):
            setattr(extraction, name, getattr(header, name))
    year = ref_year or extraction.reference_year or _first_year(doc)
    matcher = UnitMatcher(units)
    builder = TaskBuilder(doc=doc, matcher=matcher, ref_year=year, allow_default=extraction.kind != "KH")
    start, end = body_range(paragraphs, kind=extraction.kind)
    tree = build_tree(
        doc,
        paragraphs[start:end],
        is_deadline_line=builder.is_deadline_line,
        is_closing=is_document_closer,
    )
    drafts = builder.run(tree)
    extraction.tasks = _assemble(drafts, source)
    return extraction


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
    task = ProposedTask(
        item=item,
        content=_content(draft),
        source=_source(draft, source),
        lead_units=[_ref(lead)] if lead is not None else [],
        coordinating_units=[_ref(m) for m in draft.coords if m.key != lead_key],
    )
    _set_deadline(task, draft)
    return task


def _ref(mention: Mention) -> UnitRef:
    return UnitRef(kind=mention.kind, name=mention.name, text=mention.text, unit=mention.unit)


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
