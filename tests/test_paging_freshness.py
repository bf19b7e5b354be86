"""A page token never pages a stale result: later pages see what a fresh search would see."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import boto3
import pytest
from botocore.config import Config
from freezegun import freeze_time

from connect_contacts_mock import ContactStore, ModelView, mock_search_contacts
from connect_contacts_mock.model import installed_service_description

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=UTC)


def request(store: ContactStore, **extra: Any) -> dict[str, Any]:
    return {
        "InstanceId": store.instance_id,
        "TimeRange": {
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": NOW - datetime.timedelta(days=1),
            "EndTime": NOW,
        },
        "MaxResults": 2,
        **extra,
    }


def seed(store: ContactStore, count: int = 5) -> None:
    store.add_many(
        {
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": NOW - datetime.timedelta(minutes=10 * n),
        }
        for n in range(1, count + 1)
    )


@pytest.fixture
def frozen() -> Any:
    with freeze_time(NOW) as clock:
        yield clock


def test_token_after_clear_pages_the_now_empty_store(
    connect_contacts: ContactStore, frozen: Any
) -> None:
    seed(connect_contacts)
    client = boto3.client("connect", region_name="us-east-1")
    first = client.search_contacts(**request(connect_contacts))
    connect_contacts.clear()
    second = client.search_contacts(**request(connect_contacts, NextToken=first["NextToken"]))
    assert (second["Contacts"], second["TotalCount"]) == ([], 0)
    assert "NextToken" not in second


def test_token_after_contacts_expire_pages_without_them(connect_contacts: ContactStore) -> None:
    """Contacts initiated 24 months and a few minutes ago expire while the walk goes on."""
    start = datetime.datetime(2024, 6, 1, 12, 5, tzinfo=UTC)  # 24 months before NOW, + 5 min
    connect_contacts.add_many(
        {
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": start + datetime.timedelta(minutes=10 * n),
        }
        for n in range(5)
    )
    window = {
        "Type": "INITIATION_TIMESTAMP",
        "StartTime": start,
        "EndTime": start + datetime.timedelta(days=1),
    }
    client = boto3.client("connect", region_name="us-east-1")
    query = {"InstanceId": connect_contacts.instance_id, "TimeRange": window, "MaxResults": 2}
    with freeze_time(NOW) as clock:
        first = client.search_contacts(**query)
        assert first["TotalCount"] == 5
        clock.move_to(NOW + datetime.timedelta(minutes=20))  # the first two have expired
        second = client.search_contacts(**query, NextToken=first["NextToken"])
    assert second["TotalCount"] == 3


def test_token_replayed_from_another_region_pages_that_regions_result(
    connect_contacts: ContactStore, frozen: Any
) -> None:
    connect_contacts.add_many(
        {
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": NOW - datetime.timedelta(minutes=n),
        }
        for n in range(1, 6)
    )
    east = boto3.client("connect", region_name="us-east-1")
    west = boto3.client("connect", region_name="us-west-2")
    criteria = {"ActiveRegions": ["us-east-1"]}
    first = east.search_contacts(**request(connect_contacts, SearchCriteria=criteria))
    assert first["TotalCount"] == 5
    replayed = west.search_contacts(
        **request(connect_contacts, SearchCriteria=criteria, NextToken=first["NextToken"])
    )
    assert (replayed["Contacts"], replayed["TotalCount"]) == ([], 0)


def test_contact_at_the_epoch_expires_like_any_other(connect_contacts: ContactStore) -> None:
    epoch = datetime.datetime(1970, 1, 1, tzinfo=UTC)
    connect_contacts.add(
        {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": epoch}
    )
    client = boto3.client("connect", region_name="us-east-1")
    window = {"Type": "INITIATION_TIMESTAMP", "StartTime": epoch, "EndTime": epoch}
    with freeze_time("1970-06-01"):
        assert (
            client.search_contacts(InstanceId=connect_contacts.instance_id, TimeRange=window)[
                "TotalCount"
            ]
            == 1
        )
    with freeze_time("1975-01-01"):
        assert (
            client.search_contacts(InstanceId=connect_contacts.instance_id, TimeRange=window)[
                "TotalCount"
            ]
            == 0
        )


def test_unsupported_sort_field_is_refused_before_the_instance_is_looked_up() -> None:
    description = copy.deepcopy(installed_service_description())
    description["shapes"]["SortableFieldName"]["enum"].append("FUTURE_FIELD")
    client = boto3.client(
        "connect", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    with (
        mock_search_contacts(model=ModelView(description)),
        pytest.raises(client.exceptions.InvalidRequestException) as raised,
    ):
        client.search_contacts(
            InstanceId="unknown-instance",
            TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": NOW, "EndTime": NOW},
            Sort={"FieldName": "FUTURE_FIELD", "Order": "ASCENDING"},
        )
    assert "Sort.FieldName 'FUTURE_FIELD'" in raised.value.response["Message"]


# -- a token resumes after the last contact it returned ------------------------------------------


def walk_ids(client: Any, store: ContactStore, between: Any = None, **extra: Any) -> list[str]:
    """Every Id of a walk in pages of 2, calling `between(page_number)` after each page."""
    ids: list[str] = []
    page = client.search_contacts(**request(store, **extra))
    number = 0
    while True:
        ids.extend(contact["Id"] for contact in page["Contacts"])
        if "NextToken" not in page:
            return ids
        number += 1
        if between is not None:
            between(number)
        page = client.search_contacts(**request(store, NextToken=page["NextToken"], **extra))


def test_contacts_added_before_the_resume_point_are_neither_repeated_nor_skipped(
    connect_contacts: ContactStore, frozen: Any
) -> None:
    seed(connect_contacts, 9)
    before = [contact["Id"] for contact in connect_contacts]
    client = boto3.client("connect", region_name="us-east-1")

    def add_newest(number: int) -> None:  # each sorts first in the default, newest-first order
        connect_contacts.add(
            {
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": NOW - datetime.timedelta(seconds=number),
            }
        )

    ids = walk_ids(client, connect_contacts, add_newest)
    assert len(ids) == len(set(ids)) == 9
    assert sorted(ids) == sorted(before)


def test_contacts_added_after_the_resume_point_are_walked_in_their_place(
    connect_contacts: ContactStore, frozen: Any
) -> None:
    seed(connect_contacts, 6)
    client = boto3.client("connect", region_name="us-east-1")
    added: list[str] = []

    def add_oldest(number: int) -> None:
        added.append(
            connect_contacts.add(
                {
                    "Channel": "VOICE",
                    "InitiationMethod": "INBOUND",
                    "InitiationTimestamp": NOW - datetime.timedelta(hours=2, minutes=number),
                }
            )
        )

    ids = walk_ids(client, connect_contacts, add_oldest)
    assert len(ids) == len(set(ids))
    assert set(added) <= set(ids)
    assert ids[-len(added) :] == added  # the oldest last, newest first


def test_a_page_after_the_store_changed_counts_the_store_as_it_is_now(
    connect_contacts: ContactStore, frozen: Any
) -> None:
    seed(connect_contacts, 4)
    client = boto3.client("connect", region_name="us-east-1")
    first = client.search_contacts(**request(connect_contacts))
    seed(connect_contacts, 3)
    second = client.search_contacts(**request(connect_contacts, NextToken=first["NextToken"]))
    assert (first["TotalCount"], second["TotalCount"]) == (4, 7)


def test_ties_on_the_sorted_value_resume_by_id_across_pages(
    connect_contacts: ContactStore, frozen: Any
) -> None:
    moment = NOW - datetime.timedelta(minutes=5)
    connect_contacts.add_many(
        {
            "Id": f"tie-{n}",
            "Channel": channel,
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": moment,
        }
        for n, channel in enumerate(["VOICE", "CHAT", "VOICE", "CHAT", "VOICE"])
    )
    client = boto3.client("connect", region_name="us-east-1")
    inserted: list[str] = []

    def add_tie(number: int) -> None:  # ties with the walk, its Id before the resume point
        inserted.append(
            connect_contacts.add(
                {
                    "Id": f"tie-0{number}",
                    "Channel": "VOICE",
                    "InitiationMethod": "INBOUND",
                    "InitiationTimestamp": moment,
                }
            )
        )

    by_channel = walk_ids(
        client,
        connect_contacts,
        add_tie,
        Sort={"FieldName": "CHANNEL", "Order": "DESCENDING"},
    )
    assert by_channel[:3] == ["tie-0", "tie-2", "tie-4"]  # VOICE first, ties by Id
    assert len(by_channel) == len(set(by_channel))
    assert set(by_channel) >= {f"tie-{n}" for n in range(5)}


def test_a_walk_among_contacts_lacking_the_sorted_field_resumes_by_id(
    connect_contacts: ContactStore, frozen: Any
) -> None:
    seed(connect_contacts, 5)  # none is disconnected
    client = boto3.client("connect", region_name="us-east-1")
    sort = {"FieldName": "DISCONNECT_TIMESTAMP", "Order": "ASCENDING"}
    ids = walk_ids(client, connect_contacts, Sort=sort)
    assert ids == sorted(contact["Id"] for contact in connect_contacts)
