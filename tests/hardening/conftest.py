from tests.support.world import plan_145, units_loaded  # noqa: F401  (fixtures)
