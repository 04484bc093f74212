"""Plan fixtures: plan 145/KH-UBND from fixtures/plans/ (seed 002); small hand-made plans are built with
tests/support/world.py (make_plan, make_line)."""

from tests.support.world import plan_145, units_loaded  # noqa: F401  (fixtures)
