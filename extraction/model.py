"""What the notice engine takes and returns, as plain data (no database): the units it may name
(KnownUnit, built by the caller), the header facts and the proposed tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .deadlines import DeadlineKind
from .groups import group_label
from .units import GROUP, NEW, UNIT

# The document shapes the engine recognises (Extraction.shape), with the label the review screen shows.
SHAPES = {
    "numbered": "thông báo đánh số mục",
    "table": "bảng nhiệm vụ",
    "plan": "kế hoạch (phần trách nhiệm thực hiện)",
    "prose": "văn bản không đánh số (văn xuôi)",
    "central": "văn bản của cơ quan trung ương",
}
FIELDS = ("lead_units", "coordinating_units", "deadline", "content")


@dataclass(frozen=True)
class KnownUnit:
    """A unit the notice may name: its id, every name it goes by, and its kind (the values of
    dtsystem.units.choices.UnitKind; "enterprise" lets "Viettel Bình Định" name a branch). `code` is the
    unit's stable code, the identity the quality measure compares (blank: the id)."""

    id: int
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = ""
    code: str = ""


@dataclass(frozen=True)
class SourceSpan:
    """A piece of the input text a task comes from: text == input[start:end]."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class UnitRef:
    """A unit named in the notice: a known unit, a name to create, or a group of units.

    A group keeps its key (`group`: "departments", "communes", "ministries"...; extraction.groups), so
    that a stored unit group is found by one lookup on that key; `text` is the phrase as written. A name
    to create from the national catalogue carries `new_kind` "central" (extraction.catalogue).
    `rule` says how the name was recognised (extraction.units: name, alias, variant, catalogue, fuzzy,
    new, group) and `confidence` how sure the assistant is of it (0-1)."""

    kind: str  # "unit" (matched), "new" (proposed for creation) or "group" ("các sở, ban, ngành")
    name: str  # the unit's name, or the phrase as written
    text: str  # as written in the notice
    unit: KnownUnit | None = None
    group: str = ""
    rule: str = ""
    confidence: float = 1.0
    new_kind: str = ""  # for a name to create: the unit kind it would get ("central"), when known

    @property
    def is_matched(self) -> bool:
        return self.kind == UNIT

    @property
    def is_new(self) -> bool:
        return self.kind == NEW

    @property
    def is_group(self) -> bool:
        return self.kind == GROUP

    @property
    def id(self) -> int | None:
        return self.unit.id if self.unit is not None else None

    @property
    def code(self) -> str | None:
        return (self.unit.code or None) if self.unit is not None else None

    @property
    def group_label(self) -> str:
        return group_label(self.group) if self.group else ""

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "name": self.name,
            "text": self.text,
            "id": self.id,
            "code": self.code,
            "group": self.group,
            "group_label": self.group_label,
            "rule": self.rule,
            "confidence": round(self.confidence, 2),
            "new_kind": self.new_kind,
        }


@dataclass
class ProposedTask:
    item: str
    content: str
    source: list[SourceSpan]
    lead_units: list[UnitRef]
    coordinating_units: list[UnitRef]
    deadline_text: str = ""
    deadline: date | None = None
    deadline_kind: str = DeadlineKind.NONE
    recurrence: str | None = None
    section: str = ""  # a task table's section ("I. Hoàn thiện thể chế"), or the plan's block
    shape: str = ""  # the document's shape (every task carries it)
    origin: str = ""  # where the task was read: numbered item, prose sentence, table row, heading...
    field_confidence: dict[str, float] = field(default_factory=dict)  # FIELDS → 0-1

    @property
    def confidence(self) -> float:
        """The row's confidence: its least sure field."""
        return round(min(self.field_confidence.values(), default=1.0), 2)

    def needs_review(self, threshold: float) -> bool:
        return self.confidence < threshold

    @property
    def source_text(self) -> str:
        return "\n".join(span.text for span in self.source)

    @property
    def lead_unit(self) -> UnitRef | None:
        return self.lead_units[0] if self.lead_units else None

    def as_contract(self) -> dict:
        """The JSON object of `manage.py extract_notice --json` (see DESIGN.md, Contract)."""
        return {
            "item": self.item,
            "content": self.content,
            "lead_units": [u.name for u in self.lead_units],
            "coordinating_units": [u.name for u in self.coordinating_units],
            "deadline_text": self.deadline_text,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "recurrence": self.recurrence or None,
            "shape": self.shape,
            "confidence": self.confidence,
        }

    def as_dict(self) -> dict:
        """Everything, for the review page: units with their kind and id, deadline kind, source spans."""
        data = self.as_contract()
        data.update(
            lead_units=[u.as_dict() for u in self.lead_units],
            coordinating_units=[u.as_dict() for u in self.coordinating_units],
            deadline_kind=self.deadline_kind,
            source=[{"start": s.start, "end": s.end, "text": s.text} for s in self.source],
            section=self.section,
            origin=self.origin,
            field_confidence={k: round(v, 2) for k, v in self.field_confidence.items()},
        )
        return data


@dataclass
class Extraction:
    """Header facts of a notice (blank when the text does not say) and the tasks it assigns."""

    text: str
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
    tasks: list[ProposedTask] = field(default_factory=list)
    shape: str = ""  # SHAPES
    has_tables: bool = False  # a task table was read (alone, or inside a plan's appendix)
    warnings: list[str] = field(default_factory=list)  # Vietnamese notes for the review screen

    @property
    def shape_label(self) -> str:
        label = SHAPES.get(self.shape, "")
        if self.has_tables and self.shape not in {"table", ""}:
            label += " và bảng nhiệm vụ"
        return label

    @property
    def reference_year(self) -> int | None:
        return self.issue_year or (self.meeting_date.year if self.meeting_date else None)

    def header(self) -> dict:
        return {
            "kind": self.kind,
            "number": self.number,
            "symbol": self.symbol,
            "issuing_body_text": self.issuing_body_text,
            "place": self.place,
            "issue_year": self.issue_year,
            "issue_month": self.issue_month,
            "issue_day": self.issue_day,
            "title": self.title,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "chair": self.chair,
            "chair_title": self.chair_title,
            "signer": self.signer,
            "signer_title": self.signer_title,
            "recipients": list(self.recipients),
        }

    def as_dict(self) -> dict:
        return {
            "header": self.header(),
            "shape": self.shape,
            "shape_label": self.shape_label,
            "warnings": list(self.warnings),
            "tasks": [t.as_dict() for t in self.tasks],
        }
