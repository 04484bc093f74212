"""The fixtures of the directives tests (a task of own_unit, make_task) for the clerk features."""

from tests.directives.conftest import make_task, task  # noqa: F401
