"""Fixtures for every test: the personas (tests/support/personas.py), headless Chromium
(tests/support/browser.py), a notice (tests/support/directives.py) and the demo data set."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

pytest_plugins = ["tests.support.personas", "tests.support.browser", "tests.support.directives"]


@pytest.fixture
def demo_data(db, settings):
    """The whole demo data set of `make run` (units, documents, users)."""
    from dtsystem.core import demo

    settings.DEBUG = True
    return demo.load_all()
