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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium are marked ``browser`` so that `make test` can run them once,
    on PostgreSQL: what they check is the page in a browser, not the database under it."""
    from rus.browser import BrowserTestCase

    for item in items:
        cls = getattr(item, "cls", None)
        if cls is not None and issubclass(cls, BrowserTestCase):
            item.add_marker(pytest.mark.browser)
