"""Shared fixture of the engine's tests (`units`, unless a module has its own): the register of the corpus's province (after the 2025 reforms),
in memory (no database)."""

import pytest

from extraction.quality import corpus_units


@pytest.fixture(scope="session")
def units():
    return corpus_units()
