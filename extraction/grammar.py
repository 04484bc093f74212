"""The grammar of assignments: who leads, who coordinates, what is to be done, by when.

Rules (each one a pattern of Vietnamese administrative writing, not of a particular notice):

- Subject: units named at the start of a clause (or after "," / ":"), or right after "Giao",
  "Đề nghị", "Yêu cầu", and followed by a predicate. Several units named as equal doers give one
  task each ("Sở A, Sở B, Sở C căn cứ ... xây dựng ...").
- Roles: "X chủ trì, phối hợp với Y", "X phối hợp với Y ..." → X leads, Y coordinates;
  "giao X chỉ đạo Z" → X leads, Z coordinates; "lấy ý kiến Y", "gửi Y tổng hợp" → Y coordinates.
  Recipients ("trình UBND tỉnh", "báo cáo ...", "tham mưu ...") are not coordinating units.
- Heading: a clause that names units and nothing else to do ("Sở Thông tin và Truyền thông:",
  "a) Sở TTTT phối hợp với VP UBND tỉnh:", "1. Sở Tài chính") gives its units to the items under it.
- An item without a subject continues the task of the sentence before it, takes the units of its
  heading, or — for an order in the imperative ("Ưu tiên triển khai ...") with no heading — the
  notice's main addressee (the unit most often named as subject). Opinions ("Thống nhất ...") and
  prose without a subject are not tasks.
- A task ending with ":" whose sub-items describe it ("... hoàn thiện Đề án; trong đó, lưu ý các
  nội dung sau:") keeps them as its content; a sub-item with its own deadline is also a milestone.
- Deadline lines ("Thời gian hoàn thành ...") apply to the tasks above them in their block that
  have none; a later clause with a recurrence of its own ("...; hằng năm, tổ chức hội thảo") is a
  recurring task of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from . import lexicon
from .catalogue import LEADER_TITLES
from .structure import PLUS, ROOT, Node
from .text import MappedText, Token, sentence_spans
from .timing import (
    FoundDeadline,
    FoundRecurrence,
    best_deadline,
    deadlines_in,
    is_deadline_only,
    recurrences_in,
)
from .units import GROUP, Analysis, Mention, UnitMatcher
from .workdays import CalendarSource

_KINH_GUI = re.compile(r"^kinh gui\s*:")
_NARRATIVE = re.compile(r"(?:sang|chieu|toi|trua)\s+(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}")
_CONTINGENT = re.compile(r"\bneu (?:co )?(?:kho khan|vuong mac|phat sinh)")
_DETAIL_CUES = re.compile(
    r"(?:luu y|trong do|bao gom|gom|voi cac noi dung|theo huong|noi dung chu yeu|dam bao cac yeu cau|"
    r"the hien|tap trung vao)[^;]*:\s*$"
)
_TOPIC_PREFIX = re.compile(r"^(?:ve|doi voi|lien quan den|rieng)\b[^:]{0,150}:\s*")
_SHORT_PREFIX = re.compile(r"^[^:;]{1,60}:\s*")
_DUTY = re.compile(r"\b(?:co|chiu) trach nhiem\b|\bco nhiem vu\b")
_CONNECTIVES = re.compile(r"^(?:(?:" + "|".join(lexicon.CONNECTIVES) + r")\s*,?\s*)+")


# --------------------------------------------------------------------------- analysed text
@dataclass
class Clause:
    para: Para
    start: int  # offsets in para.mt
    end: int
    tok_start: int
    tok_end: int
    last_in_para: bool = False

    @property
    def text(self) -> str:
        return self.para.mt.text[self.start : self.end]

    @property
    def folded(self) -> str:
        return self.para.mt.folded[self.start : self.end]

    @property
    def tokens(self) -> list[Token]:
        return self.para.analysis.tokens[self.tok_start : self.tok_end]

    def mentions(self) -> list[Mention]:
        return self.para.within("mentions", self.tok_start, self.tok_end)

    def deadlines(self) -> list[FoundDeadline]:
        return self.para.within("deadlines", self.start, self.end)

    def recurrences(self) -> list[FoundRecurrence]:
        return self.para.within("recurrences", self.start, self.end)


@dataclass
class Sentence:
    start: int
    end: int
    clauses: list[Clause]


@dataclass
class Para:
    mt: MappedText
    analysis: Analysis
    deadlines: list[FoundDeadline]
    recurrences: list[FoundRecurrence]
    sentences: list[Sentence] = field(default_factory=list)
    marked: bool = False  # the paragraph carries the item's marker (a list item)
    _starts: dict = field(default_factory=dict, repr=False)

    def within(self, name: str, start: int, end: int) -> list:
        """The mentions (by token index), deadlines or recurrences (by offset) that start in [start, end),
        found by bisection: a paragraph of thousands of sentences stays linear."""
        items = self.analysis.mentions if name == "mentions" else getattr(self, name)
        if name not in self._starts:
            self._starts[name] = [m.tok_start if name == "mentions" else m.start for m in items]
        starts = self._starts[name]
        return items[bisect_left(starts, start) : bisect_left(starts, end)]

    def mention_bounds(self) -> tuple[set[int], set[int]]:
        """Token indexes where mentions end and start (once per paragraph)."""
        if "bounds" not in self._starts:
            mentions = self.analysis.mentions
            self._starts["bounds"] = ({m.tok_end for m in mentions}, {m.tok_start for m in mentions})
        return self._starts["bounds"]

    def token_range(self, start: int, end: int) -> range:
        """Indexes of the tokens that start in [start, end)."""
        if "tokens" not in self._starts:
            self._starts["tokens"] = [t.start for t in self.analysis.tokens]
        starts = self._starts["tokens"]
        return range(bisect_left(starts, start), bisect_left(starts, end))


@dataclass
class Subject:
    run: list[Mention]
    trigger_start: int  # token index where "Giao"/"Đề nghị" or the run starts
    predicate_start: int  # token index after the subject and its role phrase
    coords: list[Mention]
    preamble_end: int | None = None  # where the words worth keeping before the subject end (a speaker)


@dataclass
class Context:
    """Units a heading hands down to the items under it, and the heading lines (for the source)."""

    leads: list[Mention] = field(default_factory=list)
    coords: list[Mention] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Draft:
    node: Node
    leads: list[Mention] | None  # None: the notice's main addressee, decided at the end
    coords: list[Mention]
    clauses: list[Clause] = field(default_factory=list)
    content_start: int | None = None  # offset in the first clause's paragraph where the order starts
    prefix: str = ""
    explicit: bool = False  # the subject is named in the task's own sentence
    context_spans: list[tuple[int, int]] = field(default_factory=list)
    extra_spans: list[tuple[int, int]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    closed_by: FoundDeadline | None = None  # a deadline line of the block
    by_default: bool = False  # the lead is the notice's main addressee (no one named for this order)
    by_intro: bool = False  # the lead is the addressee the introduction names ("đề nghị X thực hiện ...:")

    @property
    def ends_with_colon(self) -> bool:
        return bool(self.clauses) and self.clauses[-1].text.rstrip().endswith(":")


# --------------------------------------------------------------------------- the builder
class TaskBuilder:
    def __init__(
        self,
        *,
        doc: str,
        matcher: UnitMatcher,
        ref_year: int | None,
        allow_default: bool,
        ref_date: date | None = None,
        calendar: CalendarSource = None,
    ):
        self.doc = doc
        self.matcher = matcher
        self.ref_year = ref_year
        self.dates = {"ref_year": ref_year, "ref_date": ref_date, "calendar": calendar}
        self.allow_default = allow_default

    # -- text analysis
    def analyse(self, mt: MappedText, *, marked: bool = False) -> Para:
        para = Para(
            mt=mt,
            analysis=self.matcher.analyse(mt.text),
            deadlines=deadlines_in(mt, **self.dates),
            recurrences=recurrences_in(mt),
            marked=marked,
        )
        for start, end in sentence_spans(mt.text):
            para.sentences.append(Sentence(start, end, _clauses(para, start, end)))
        clauses = [c for s in para.sentences for c in s.clauses]
        if clauses:
            clauses[-1].last_in_para = True
        return para

    def is_deadline_line(self, mt: MappedText) -> bool:
        return bool(mt.text) and is_deadline_only(mt, deadlines_in(mt, **self.dates))

    # -- traversal
    def run(self, root: Node, *, intro: list[MappedText] = ()) -> list[Draft]:
        """Drafts in document order; an order whose doer cannot be told keeps an empty lead list.
        `intro`: the paragraphs before the body, which may name the addressee of its items."""
        drafts = self.visit(root, Context())
        self._assign_default_lead(drafts, self.addressee(intro))
        return drafts

    def addressee(self, intro: list[MappedText]) -> list[Mention]:
        """Whom the items are addressed to, when the introduction says it: "... đề nghị UBND các tỉnh,
        thành phố thực hiện các nội dung sau:", else "Kính gửi: Ủy ban nhân dân các tỉnh, ..."."""
        for mt in reversed(intro[-3:]):
            if not mt.text.rstrip().endswith(":"):
                continue
            para = self.analyse(mt)
            clauses = [c for sentence in para.sentences for c in sentence.clauses]
            subject = find_subject(clauses[-1]) if clauses else None
            if subject is not None and subject.trigger_start > clauses[-1].tok_start:
                return subject.run  # the unit after "đề nghị" / "yêu cầu", not a speaker
        for mt in intro:
            if _KINH_GUI.match(mt.folded):
                mentions = self.analyse(mt).mentions
                if len(mentions) == 1:
                    return mentions
        return []

    def visit(self, node: Node, ctx: Context) -> list[Draft]:
        drafts: list[Draft] = []
        heading: Context | None = None
        # "1. Đánh giá chung" and its paragraphs assess; numbered items under it may still order.
        own = [] if _is_assessment_section(node, self.doc) else node.texts(self.doc)
        for index, mt in enumerate(own):
            para = self.analyse(mt, marked=index == 0 and node.kind != ROOT)
            heading = self._read_paragraph(node, para, heading or ctx, drafts) or heading
        if not node.children:
            return drafts
        if heading is None and drafts:
            umbrella = drafts[-1]
            if self._describes_one_deliverable(umbrella, node):
                drafts.extend(self._absorb_details(umbrella, node))
                return drafts
            if umbrella.leads:
                heading = Context(
                    leads=umbrella.leads,
                    coords=umbrella.coords,
                    spans=umbrella.context_spans + self.clause_spans(umbrella),
                )
            if umbrella.ends_with_colon:
                drafts.pop()  # "Sở Y tế triển khai Kế hoạch, cụ thể:" introduces the tasks below
        drafts.extend(self._visit_list(node, heading or ctx))
        return drafts

    def _visit_list(self, node: Node, ctx: Context) -> list[Draft]:
        block: list[Draft] = []
        for child in node.children:
            if child.closer:
                self._close_block(block, child)
                continue
            block.extend(self.visit(child, ctx))
        return block

    def _read_paragraph(self, node: Node, para: Para, ctx: Context, drafts: list[Draft]) -> Context | None:
        """Tasks of one paragraph of a node's own text; returns the heading context it sets, if any."""
        reader = _ParagraphReader(self, node, para, ctx, drafts)
        for sentence in para.sentences:
            reader.read(sentence)
        return reader.heading

    def start_without_subject(self, node: Node, para: Para, clause: Clause, ctx: Context) -> Draft | None:
        if _is_opinion(clause) or _is_title(clause, node):
            return None
        introduces_list = clause.text.rstrip().endswith(":") and clause.last_in_para and node.children
        if ctx.leads:
            return self.new_draft(node, clause, ctx.leads, list(ctx.coords), ctx=ctx)
        if introduces_list or not (self.allow_default and para.marked and is_imperative(clause)):
            return None
        return self.new_draft(node, clause, None, [], ctx=ctx)

    def new_draft(self, node, clause, leads, coords, *, ctx: Context | None) -> Draft:
        draft = Draft(node=node, leads=leads, coords=list(coords), clauses=[clause])
        if ctx is not None:
            draft.context_spans = list(ctx.spans)
        _merge(draft.coords, coordinating_in(clause), leads or [])
        return draft

    # -- sub-items that describe one deliverable
    def _describes_one_deliverable(self, umbrella: Draft, node: Node) -> bool:
        last = umbrella.clauses[-1].folded
        if _DETAIL_CUES.search(last):
            return True
        items = [c for c in node.children if not c.closer]
        topical = 0
        for child in items:
            texts = child.texts(self.doc)
            if child.kind == PLUS or (texts and _TOPIC_PREFIX.match(texts[0].folded)):
                topical += 1
        return bool(items) and topical * 2 > len(items)

    def _absorb_details(self, umbrella: Draft, node: Node) -> list[Draft]:
        milestones: list[tuple[Node, Para]] = []
        for child in node.walk():
            if child is node:
                continue
            span = (child.paragraphs[0].start, child.paragraphs[-1].end)
            if child.closer:
                self._close_block([umbrella], child)
                continue
            umbrella.extra_spans.append(span)
            for mt in child.texts(self.doc):
                umbrella.details.append(mt.text)
                para = self.analyse(mt, marked=True)
                if any(d.strength == 2 for d in para.deadlines):
                    milestones.append((child, para))
        own = own_deadline(umbrella) or umbrella.closed_by
        out = []
        for child, para in milestones:
            deadline = best_deadline(para.deadlines)
            if own is not None and deadline.due == own.due:
                continue
            clause = Clause(para, 0, len(para.mt), 0, len(para.analysis.tokens), last_in_para=True)
            milestone = Draft(node=child, leads=umbrella.leads, coords=[], clauses=[clause])
            milestone.context_spans = list(umbrella.context_spans)
            out.append(milestone)
        return out

    # -- deadlines that close a block
    def _close_block(self, block: list[Draft], closer: Node) -> None:
        mts = closer.texts(self.doc)
        if mts:
            deadline = best_deadline(deadlines_in(mts[0], **self.dates))
            close(block, deadline, (closer.paragraphs[0].start, closer.paragraphs[-1].end))

    # -- the main addressee
    def _assign_default_lead(self, drafts: list[Draft], addressee: list[Mention]) -> None:
        if addressee:  # named by the introduction: the items without a doer are theirs
            for draft in drafts:
                if draft.leads is None:
                    draft.leads, draft.by_intro = list(addressee), True
            return
        counts: Counter[str] = Counter()
        first: dict[str, Mention] = {}
        for draft in drafts:
            if draft.explicit:
                for mention in draft.leads or []:
                    if mention.unit is not None:
                        counts[mention.key] += 1
                        first.setdefault(mention.key, mention)
        ranked = counts.most_common(2)
        clear = ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
        for draft in drafts:
            if draft.leads is None:
                draft.leads = [first[ranked[0][0]]] if clear else []
                draft.by_default = clear

    # -- spans
    def para_span(self, para: Para) -> tuple[int, int]:
        start, end = para.mt.span(0, len(para.mt))
        return with_marker(self.doc, start), end

    def clause_spans(self, draft: Draft) -> list[tuple[int, int]]:
        spans = []
        for clause in draft.clauses:
            start, end = clause.para.mt.span(clause.start, clause.end)
            if clause.start == 0 and clause.para.marked:
                start = with_marker(self.doc, start)
            spans.append((start, end))
        return merge_spans(spans)


