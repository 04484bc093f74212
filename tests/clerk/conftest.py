"""The fixtures of the directives tests (a task of own_unit, make_task) for the clerk features."""

from tests.support.directive_tasks import make_task, task  # noqa: F401
