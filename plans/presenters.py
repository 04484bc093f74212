"""What the plan pages show, from what the selectors read: KPI targets grouped by pillar with their
"enter a value" button (the policy's answer), objectives with their pillar's name, budget lines with
their disbursement rate. Plain functions, no queries of their own."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dtsystem import policy

from . import selectors
from .choices import BudgetKind, Pillar


def target_groups(user, targets) -> list[dict]:
    """The plan's top-level targets (each with its `children`, per-unit targets) in runs of one pillar;
    each target knows whether the user may enter its values (policy.KPI_MEASURE)."""
    labels = dict(Pillar.choices)
    groups: list[dict] = []
    for target in targets:
        target.may_measure = policy.may(user, policy.KPI_MEASURE, target)
        for child in target.children:
            child.may_measure = policy.may(user, policy.KPI_MEASURE, child)
        if not groups or groups[-1]["pillar"] != target.pillar:
            groups.append({"pillar": target.pillar, "label": labels[target.pillar], "targets": []})
        groups[-1]["targets"].append(target)
    return groups


def objectives(plan) -> list[dict]:
    """The plan's objectives, under the name of their pillar (or "general objectives")."""
    labels = dict(Pillar.choices)
    return [
        {"label": labels.get(key, _("Mục tiêu tổng quát")), "items": items}
        for key, items in plan.objectives.items()
    ]


def with_rates(lines):
    """Give each budget line (annotated with `disbursed`) its disbursement rate for the progress bar."""
    for line in lines:
        line.rate = selectors.budget_line_rate(line)
    return lines


def budget_tables(lines) -> dict:
    """The budget tab's two tables: investment lines and recurring lines, with their rates."""
    lines = with_rates(list(lines))
    return {
        "investment_lines": [line for line in lines if line.kind == BudgetKind.INVESTMENT],
        "recurring_lines": [line for line in lines if line.kind == BudgetKind.RECURRING],
    }
