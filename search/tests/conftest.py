import pytest

from search import indexer


@pytest.fixture
def seed(seed):
    """The Brussels data with its search index, built inside the test's transaction (the shared
    data is loaded without it, so that no other test pays for it)."""
    indexer.reindex()
