"""The engine's boundary: it imports no Django and nothing of the project, its kinds and recurrences
are the values the project stores, and the project's deadline parser and text folding are the engine's
own (one phrase, one date, everywhere)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_engine_imports_no_django_and_nothing_of_the_project():
    probe = (
        "import sys, extraction, extraction.quality\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "banned = {'django', 'dtsystem', 'directives', 'plans', 'kpis', 'assistant', 'dashboard',\n"
        "          'reports', 'reminders', 'celery', 'rest_framework'}\n"
        "print(sorted(loaded & banned))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_deadline_kinds_and_recurrences_are_the_stored_values():
    from directives.choices import DeadlineKind, Recurrence
    from extraction import deadlines

    assert set(deadlines.DeadlineKind.ALL) == set(DeadlineKind.values)
    assert set(deadlines.Recurrence.ALL) == set(Recurrence.values)
    for name in DeadlineKind.names:
        assert getattr(deadlines.DeadlineKind, name) == DeadlineKind[name]
    for name in Recurrence.names:
        assert getattr(deadlines.Recurrence, name) == Recurrence[name]


def test_the_enterprise_kind_is_the_unit_kind():
    from dtsystem.units.choices import UnitKind
    from extraction.units import ENTERPRISE

    assert ENTERPRISE == UnitKind.ENTERPRISE


def test_the_project_parses_deadlines_and_folds_text_with_the_engine():
    import directives.deadlines
    import dtsystem.common.text
    from extraction import deadlines, normalize

    # the project's names pass the administrator's working-day calendar to the engine's one parser
    assert directives.deadlines.parse_deadline.__wrapped__ is deadlines.parse_deadline
    assert directives.deadlines.find_deadlines.__wrapped__ is deadlines.find_deadlines
    assert directives.deadlines.period_bounds is deadlines.period_bounds
    assert dtsystem.common.text.fold is normalize.fold
    assert dtsystem.common.text.fold_terms is normalize.fold_terms
