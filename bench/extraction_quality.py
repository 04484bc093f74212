"""Quality of the notice-text assistant against the hand-checked reference answers.

    .venv/bin/python bench/extraction_quality.py [--verbose]

For each notice with a reference answer (fixtures/notices/*.json: seeds 000 and 004;
tests/extraction/data/*.json: our own test notices) prints the assignments in the reference, how many
were found with the right lead unit, with the right lead unit AND deadline, and the precision
(proposed tasks that match a reference task / all proposed tasks). Matching is defined in
extraction/quality.py: same lead unit and a Dice overlap of folded words ≥ 0.5, one-to-one.

Target (issue 7): ≥ 90 % of assignments with the right lead unit and deadline, precision ≥ 85 %, on
both seeds. Units come from fixtures/units.json in memory, and the engine is pure Python: neither
Django nor a migrated database is needed.
Exit status 1 when a seed misses the target.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extraction import extract_notice  # noqa: E402
from extraction.quality import fixture_units, reference_notices, score_notice  # noqa: E402

SEEDS = {"tb-dongthap-2022-01-06", "tb-quangngai-2022-02-14"}
TARGET_LEAD_DEADLINE = 0.90
TARGET_PRECISION = 0.85


def main(verbose: bool = False) -> int:
    units = fixture_units()
    header = f"{'notice':34} {'ref':>4} {'lead':>5} {'lead+dl':>8} {'proposed':>9} {'lead%':>6} {'lead+dl%':>9} {'precision':>10}"
    print(header)
    print("-" * len(header))
    failed = False
    totals = [0, 0, 0, 0, 0]
    for key, reference, body in reference_notices():
        extraction = extract_notice(body, units=units)
        score = score_notice(key, extraction.tasks, reference["tasks"])
        seed = key in SEEDS
        meets = score.lead_deadline_rate >= TARGET_LEAD_DEADLINE and score.precision >= TARGET_PRECISION
        failed |= seed and not meets
        mark = ("seed " if seed else "own  ") + ("ok" if meets else "MISS")
        print(
            f"{key:34} {score.reference:4d} {score.found_lead:5d} {score.found_lead_deadline:8d} "
            f"{score.proposed:9d} {score.lead_rate:6.0%} {score.lead_deadline_rate:9.0%} {score.precision:10.0%}  {mark}"
        )
        for i, value in enumerate(
            (score.reference, score.found_lead, score.found_lead_deadline, score.proposed, score.found_lead)
        ):
            totals[i] += value
        if verbose:
            _explain(extraction.tasks, reference["tasks"], score)
    ref, lead, lead_dl, proposed, matched = totals
    print("-" * len(header))
    print(
        f"{'all notices':34} {ref:4d} {lead:5d} {lead_dl:8d} {proposed:9d} {lead / ref:6.0%} "
        f"{lead_dl / ref:9.0%} {matched / proposed:10.0%}"
    )
    print(
        f"target on the seeds: lead+deadline ≥ {TARGET_LEAD_DEADLINE:.0%}, precision ≥ {TARGET_PRECISION:.0%}"
    )
    return 1 if failed else 0


def _explain(tasks, refs, score) -> None:
    for i, j in score.pairs:
        task, ref = tasks[i], refs[j]
        due = task.deadline.isoformat() if task.deadline else None
        if due != ref["deadline"] or (task.recurrence or None) != ref["recurrence"]:
            print(
                f"    deadline  {ref['item']:8} found {due}/{task.recurrence} ({task.deadline_text!r}), "
                f"reference {ref['deadline']}/{ref['recurrence']}"
            )
    extra, missing = score.unmatched()
    for i in extra:
        t = tasks[i]
        lead = t.lead_unit.name if t.lead_unit else "?"
        print(f"    extra     {t.item:8} {lead}: {t.content[:90]}")
    for j in missing:
        r = refs[j]
        print(f"    missing   {r['item']:8} {r['lead_unit']}: {r['content'][:90]}")


if __name__ == "__main__":
    sys.exit(main(verbose="--verbose" in sys.argv or "-v" in sys.argv))
