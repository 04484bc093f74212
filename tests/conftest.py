"""Fixtures for every test: the personas (tests/support/personas.py), headless Chromium
(tests/support/browser.py), a notice (tests/support/directives.py) and the demo data set."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

pytest_plugins = ["tests.support.personas", "tests.support.browser", "tests.support.directives"]


@pytest.fixture(autouse=True)
def _fresh_working_calendar():
    """The working-day calendar is cached across requests; a test's rolled-back holidays must not leak."""
    from dtsystem.core.selectors import working_calendar_invalidate

    working_calendar_invalidate()
    yield
    working_calendar_invalidate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The default cache (the unit pickers' options, keyed by the organisation's version) starts empty, so
    that a page's queries do not depend on the tests run before it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_data(db, settings):
    """The whole demo data set of `make run` (units, documents, users)."""
    from dtsystem.core import demo

    settings.DEBUG = True
    return demo.load_all()
