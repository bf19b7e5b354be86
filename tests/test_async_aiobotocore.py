"""aiobotocore clients are answered in-process too, with the same behaviour."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import pytest

from connect_contacts_mock import ContactStore

aiobotocore_session = pytest.importorskip("aiobotocore.session")

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC)


def window(**extra: Any) -> dict[str, Any]:
    return {
        "TimeRange": {
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": NOW - datetime.timedelta(hours=1),
            "EndTime": NOW + datetime.timedelta(hours=1),
        },
        **extra,
    }


def seed(store: ContactStore, count: int) -> list[str]:
    return store.add_many(
        {
            "Channel": "VOICE" if n % 2 else "CHAT",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": NOW - datetime.timedelta(minutes=n),
        }
        for n in range(count)
    )


async def with_client(work: Any, **config: Any) -> Any:
    session = aiobotocore_session.get_session()
    from botocore.config import Config

    async with session.create_client(
        "connect", region_name="us-east-1", config=Config(**config)
    ) as client:
        return await work(client)


def test_async_client_gets_filtered_sorted_results(connect_contacts: ContactStore) -> None:
    ids = seed(connect_contacts, 4)

    async def work(client: Any) -> Any:
        return await client.search_contacts(
            InstanceId=connect_contacts.instance_id,
            **window(SearchCriteria={"Channels": ["CHAT"]}),
            Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"},
        )

    response = asyncio.run(with_client(work))
    assert [c["Id"] for c in response["Contacts"]] == [ids[2], ids[0]]
    assert response["TotalCount"] == 2
    assert isinstance(response["Contacts"][0]["InitiationTimestamp"], datetime.datetime)


def test_async_paginator_walks_every_page(connect_contacts: ContactStore) -> None:
    ids = seed(connect_contacts, 7)

    async def work(client: Any) -> list[str]:
        found: list[str] = []
        paginator = client.get_paginator("search_contacts")
        async for page in paginator.paginate(
            InstanceId=connect_contacts.instance_id, **window(), PaginationConfig={"PageSize": 3}
        ):
            found += [c["Id"] for c in page["Contacts"]]
        return found

    assert sorted(asyncio.run(with_client(work))) == sorted(ids)
    assert len(connect_contacts.calls) == 3


def test_async_client_raises_the_modelled_error(connect_contacts: ContactStore) -> None:
    async def work(client: Any) -> str:
        try:
            await client.search_contacts(InstanceId="unknown", **window())
        except client.exceptions.ResourceNotFoundException as error:
            return str(error.response["Message"])
        return "no error"

    assert "unknown" in asyncio.run(with_client(work))


@pytest.mark.connect_contacts(retry_sleep=False)
def test_async_client_retries_injected_throttling(connect_contacts: ContactStore) -> None:
    connect_contacts.fail_next("ThrottlingException", times=2)

    async def work(client: Any) -> Any:
        return await client.search_contacts(InstanceId=connect_contacts.instance_id, **window())

    response = asyncio.run(with_client(work, retries={"mode": "legacy"}))
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert [call.status for call in connect_contacts.calls] == [429, 429, 200]


def test_async_client_describes_the_contact_a_search_found(
    connect_contacts: ContactStore,
) -> None:
    seed(connect_contacts, 3)

    async def work(client: Any) -> Any:
        found = await client.search_contacts(
            InstanceId=connect_contacts.instance_id,
            **window(SearchCriteria={"Channels": ["CHAT"]}),
        )
        contact_id = found["Contacts"][0]["Id"]
        return await client.describe_contact(
            InstanceId=connect_contacts.instance_id, ContactId=contact_id
        )

    contact = asyncio.run(with_client(work))["Contact"]
    assert contact["Channel"] == "CHAT"
    assert [call.operation for call in connect_contacts.calls] == [
        "SearchContacts",
        "DescribeContact",
    ]


def test_async_client_starts_a_task_stops_it_and_finds_it_ended(
    connect_contacts: ContactStore,
) -> None:
    instance = connect_contacts.instance_id

    async def work(client: Any) -> Any:
        started = await client.start_task_contact(
            InstanceId=instance, ContactFlowId="flow-1", Name="Call back"
        )
        await client.stop_contact(InstanceId=instance, ContactId=started["ContactId"])
        return started["ContactId"], await client.search_contacts(
            InstanceId=instance,
            TimeRange={
                "Type": "DISCONNECT_TIMESTAMP",
                "StartTime": datetime.datetime.now(UTC) - datetime.timedelta(minutes=1),
                "EndTime": datetime.datetime.now(UTC) + datetime.timedelta(minutes=1),
            },
        )

    task_id, found = asyncio.run(with_client(work))
    assert [contact["Id"] for contact in found["Contacts"]] == [task_id]
    assert connect_contacts.get(task_id)["DisconnectReason"] == "API"
