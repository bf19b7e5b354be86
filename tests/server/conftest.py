"""Fixtures serving the scenario of server_scenario.py to the client tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connect_contacts_mock import ContactStore, _botocore_events
from connect_contacts_mock.server import MockServer

from .server_scenario import DOCUMENT, post


@pytest.fixture
def server() -> Iterator[MockServer]:
    """A running server over a fresh store; no in-process mock is active, so clients given its
    URL really send their requests to it."""
    assert _botocore_events.active() is None
    with MockServer(ContactStore()) as running:
        yield running


@pytest.fixture
def seeded_server(server: MockServer) -> MockServer:
    """The server with the scenario's contacts, seeded over HTTP."""
    status, _, body = post(server.url, "/_mock/contacts", DOCUMENT)
    assert status == 200, body
    assert body == {"Ids": ["k1", "k2", "k3", "k4", "k5", "k6"]}
    return server
