import os

import pytest

# Tests need no real secret; set one before the settings are read.
os.environ.setdefault("SECRET_KEY", "test-only")
os.environ.setdefault("RUS_TESTING", "1")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Open-data answers are cached per process; every test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
