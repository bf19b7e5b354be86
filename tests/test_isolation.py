"""Each thread and each asyncio task is answered by the mock it entered; a thread or task with
no activation of its own (a worker the code under test starts) by the innermost of the process."""

from __future__ import annotations

import asyncio
import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest

from connect_contacts_mock import ContactStore, mock_search_contacts

UTC = datetime.timezone.utc
WORKERS = 8
SEARCHES = 25


def window() -> dict[str, Any]:
    now = datetime.datetime.now(UTC)
    return {
        "Type": "INITIATION_TIMESTAMP",
        "StartTime": now - datetime.timedelta(hours=1),
        "EndTime": now + datetime.timedelta(minutes=1),
    }


def seed(store: ContactStore, name: str) -> set[str]:
    now = datetime.datetime.now(UTC)
    return set(
        store.add_many(
            {"Channel": "CHAT", "InitiationMethod": "API", "InitiationTimestamp": now, "Name": name}
            for _ in range(3)
        )
    )


def test_threads_each_see_only_their_own_store() -> None:
    ready = threading.Barrier(WORKERS)

    def worker(number: int) -> tuple[set[str], list[set[str]], int]:
        with mock_search_contacts() as contacts:
            mine = seed(contacts, f"worker {number}")
            client = boto3.client("connect", region_name="us-east-1")
            ready.wait()  # every thread's mock is active before anyone searches
            seen = [
                {
                    hit["Id"]
                    for hit in client.search_contacts(
                        InstanceId=contacts.instance_id, TimeRange=window()
                    )["Contacts"]
                }
                for _ in range(SEARCHES)
            ]
            return mine, seen, len(contacts.calls)

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(worker, range(WORKERS)))
    for mine, seen, logged in results:
        assert all(ids == mine for ids in seen)
        assert logged == SEARCHES  # each store logs its own calls only


def test_asyncio_tasks_each_see_only_their_own_store() -> None:
    session_module = pytest.importorskip("aiobotocore.session")

    async def one(number: int, ready: asyncio.Barrier) -> tuple[set[str], list[set[str]]]:
        with mock_search_contacts() as contacts:
            mine = seed(contacts, f"task {number}")
            session = session_module.get_session()
            async with session.create_client("connect", region_name="us-east-1") as client:
                await ready.wait()
                seen = []
                for _ in range(SEARCHES):
                    page = await client.search_contacts(
                        InstanceId=contacts.instance_id, TimeRange=window()
                    )
                    seen.append({hit["Id"] for hit in page["Contacts"]})
                    await asyncio.sleep(0)  # let the other tasks in between
            return mine, seen

    async def main() -> list[tuple[set[str], list[set[str]]]]:
        ready = asyncio.Barrier(WORKERS)
        return await asyncio.gather(*(one(number, ready) for number in range(WORKERS)))

    if not hasattr(asyncio, "Barrier"):
        pytest.skip("asyncio.Barrier needs Python 3.11")
    for mine, seen in asyncio.run(main()):
        assert all(ids == mine for ids in seen)


def test_concurrently_decorated_coroutines_each_get_their_own_store() -> None:
    @mock_search_contacts
    async def search_mine(number: int, contacts: ContactStore) -> tuple[set[str], set[str]]:
        mine = seed(contacts, f"coroutine {number}")
        await asyncio.sleep(0.01)  # every coroutine's mock is active now
        client = boto3.client("connect", region_name="us-east-1")
        found = client.search_contacts(InstanceId=contacts.instance_id, TimeRange=window())
        return mine, {hit["Id"] for hit in found["Contacts"]}

    async def main() -> list[tuple[set[str], set[str]]]:
        return await asyncio.gather(*(search_mine(number) for number in range(WORKERS)))

    for mine, found in asyncio.run(main()):
        assert found == mine


def test_a_worker_thread_started_inside_an_activation_is_answered_by_it() -> None:
    with mock_search_contacts() as contacts:
        mine = seed(contacts, "mine")
        found: list[set[str]] = []

        def code_under_test() -> None:
            client = boto3.client("connect", region_name="us-east-1")
            page = client.search_contacts(InstanceId=contacts.instance_id, TimeRange=window())
            found.append({hit["Id"] for hit in page["Contacts"]})

        worker = threading.Thread(target=code_under_test)
        worker.start()
        worker.join()
    assert found == [mine]


def test_a_mock_stopped_in_another_thread_no_longer_answers_the_one_that_started_it() -> None:
    outer = mock_search_contacts()
    outer_store = outer.start()
    try:
        inner = mock_search_contacts()
        inner.start()
        threading.Thread(target=inner.stop).start()  # stopped from elsewhere
        import time

        time.sleep(0.05)
        client = boto3.client("connect", region_name="us-east-1")
        client.search_contacts(InstanceId=outer_store.instance_id, TimeRange=window())
        assert len(outer_store.calls) == 1
    finally:
        outer.stop()
