"""One SeaweedFS S3 server for the storage tests (tests/support/seaweed.py), and a fixture that points the
default storage at its bucket for one test."""

import pytest

from tests.support.seaweed import seaweed_s3


@pytest.fixture(scope="session")
def s3_server():
    with seaweed_s3() as server:
        yield server


@pytest.fixture
def s3_storage(s3_server, settings, tmp_path):
    """The default storage is the bucket; MEDIA_ROOT is an empty directory that must stay empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = s3_server.storages()
    return s3_server