class _ParagraphReader:
    """Reads a paragraph clause by clause, keeping the task the last clauses belong to."""

    def __init__(self, builder: TaskBuilder, node: Node, para: Para, ctx: Context, drafts: list[Draft]):
        self.builder, self.node, self.para, self.ctx, self.drafts = builder, node, para, ctx, drafts
        self.current: Draft | None = None
        self.heading: Context | None = None

    def read(self, sentence: Sentence) -> None:
        para = self.para
        if _CONTINGENT.search(para.mt.folded, sentence.start, sentence.end):
            self.current = None  # "nếu có khó khăn, vướng mắc, các cơ quan phản ánh về ...": guidance
            return
        if _NARRATIVE.match(para.mt.folded, sentence.start):
            self.current = None  # "Sáng 06/3/2026, Sở X tổ chức giao ban ...": an account of the day
            return
        found = para.within("deadlines", sentence.start, sentence.end)
        sentence_mt = para.mt.slice(sentence.start, sentence.end)
        if is_deadline_only(sentence_mt, [_shift(d, -sentence.start) for d in found]):
            close(self.drafts, best_deadline(found), para.mt.span(sentence.start, sentence.end))
            return
        for clause in sentence.clauses:
            if _is_caps_clause(clause):
                self.current = None
                continue
            subject = find_subject(clause)
            if subject and _predicate_is_opinion(clause, subject):
                self.current = None
            elif subject and self.ctx.leads and all(m.kind == GROUP for m in subject.run):
                # "Thủ trưởng các cơ quan, đơn vị ..." under a heading restates the heading's units
                self._continue_or_start(clause)
            elif subject:
                self._with_subject(clause, subject)
            elif self.current is not None and not _is_opinion(clause):
                self._continue(clause, first_of_sentence=clause is sentence.clauses[0])
            else:
                self._start(clause)

    def _start(self, clause: Clause) -> None:
        self.current = self.builder.start_without_subject(self.node, self.para, clause, self.ctx)
        if self.current is not None:
            self.drafts.append(self.current)

    def _continue_or_start(self, clause: Clause) -> None:
        if self.current is not None:
            self._continue(clause, first_of_sentence=False)
        else:
            self._start(clause)

    def _with_subject(self, clause: Clause, subject: Subject) -> None:
        if _is_heading(clause, subject, self.node):
            span = self.builder.para_span(self.para)
            self.heading = Context(leads=subject.run, coords=subject.coords, spans=[*self.ctx.spans, span])
            return
        draft = self.builder.new_draft(self.node, clause, subject.run, subject.coords, ctx=None)
        draft.explicit = True
        draft.content_start = _token_offset(clause, subject.predicate_start)
        draft.prefix = _preamble(clause, subject)
        self.drafts.append(draft)
        self.current = draft

    def _continue(self, clause: Clause, *, first_of_sentence: bool) -> None:
        current = self.current
        if clause.recurrences() and not own_recurrence(current):
            # "...; hằng năm, tổ chức hội thảo": a recurring duty of its own. The coordination of
            # "X chủ trì, phối hợp với Y" reaches to the end of its sentence, not into the next one.
            coords = [] if first_of_sentence else current.coords
            draft = self.builder.new_draft(self.node, clause, current.leads, coords, ctx=None)
            draft.context_spans = list(current.context_spans)
            self.drafts.append(draft)
            self.current = draft
            return
        current.clauses.append(clause)
        _merge(current.coords, coordinating_in(clause), current.leads or [])


