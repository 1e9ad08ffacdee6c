import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The explorer keeps its cards in the cache: every test starts without them."""
    cache.clear()
    yield
    cache.clear()
