"""The pytest plugin: the `connect_contacts` fixture and marker, a few lines over the mock.

Registered through the `pytest11` entry point, so installing the package is enough.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import mock_search_contacts
from .store import ContactStore


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "connect_contacts(**options): options of the `connect_contacts` fixture's mock, the "
        "same keyword arguments as mock_search_contacts(...) (account_id, region, "
        "instance_id, searchable_attributes, limit_time_window, throttle, retry_sleep, data)",
    )


@pytest.fixture
def connect_contacts(request: pytest.FixtureRequest) -> Iterator[ContactStore]:
    """A fresh ContactStore; every SearchContacts call in the test is answered from it."""
    marker = request.node.get_closest_marker("connect_contacts")
    options = dict(marker.kwargs) if marker else {}
    with mock_search_contacts(**options) as store:
        yield store
