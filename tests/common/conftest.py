from tests.directives.conftest import notice  # noqa: F401  (shared fixtures)
from tests.plans.conftest import plan_145, units_loaded  # noqa: F401  (shared fixtures)
