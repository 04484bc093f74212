import pytest

from tests.directives.factories import TaskFactory
from tests.support.reminders import FlakySMTPBackend


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.support.reminders.FlakySMTPBackend"
    FlakySMTPBackend.failing = True
    yield FlakySMTPBackend
    FlakySMTPBackend.failing = False


@pytest.fixture
def make_task(own_unit):
    def make(due=None, **kwargs):
        kwargs.setdefault("lead_unit", own_unit)
        return TaskFactory(due_date=due, **kwargs)

    return make
