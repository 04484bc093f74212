"""The fixtures of the directives tests: make_task and task (tests/support/directive_tasks.py)."""

from tests.support.directive_tasks import make_task, task  # noqa: F401
