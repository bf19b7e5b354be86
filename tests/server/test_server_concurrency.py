"""Eight clients in parallel threads page through the same server: each gets every contact of
its query once, in the unpaged order."""

from __future__ import annotations

import datetime
import socket
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from botocore.config import Config

from connect_contacts_mock.server import MockServer

UTC = datetime.timezone.utc
CLIENTS = 8
CONTACTS = 90
CHANNELS = ("VOICE", "CHAT", "TASK")


def test_parallel_clients_page_through_complete_duplicate_free_results(server: MockServer) -> None:
    server.store.load(
        [
            {
                "Id": f"contact-{number:03d}",
                "Channel": CHANNELS[number % 3],
                "InitiationMethod": "API" if number % 3 == 2 else "INBOUND",
                "InitiationTimestamp": f"-{number + 1}m",
            }
            for number in range(CONTACTS)
        ]
    )
    now = datetime.datetime.now(UTC)
    base: dict[str, Any] = {
        "InstanceId": server.store.instance_id,
        "TimeRange": {
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": now - datetime.timedelta(days=1),
            "EndTime": now,
        },
    }
    # Half the clients ask for every contact, half for voice calls only, each with its own
    # page size, so different queries and page sizes interleave on the server.
    queries = [
        {**base, "SearchCriteria": {"Channels": ["VOICE"]}} if index % 2 else base
        for index in range(CLIENTS)
    ]
    page_sizes = [3 + index for index in range(CLIENTS)]
    clients = [
        boto3.client("connect", region_name="us-east-1", endpoint_url=server.url)
        for _ in range(CLIENTS)
    ]
    expected_all = [f"contact-{number:03d}" for number in range(CONTACTS)]
    expected_voice = [contact for number, contact in enumerate(expected_all) if number % 3 == 0]
    start = threading.Barrier(CLIENTS)

    def page_through(index: int) -> tuple[list[str], set[int]]:
        start.wait()
        ids: list[str] = []
        totals: set[int] = set()
        pages = (
            clients[index]
            .get_paginator("search_contacts")
            .paginate(**queries[index], PaginationConfig={"PageSize": page_sizes[index]})
        )
        for page in pages:
            ids += [contact["Id"] for contact in page["Contacts"]]
            totals.add(page["TotalCount"])
        return ids, totals

    with ThreadPoolExecutor(CLIENTS) as pool:
        outcomes = list(pool.map(page_through, range(CLIENTS)))

    for index, (ids, totals) in enumerate(outcomes):
        expected = expected_voice if index % 2 else expected_all
        assert ids == expected, f"client {index}"
        assert totals == {len(expected)}, f"client {index}"
    pages_sent = sum(
        -(-len(ids) // size) for (ids, _), size in zip(outcomes, page_sizes, strict=True)
    )
    assert len(server.store.calls) == pages_sent
    assert {call.status for call in server.store.calls} == {200}


def test_a_stalled_connection_does_not_hold_up_other_clients(server: MockServer) -> None:
    """Requests are served in threads: a client that sends half a request blocks nobody."""
    url = urllib.parse.urlsplit(server.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as stalled:
        stalled.sendall(
            b"POST /search-contacts HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"
        )
        client = boto3.client(
            "connect",
            region_name="us-east-1",
            endpoint_url=server.url,
            config=Config(read_timeout=5, retries={"max_attempts": 0}),
        )
        now = datetime.datetime.now(UTC)
        response = client.search_contacts(
            InstanceId=server.store.instance_id,
            TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": now, "EndTime": now},
        )
        assert response["TotalCount"] == 0