def close(drafts: list[Draft], deadline: FoundDeadline | None, span: tuple[int, int]) -> None:
    """A deadline line closing a block: it applies to the tasks above it that have none."""
    for draft in drafts:
        if draft.closed_by is None and not own_deadline(draft) and not own_recurrence(draft):
            draft.closed_by = deadline
            draft.extra_spans.append(span)


# --------------------------------------------------------------------------- clauses
def _clauses(para: Para, start: int, end: int) -> list[Clause]:
    """Split a sentence at ";" — but not inside a list of units ("Các sở, ban, ngành; UBND huyện") — and
    at a comma that opens a periodic duty ("..., hằng quý báo cáo UBND tỉnh")."""
    toks = para.analysis.tokens
    inside = para.token_range(start, end)
    if not inside:
        return []
    ends, starts = para.mention_bounds()
    pieces, first = [], inside[0]
    for i in inside:
        if (toks[i].text == ";" and not (i in ends and i + 1 in starts)) or (
            toks[i].text == "," and _periodic_duty_at(toks, i + 1) and _has_words(para, toks, first, i)
        ):
            pieces.append((first, i + 1))
            first = i + 1
    if first <= inside[-1]:
        pieces.append((first, inside[-1] + 1))
    out = []
    for a, b in pieces:
        if any(t.text[0].isalnum() for t in toks[a:b]):
            out.append(Clause(para, toks[a].start, toks[b - 1].end, a, b))
    return out


