"""Measuring the assistant against hand-checked reference answers. Used by bench/extraction_quality.py
and by the tests.

Two sets of reference documents:
- the notices of issue 7 (fixtures/notices/*.json, tests/extraction/data/*.json): one lead unit per
  reference task, units of fixtures/units.json;
- the corpus of issue 13 (tests/extraction/corpus/*.json): every document shape (numbered notice, task
  table, plan, unnumbered prose, central-body document), each file with its gold labels: per order
  the lead unit(s) or group, the coordinating units, the deadline; units of the corpus's own register
  (tests/extraction/corpus/units.json, a province after the 2025 reforms). An order with several
  leads counts once per lead (the assistant proposes one task per lead). `set` says when the document
  was written: `baseline` (before any rule of issue 13 changed), `tuned` (while the rules were
  improved), `held_out` (after the rules were done, never tuned on).

Matching a proposed task to a reference task (one-to-one, best pairs first):
- the same lead unit: the unit's code; for a unit proposed for creation "new:<name>", compared folded
  (no diacritics, lower case, a trailing "tỉnh ..." ignored); for a group "group:<key>" (the phrase's
  group key, extraction.groups: "UBND các xã, phường" and "UBND cấp xã" are both `communes`); and
- substantial content overlap: the Dice coefficient of the two sets of folded words,
  2·|A∩B| / (|A|+|B|), is at least 0.5 — taken on the contents, or on the source texts when the
  wordings differ more than the sources do (the reference content is a rewording, the source is
  verbatim).

Reported per notice: reference assignments; found with the right lead unit (= matched); found with
the right lead unit AND deadline (same due date, same recurrence); precision = matched proposed
tasks / all proposed tasks; coordinating units over the matched pairs (true positives, false
positives, false negatives of the unit keys, summed: micro F1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .files import read_notice_file
from .groups import GROUP_LABELS, group_key
from .model import KnownUnit
from .normalize import fold

THRESHOLD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str | None) -> set[str]:
    return set(_WORD.findall(fold((text or "").replace("*", ""))))


def dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def normalize_lead(key: str | None) -> str:
    """ "new:Ban Quản lý các khu công nghiệp tỉnh" → "new:ban quan ly cac khu cong nghiep"."""
    if not key:
        return ""
    kind, sep, name = key.partition(":")
    if not sep or kind not in {"new", "group"}:
        return key
    if kind == "group":
        keyed = all(part in GROUP_LABELS for part in name.split("+"))
        return f"group:{name if keyed else group_key(name)}"
    name = fold(name)
    if kind == "new":
        name = re.sub(r"\s+tinh(\s.*)?$", "", name)
    return f"{kind}:{' '.join(re.sub(r'[^a-z0-9 ]+', ' ', name).split())}"


def unit_ref_key(ref) -> str:
    """A proposed UnitRef as the reference writes it: a code, "new:<name>" or "group:<key>"."""
    if ref.unit is not None:
        return str(ref.unit.code or ref.unit.id)
    if ref.kind == "group":
        return f"group:{getattr(ref, 'group', '') or group_key(ref.text or ref.name)}"
    return normalize_lead(f"{ref.kind}:{ref.name}")


def proposed_lead(task) -> str:
    lead = task.lead_unit
    return unit_ref_key(lead) if lead is not None else ""


def coordinating_keys(task, *, known_only: bool = False) -> set[str]:
    return {unit_ref_key(u) for u in task.coordinating_units if not known_only or u.unit is not None}


def reference_coordinating_keys(ref: dict, *, known_only: bool = False) -> set[str]:
    keys = {normalize_lead(k) for k in ref.get("coordinating_units") or []}
    return {k for k in keys if not known_only or not k.startswith(("new:", "group:"))}


def similarity(task, ref: dict) -> float:
    by_content = dice(words(task.content), words(ref.get("content")))
    by_source = dice(words(task.source_text), words(ref.get("source"))) if ref.get("source") else 0.0
    return max(by_content, by_source)


def same_deadline(task, ref: dict) -> bool:
    due = task.deadline.isoformat() if task.deadline else None
    return due == ref.get("deadline") and (task.recurrence or None) == (ref.get("recurrence") or None)


@dataclass
class Score:
    notice: str
    reference: int
    proposed: int
    found_content: int  # matched on content alone, any lead (diagnostic)
    found_lead: int
    found_lead_deadline: int
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (proposed index, reference index)
    coord_tp: int = 0  # coordinating units over the matched pairs
    coord_fp: int = 0
    coord_fn: int = 0

    @property
    def lead_rate(self) -> float:
        return self.found_lead / self.reference if self.reference else 1.0

    @property
    def lead_deadline_rate(self) -> float:
        return self.found_lead_deadline / self.reference if self.reference else 1.0

    @property
    def precision(self) -> float:
        return self.found_lead / self.proposed if self.proposed else (1.0 if not self.reference else 0.0)

    @property
    def coord_f1(self) -> float:
        return f1(self.coord_tp, self.coord_fp, self.coord_fn)

    def unmatched(self) -> tuple[list[int], list[int]]:
        props = {p for p, _ in self.pairs}
        refs = {r for _, r in self.pairs}
        return (
            [i for i in range(self.proposed) if i not in props],
            [j for j in range(self.reference) if j not in refs],
        )


def _match(tasks, refs, *, by_lead: bool) -> list[tuple[int, int]]:
    candidates = []
    for i, task in enumerate(tasks):
        for j, ref in enumerate(refs):
            if by_lead and proposed_lead(task) != normalize_lead(ref["lead_unit"]):
                continue
            sim = similarity(task, ref)
            if sim >= THRESHOLD:
                candidates.append((sim, -abs(i - j), i, j))
    pairs, used_i, used_j = [], set(), set()
    for _, _, i, j in sorted(candidates, reverse=True):
        if i not in used_i and j not in used_j:
            pairs.append((i, j))
            used_i.add(i)
            used_j.add(j)
    return sorted(pairs)


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 of a count of true/false positives and false negatives; 1.0 when there is nothing to find."""
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def score_notice(
    notice: str, tasks: list, refs: list[dict], *, known_coordinating_only: bool = False
) -> Score:
    """`known_coordinating_only`: compare only the coordinating units of the register (the notices of
    issue 7 list no group or new unit among their coordinating units)."""
    pairs = _match(tasks, refs, by_lead=True)
    score = Score(
        notice=notice,
        reference=len(refs),
        proposed=len(tasks),
        found_content=len(_match(tasks, refs, by_lead=False)),
        found_lead=len(pairs),
        found_lead_deadline=sum(1 for i, j in pairs if same_deadline(tasks[i], refs[j])),
        pairs=pairs,
    )
    for i, j in pairs:
        got = coordinating_keys(tasks[i], known_only=known_coordinating_only)
        want = reference_coordinating_keys(refs[j], known_only=known_coordinating_only)
        score.coord_tp += len(got & want)
        score.coord_fp += len(got - want)
        score.coord_fn += len(want - got)
    return score


