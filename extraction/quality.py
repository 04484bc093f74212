"""Measuring the assistant against hand-checked reference answers (fixtures/notices/*.json and
tests/extraction/data/*.json). Used by bench/extraction_quality.py and by the tests.

Matching a proposed task to a reference task (one-to-one, best pairs first):
- the same lead unit: the unit's code; for a unit proposed for creation "new:<name>" and for a group
  "group:<phrase>", compared folded (no diacritics, lower case, a trailing "tỉnh ..." ignored); and
- substantial content overlap: the Dice coefficient of the two sets of folded words,
  2·|A∩B| / (|A|+|B|), is at least 0.5 — taken on the contents, or on the source texts when the
  wordings differ more than the sources do (the reference content is a rewording, the source is
  verbatim).

Reported per notice: reference assignments; found with the right lead unit (= matched); found with
the right lead unit AND deadline (same due date, same recurrence); precision = matched proposed
tasks / all proposed tasks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

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
    name = fold(name)
    if kind == "new":
        name = re.sub(r"\s+tinh(\s.*)?$", "", name)
    return f"{kind}:{' '.join(re.sub(r'[^a-z0-9 ]+', ' ', name).split())}"


def proposed_lead(task) -> str:
    lead = task.lead_unit
    if lead is None:
        return ""
    if lead.unit is not None:
        return str(lead.unit.code or lead.unit.id)
    return normalize_lead(f"{lead.kind}:{lead.name}")


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

    @property
    def lead_rate(self) -> float:
        return self.found_lead / self.reference if self.reference else 1.0

    @property
    def lead_deadline_rate(self) -> float:
        return self.found_lead_deadline / self.reference if self.reference else 1.0

    @property
    def precision(self) -> float:
        return self.found_lead / self.proposed if self.proposed else (1.0 if not self.reference else 0.0)

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


def score_notice(notice: str, tasks: list, refs: list[dict]) -> Score:
    pairs = _match(tasks, refs, by_lead=True)
    return Score(
        notice=notice,
        reference=len(refs),
        proposed=len(tasks),
        found_content=len(_match(tasks, refs, by_lead=False)),
        found_lead=len(pairs),
        found_lead_deadline=sum(1 for i, j in pairs if same_deadline(tasks[i], refs[j])),
        pairs=pairs,
    )


# --------------------------------------------------------------------------- reference notices
ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIRS = (ROOT / "fixtures" / "notices", ROOT / "tests" / "extraction" / "data")


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


def fixture_units() -> list[KnownUnit]:
    """The province's units of fixtures/units.json, numbered in file order (no database needed)."""
    rows = json.loads((ROOT / "fixtures" / "units.json").read_text(encoding="utf-8"))
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