_PERIODS = {"nam", "quy", "thang"}


def _has_words(para: Para, toks: list[Token], first: int, comma: int) -> bool:
    """Something said before the comma ("Đồng thời, hằng tháng ..." opens with a connective only)."""
    if comma <= first:
        return False
    folded = para.mt.folded[toks[first].start : toks[comma].start].strip(" ,")
    return len(_CONNECTIVES.sub("", folded).split()) >= 3


def _periodic_duty_at(toks: list[Token], i: int) -> bool:
    """ "hằng quý báo cáo", "định kỳ hằng tháng tổng hợp": a recurrence, then a verb."""
    norms = [t.norm for t in toks[i : i + 6]]
    if norms[:1] == ["dinh"] and norms[1:2] == ["ky"]:
        norms = norms[2:]
    if len(norms) < 3 or norms[0] not in {"hang", "moi"} or norms[1] not in _PERIODS:
        return False
    return any(" ".join(norms[2 : 2 + n]) in lexicon.ACTION_VERBS for n in (1, 2))


def _runs(clause: Clause, glue_phrases=()) -> list[list[Mention]]:
    """Mentions of a clause grouped into lists joined by ",", "và", ";"."""
    toks = clause.para.analysis.tokens
    runs: list[list[Mention]] = []
    for mention in clause.mentions():
        if runs and _only_glue(toks[runs[-1][-1].tok_end : mention.tok_start], glue_phrases):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return runs


