"""The call log and its assertions show what the code under test sent and what it got."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest

from connect_contacts_mock import ContactStore

UTC = datetime.timezone.utc
START = datetime.datetime(2026, 1, 1, tzinfo=UTC)


def search(store: ContactStore, **extra: Any) -> dict[str, Any]:
    client = boto3.client("connect", region_name="us-east-1")
    return client.search_contacts(
        InstanceId=store.instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": START,
            "EndTime": START + datetime.timedelta(days=1),
        },
        **extra,
    )


def test_calls_record_parameters_and_the_answer(connect_contacts: ContactStore) -> None:
    search(connect_contacts, MaxResults=5)
    call = connect_contacts.calls[0]
    assert call.params is not None
    assert call.params["MaxResults"] == 5
    assert call.params["TimeRange"]["StartTime"] == START
    assert call.status == 200
    assert call.response == {"Contacts": [], "TotalCount": 0}
    assert call.request_id


def test_calls_record_the_error_given(connect_contacts: ContactStore) -> None:
    client = boto3.client("connect", region_name="us-east-1")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.search_contacts(
            InstanceId="unknown",
            TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": START, "EndTime": START},
        )
    call = connect_contacts.calls[-1]
    assert (call.status, call.error_code) == (404, "ResourceNotFoundException")
    assert call.error_message and "unknown" in call.error_message


def test_assert_called_counts_requests(connect_contacts: ContactStore) -> None:
    connect_contacts.assert_not_called()
    search(connect_contacts)
    search(connect_contacts)
    connect_contacts.assert_called()
    connect_contacts.assert_called(times=2)
    with pytest.raises(AssertionError, match="expected SearchContacts 3 time"):
        connect_contacts.assert_called(times=3)


def test_assert_called_with_matches_a_subset_at_any_depth(connect_contacts: ContactStore) -> None:
    search(connect_contacts, SearchCriteria={"Channels": ["VOICE"]}, MaxResults=10)
    connect_contacts.assert_called_with(SearchCriteria={"Channels": ["VOICE"]})
    connect_contacts.assert_called_with(TimeRange={"StartTime": START})
    connect_contacts.assert_last_called_with(MaxResults=10)
    connect_contacts.assert_nth_called_with(1, InstanceId=connect_contacts.instance_id)


def test_failed_assertion_lists_what_was_received(connect_contacts: ContactStore) -> None:
    search(connect_contacts, SearchCriteria={"Channels": ["CHAT"]})
    with pytest.raises(AssertionError) as raised:
        connect_contacts.assert_called_with(SearchCriteria={"Channels": ["VOICE"]})
    message = str(raised.value)
    assert "no SearchContacts request carried" in message
    assert "1 SearchContacts request(s) received" in message
    assert "'CHAT'" in message


def test_assert_not_called_fails_listing_the_calls(connect_contacts: ContactStore) -> None:
    search(connect_contacts)
    with pytest.raises(AssertionError, match="expected no SearchContacts request"):
        connect_contacts.assert_not_called()