# --------------------------------------------------------------------------- reference notices
ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIRS = (ROOT / "fixtures" / "notices", ROOT / "tests" / "extraction" / "data")
CORPUS_DIR = ROOT / "tests" / "extraction" / "corpus"
SHAPES = ("numbered", "table", "plan", "prose", "central")
SETS = ("baseline", "tuned", "held_out")


def reference_notices() -> list[tuple[str, dict, str]]:
    """(key, reference JSON, body text) for every notice with a hand-checked answer."""
    out = []
    for folder in REFERENCE_DIRS:
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if "tasks" not in data or "body_file" not in data:
                continue
            body = (path.parent / data["body_file"]).read_text(encoding="utf-8")
            out.append((data.get("key", path.stem), data, body))
    return out


def _units_from(path: Path) -> list[KnownUnit]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        KnownUnit(
            id=pk,
            code=row["code"],
            name=row["name"],
            short_name=row.get("short_name", ""),
            kind=row.get("kind", ""),
            aliases=tuple(row.get("aliases", [])),
        )
        for pk, row in enumerate(rows, start=1)
    ]


def fixture_units() -> list[KnownUnit]:
    """The province's units of fixtures/units.json, numbered in file order (no database needed)."""
    return _units_from(ROOT / "fixtures" / "units.json")


def corpus_units() -> list[KnownUnit]:
    """The register of the corpus's province (after the 2025 reforms), numbered in file order."""
    return _units_from(CORPUS_DIR / "units.json")


@dataclass
class CorpusDocument:
    """One document of the corpus: its file, its true shape, when it was written, and its gold
    assignments (one per order and lead, in the form score_notice takes)."""

    key: str
    shape: str
    set: str
    path: Path
    assignments: list[dict]
    ref_year: int | None = None

    def text(self) -> str:
        """The document's text as the assistant reads an uploaded file (.txt, .md, .docx, .pdf)."""
        return read_notice_file(self.path.name, self.path.read_bytes())


def corpus_documents(sets: tuple[str, ...] = SETS) -> list[CorpusDocument]:
    out = []
    for path in sorted(CORPUS_DIR.glob("*.json")):
        if path.name == "units.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["set"] not in sets:
            continue
        assignments = []
        for order in data["orders"]:
            for lead in order["leads"] or [""]:
                assignments.append(
                    {
                        "item": order.get("item", ""),
                        "content": order["content"],
                        "lead_unit": lead,
                        "coordinating_units": order.get("coordinating", []),
                        "deadline": order.get("deadline"),
                        "recurrence": order.get("recurrence"),
                    }
                )
        out.append(
            CorpusDocument(
                key=data["key"],
                shape=data["shape"],
                set=data["set"],
                path=path.parent / data["file"],
                assignments=assignments,
                ref_year=data.get("ref_year"),
            )
        )
    return out