def _only_glue(between: list[Token], glue_phrases=()) -> bool:
    if not between:
        return True
    norms = [t.norm for t in between]
    i = 0
    while i < len(norms):
        for phrase in glue_phrases:
            if tuple(norms[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            if norms[i] not in {",", "va", ";", "hoac", "cung"}:
                return False
            i += 1
    return True


def find_subject(clause: Clause) -> Subject | None:
    """The units the clause gives its order to, and where the order starts.

    A speaker is not the doer: "Phó Chủ tịch UBND tỉnh (cũng) yêu cầu / đề nghị / giao X ..." gives the
    order to X; with no unit after the request, to the clause's topic ("Đối với UBND các xã, phường,
    Phó Chủ tịch UBND tỉnh đề nghị quan tâm ..."). "X được giao ..." gives it to X."""
    toks = clause.para.analysis.tokens
    runs = _titled_lists(_runs(clause), toks, clause.tok_start)
    speaker_start: int | None = None
    for index, run in enumerate(runs):
        first, last = run[0].tok_start, run[-1].tok_end
        trigger_start = _boundary_before(toks, clause.tok_start, first)
        if trigger_start is None:
            continue
        last = _skip_parenthesis(toks, last, clause.tok_end)  # "Sở TTTT (cơ quan thường trực):"
        nxt = toks[last] if last < clause.tok_end else None
        if nxt is not None and nxt.text in lexicon.SURNAMES:
            continue  # "Phó Chủ tịch UBND tỉnh Trần Phước Hiền chủ trì ...": a person, not the unit
        given = _match_words(toks, last, clause.tok_end, lexicon.GIVEN)
        if given:  # "Sở Tài chính được giao cân đối ..."
            return Subject(run=run, trigger_start=trigger_start, predicate_start=last + given, coords=[])
        request = _request_after(toks, last, clause.tok_end)
        if request is not None:
            speaker_start = trigger_start if speaker_start is None else speaker_start
            if any(r[0].tok_start <= request + 2 and r[0].tok_start >= request for r in runs[index + 1 :]):
                continue  # the unit asked comes next
            topic = _topic(runs[:index], toks, clause.tok_start)
            if topic is None:
                return None  # a request to no one named: not an order with a lead
            return Subject(run=topic, trigger_start=trigger_start, predicate_start=request, coords=[])
        if nxt is not None and nxt.norm == "la" and _DUTY.search(clause.folded):
            pass  # "Công an tỉnh là cơ quan thường trực, có trách nhiệm ..."
        elif (
            nxt is not None
            and nxt.norm != ":"
            and (nxt.norm in lexicon.NOT_PREDICATE or not nxt.text[0].isalnum())
        ):
            continue
        if _match_words(toks, last, clause.tok_end, lexicon.MEETING_STATEMENTS):
            return None  # "... Phó Chủ tịch UBND tỉnh chủ trì cuộc họp", "... kết luận", "... nhấn mạnh"
        predicate_start, coords = _roles(clause, last)
        return Subject(
            run=run,
            trigger_start=trigger_start,
            predicate_start=predicate_start,
            coords=coords,
            preamble_end=speaker_start,
        )
    return _topic_subject(clause, runs) if speaker_start is None else None


def _topic_subject(clause: Clause, runs: list[list[Mention]]) -> Subject | None:
    """ "Về phía Sở Tài chính, cần ưu tiên bố trí ...": an order without a subject after a topic."""
    toks = clause.para.analysis.tokens
    topic = _topic(runs[:1], toks, clause.tok_start)
    if topic is None:
        return None
    after = topic[-1].tok_end
    if after >= clause.tok_end or toks[after].norm != ",":
        return None
    rest = clause.para.mt.folded[toks[after].end : clause.end]
    if not _starts_with_verb(_CONNECTIVES.sub("", rest.strip())):
        return None
    return Subject(run=topic, trigger_start=clause.tok_start, predicate_start=after + 1, coords=[])


def _titled_lists(runs: list[list[Mention]], toks: list[Token], clause_start: int) -> list[list[Mention]]:
    """ "Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các xã, phường": bodies named by their leaders'
    titles, one list (both lead)."""
    out: list[list[Mention]] = []
    for run in runs:
        if out and _title_before(toks, out[-1][0].tok_start, clause_start):
            between = [t.norm for t in toks[out[-1][-1].tok_end : run[0].tok_start]]
            if between[:1] == [","] and tuple(between[1:]) in _TITLE_GLUE:
                out[-1] = out[-1] + run
                continue
        out.append(list(run))
    return out


def _title_before(toks: list[Token], first: int, clause_start: int) -> bool:
    return any(
        first - len(title) >= clause_start
        and tuple(t.norm for t in toks[first - len(title) : first]) == title
        for title in _TITLE_GLUE
    )


def _match_words(toks: list[Token], i: int, end: int, phrases) -> int:
    """Length of the first phrase (tuple of folded words) found at token i, after "cũng"; else 0."""
    skip = 1 if i < end and toks[i].norm == "cung" else 0
    for phrase in phrases:
        n = len(phrase)
        if i + skip + n <= end and tuple(t.norm for t in toks[i + skip : i + skip + n]) == phrase:
            return skip + n
    return 0


def _request_after(toks: list[Token], i: int, end: int) -> int | None:
    """Token index after "yêu cầu" / "đề nghị" / "giao" following a speaker, or None."""
    n = _match_words(toks, i, end, lexicon.REQUESTS)
    return i + n if n else None


def _topic(runs: list[list[Mention]], toks: list[Token], clause_start: int) -> list[Mention] | None:
    """The units of an opening "Đối với X," / "Riêng X,": the addressee of a request that names no one."""
    for run in runs:
        first = run[0].tok_start
        before = tuple(t.norm for t in toks[max(clause_start, first - 2) : first])
        if before[-2:] in {("doi", "voi"), ("ve", "phia")} or before[-1:] == ("rieng",):
            return run
    return None


def _skip_parenthesis(toks: list[Token], i: int, end: int) -> int:
    if i < end and toks[i].text == "(":
        depth = 0
        for k in range(i, end):
            depth += {"(": 1, ")": -1}.get(toks[k].text, 0)
            if depth == 0:
                return k + 1
    return i


def _boundary_before(toks: list[Token], clause_start: int, first: int) -> int | None:
    """Token index where the subject phrase starts, if the run stands where a subject stands."""
    if first == clause_start:
        return first
    prev = toks[first - 1]
    if prev.norm in {",", ":", ";"}:
        return first
    for trigger in lexicon.ASSIGN_TRIGGERS:
        n = len(trigger)
        if first - n >= clause_start and tuple(t.norm for t in toks[first - n : first]) == trigger:
            return first - n
    for title in (*lexicon.HEAD_TITLES, *LEADER_TITLES):  # "Giám đốc Sở Y tế chỉ đạo ..." acts for Sở Y tế
        n = len(title)
        if first - n >= clause_start and tuple(t.norm for t in toks[first - n : first]) == title:
            return _boundary_before(toks, clause_start, first - n)
    return None


def _roles(clause: Clause, after: int) -> tuple[int, list[Mention]]:
    """Role phrase after the subject: "chủ trì, phối hợp với Y", "phối hợp với Y", "chỉ đạo Z"."""
    toks = clause.para.analysis.tokens
    i = after
    norms = lambda a, b: tuple(t.norm for t in toks[a:b])  # noqa: E731
    if i < clause.tok_end and toks[i].norm == ":":
        i += 1
    adverb = next((len(a) for a in lexicon.ROLE_ADVERBS if norms(i, i + len(a)) == a), 0)
    if adverb and (norms(i + adverb, i + adverb + 2) in {("chu", "tri"), ("phoi", "hop")}):
        i += adverb  # "Công an tỉnh tiếp tục chủ trì, phối hợp với Sở Tư pháp ..."
    if norms(i, i + 2) == ("chu", "tri"):
        i += 2
        if i < clause.tok_end and toks[i].norm == ",":
            i += 1
    coords: list[Mention] = []
    for trigger in (*_WITH_TRIGGERS, ("phoi", "hop"), ("chi", "dao")):
        if norms(i, i + len(trigger)) == trigger:
            listed, end = _list_after(clause, i + len(trigger), max_gap=3 if trigger in _WITH_TRIGGERS else 0)
            if trigger == ("chi", "dao"):  # units directed by name coordinate; a class directed does not
                listed = [m for m in listed if m.kind != GROUP]
            if listed:
                coords, i = listed, end
            break
    return i, coords


_TITLE_GLUE = tuple(sorted({*lexicon.HEAD_TITLES, *LEADER_TITLES}, key=len, reverse=True))
_WITH_TRIGGERS = (("phoi", "hop", "chat", "che", "voi"), ("phoi", "hop", "voi"), ("phoi", "hop", "cung"))


def _list_after(clause: Clause, start: int, max_gap: int = 3) -> tuple[list[Mention], int]:
    """Mentions listed right after token `start` (within `max_gap` tokens), and where the list ends."""
    toks = clause.para.analysis.tokens
    listed: list[Mention] = []
    for mention in clause.mentions():
        if mention.tok_start < start:
            continue
        if not listed:
            gap = toks[start : mention.tok_start]
            if len(gap) > max_gap or any(not t.text[0].isalnum() for t in gap):
                break
            listed.append(mention)
        elif _only_glue(toks[listed[-1].tok_end : mention.tok_start], lexicon.LIST_GLUE_PHRASES):
            listed.append(mention)
        else:
            break
    return listed, (listed[-1].tok_end if listed else start)


def coordinating_in(clause: Clause) -> list[Mention]:
    """Units a clause asks to coordinate: after "phối hợp với", "lấy ý kiến", "gửi", "cùng với"."""
    toks = clause.para.analysis.tokens
    out: list[Mention] = []
    i = clause.tok_start
    if tuple(t.norm for t in toks[i : i + 2]) == ("chi", "dao"):  # "Chỉ đạo Trung tâm X ..." (the unit's own)
        listed, _ = _list_after(clause, i + 2, max_gap=0)
        _merge(out, [m for m in listed if m.kind != GROUP], [])  # not "các cơ sở khám bệnh", "UBND cấp xã"
    while i < clause.tok_end:
        for trigger in lexicon.COORDINATION_TRIGGERS:
            if tuple(t.norm for t in toks[i : i + len(trigger)]) == trigger:
                listed, end = _list_after(
                    clause, i + len(trigger), max_gap=0 if trigger == ("phoi", "hop") else 3
                )
                if trigger == ("gui",):
                    listed = [m for m in listed if m.unit_kind not in lexicon.SUPERIOR_KINDS]
                _merge(out, listed, [])
                i = max(end, i + len(trigger)) - 1
                break
        i += 1
    return out


def _is_heading(clause: Clause, subject: Subject, node: Node) -> bool:
    """ "Sở TTTT:", "1. Sở Tài chính", "Sở Y tế thực hiện các nhiệm vụ sau:" — units for the items below."""
    if not clause.last_in_para or _has_predicate(clause, subject):
        return False
    rest = clause.para.analysis.tokens[subject.predicate_start : clause.tok_end]
    bare = not any(t.text[0].isalnum() for t in rest)
    return bare or clause.text.rstrip().endswith(":") or bool(node.children)


def _has_predicate(clause: Clause, subject: Subject) -> bool:
    """Is there anything to do after the subject and its roles, beyond "thực hiện các nhiệm vụ sau:"?"""
    for tok in clause.para.analysis.tokens[subject.predicate_start : clause.tok_end]:
        if tok.text[0].isalnum() and tok.norm not in lexicon.GENERIC_DUTY:
            return True
    return False


def _predicate_is_opinion(clause: Clause, subject: Subject) -> bool:
    """ "UBND tỉnh đánh giá cao ...", "Sở X thống nhất ...": a subject, but no order."""
    start = _token_offset(clause, subject.predicate_start)
    predicate = clause.para.mt.folded[start : clause.end].lstrip(" ,:")
    if predicate.startswith("lanh dao"):  # "Đảng ủy Chính phủ lãnh đạo, chỉ đạo ...": leading is a duty
        return False
    return predicate.startswith(lexicon.OPINION_STARTS)


def _token_offset(clause: Clause, tok_index: int) -> int:
    toks = clause.para.analysis.tokens
    return toks[tok_index].start if tok_index < clause.tok_end else clause.end


def _is_title(clause: Clause, node: Node) -> bool:
    """A section title ("II. NHIỆM VỤ TRỌNG TÂM", "1. Về hạ tầng số") is not an order."""
    text = clause.text.strip()
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    return bool(node.children) and clause.para.marked and not re.search(r"[.;:!?…]$", text)


def _is_assessment_section(node: Node, doc: str) -> bool:
    """ "1. Đánh giá chung", "I. KẾT QUẢ ĐẠT ĐƯỢC": the short title of an item that assesses."""
    if node.kind == ROOT or not node.paragraphs:
        return False
    first = node.texts(doc)[0]
    title = re.split(r"[:.;]", first.folded, maxsplit=1)[0].strip(" *")
    return len(title.split()) <= 8 and bool(lexicon.ASSESSMENT_TITLE.match(title))


def _is_caps_clause(clause: Clause) -> bool:
    """A clause in capitals is a title ("ỦY BAN NHÂN DÂN TỈNH ... PHỤ LỤC DANH MỤC ..."), never an order."""
    letters = [c for c in clause.text if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


def _is_opinion(clause: Clause) -> bool:
    text = _CONNECTIVES.sub("", clause.folded.lstrip("- "))
    return text.startswith(lexicon.OPINION_STARTS)


def is_imperative(clause: Clause) -> bool:
    """An order without a subject: it opens with a verb ("Ưu tiên triển khai...", "Cần xem xét...")."""
    text = _CONNECTIVES.sub("", clause.folded)
    text = _TOPIC_PREFIX.sub("", text)
    text = _SHORT_PREFIX.sub("", text) if not _starts_with_verb(text) else text
    return _starts_with_verb(text)


def _starts_with_verb(text: str) -> bool:
    words = re.findall(r"\w+", text)
    for size in (3, 2, 1):
        if len(words) >= size and " ".join(words[:size]) in lexicon.ACTION_VERBS:
            return True
    return bool(words) and words[0] in lexicon.MODALS


def _preamble(clause: Clause, subject: Subject) -> str:
    """What stands before the subject and is worth keeping: "Trên cơ sở các ý kiến góp ý", "Năm 2022"."""
    toks = clause.para.analysis.tokens
    stop = subject.trigger_start if subject.preamble_end is None else subject.preamble_end
    if stop <= clause.tok_start:
        return ""
    end = toks[stop].start
    text = clause.para.mt.text[clause.start : end].strip(" ,:;")
    folded = _CONNECTIVES.sub("", clause.para.mt.folded[clause.start : end].strip(" ,:;"))
    if not folded or folded.startswith(lexicon.OPINION_STARTS) or folded.startswith(("de ", "nham ")):
        return ""  # an opinion, or a purpose ("Để hoàn thành các mục tiêu năm 2025, ..."): not the order
    return text[len(text) - len(folded) :].strip(" ,:;")


# --------------------------------------------------------------------------- helpers
def _merge(into: list[Mention], extra: list[Mention], leads: list[Mention]) -> None:
    keys = {m.key for m in into} | {m.key for m in leads}
    for mention in extra:
        if mention.key not in keys:
            into.append(mention)
            keys.add(mention.key)


def own_deadline(draft: Draft) -> FoundDeadline | None:
    return best_deadline([d for c in draft.clauses for d in c.deadlines()])


def own_recurrence(draft: Draft) -> FoundRecurrence | None:
    found = [r for c in draft.clauses for r in c.recurrences()]
    return found[0] if found else None


def _shift(d: FoundDeadline, delta: int) -> FoundDeadline:
    return FoundDeadline(d.text, d.start + delta, d.end + delta, d.strength, d.kind, d.due)


def with_marker(doc: str, start: int) -> int:
    """Extend a span back to the start of its line, so that "a) " or "- " is highlighted too."""
    line_start = doc.rfind("\n", 0, start) + 1
    return line_start if not doc[line_start:start].strip(" \t-–+*•.)abcdđefghIVX0123456789") else start


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


__all__ = ["Draft", "TaskBuilder", "coordinating_in", "find_subject", "is_imperative"]
