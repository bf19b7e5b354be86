"""The pytest plugin: the `connect_contacts` fixture and marker, a few lines over the mock.

Registered through the `pytest11` entry point, so installing the package is enough.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import mock_search_contacts
from ._options import check_names, marker_help
from .errors import MockUsageError
from .store import ContactStore


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", marker_help())


@pytest.fixture
def connect_contacts(request: pytest.FixtureRequest) -> Iterator[ContactStore]:
    """A fresh ContactStore; every SearchContacts call in the test is answered from it."""
    marker = request.node.get_closest_marker("connect_contacts")
    options = dict(marker.kwargs) if marker else {}
    if marker is not None and marker.args:
        raise MockUsageError(
            "@pytest.mark.connect_contacts takes keyword options only, got positional "
            f"{marker.args!r}; write @pytest.mark.connect_contacts(region='us-west-2')"
        )
    check_names("@pytest.mark.connect_contacts", options)
    with mock_search_contacts(**options) as store:
        yield store
