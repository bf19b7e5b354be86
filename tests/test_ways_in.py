"""The three ways in (context manager, decorator, fixture) run one implementation."""

from __future__ import annotations

import asyncio
import datetime
import gc
import unittest
import weakref
from typing import Any

import boto3
import pytest

from connect_contacts_mock import (
    ContactStore,
    MockUsageError,
    SearchContactsMock,
    mock_search_contacts,
)

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC)


def seed(contacts: ContactStore) -> str:
    return contacts.add(
        {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": NOW}
    )


def search(instance_id: str) -> dict[str, Any]:
    client = boto3.client("connect", region_name="us-east-1")
    return client.search_contacts(
        InstanceId=instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": NOW - datetime.timedelta(hours=1),
            "EndTime": NOW + datetime.timedelta(hours=1),
        },
    )


def assert_scenario(contacts: ContactStore) -> None:
    contact_id = seed(contacts)
    response = search(contacts.instance_id)
    assert [contact["Id"] for contact in response["Contacts"]] == [contact_id]
    assert response["TotalCount"] == 1
    assert contacts.requests[-1]["InstanceId"] == contacts.instance_id


def test_context_manager_answers_from_its_store() -> None:
    with mock_search_contacts() as contacts:
        assert_scenario(contacts)


def test_fixture_answers_from_its_store(connect_contacts: ContactStore) -> None:
    assert_scenario(connect_contacts)


@mock_search_contacts
def test_bare_decorator_injects_the_store_as_contacts(contacts: ContactStore) -> None:
    assert_scenario(contacts)


@mock_search_contacts(region="us-east-1")
def test_decorator_with_options_injects_the_store(contacts: ContactStore) -> None:
    assert contacts.region == "us-east-1"
    assert_scenario(contacts)


@mock_search_contacts(as_kwarg="store")
def test_decorator_injects_under_the_chosen_name(store: ContactStore) -> None:
    assert_scenario(store)


def test_decorated_function_without_the_parameter_is_still_mocked() -> None:
    @mock_search_contacts
    def run() -> dict[str, Any]:
        from connect_contacts_mock import DEFAULT_INSTANCE_ID

        return search(DEFAULT_INSTANCE_ID)

    assert run()["Contacts"] == []


def test_async_function_gets_its_own_store() -> None:
    @mock_search_contacts
    async def run(contacts: ContactStore) -> int:
        await asyncio.sleep(0)
        assert_scenario(contacts)
        return len(contacts)

    assert asyncio.run(run()) == 1


def test_async_context_manager_answers_from_its_store() -> None:
    async def run() -> None:
        async with mock_search_contacts() as contacts:
            assert_scenario(contacts)

    asyncio.run(run())


@mock_search_contacts
class TestDecoratedPytestClass:
    """Each test method of a decorated class gets a fresh store."""

    def test_first_method_sees_an_empty_store(self, contacts: ContactStore) -> None:
        assert len(contacts) == 0
        assert_scenario(contacts)

    def test_second_method_sees_an_empty_store(self, contacts: ContactStore) -> None:
        assert len(contacts) == 0
        assert_scenario(contacts)


@mock_search_contacts
class DecoratedTestCase(unittest.TestCase):
    contacts: ContactStore

    def setUp(self) -> None:
        seed(self.contacts)  # set-up runs inside the test's mock

    def test_set_up_seeded_this_tests_store(self) -> None:
        assert len(self.contacts) == 1
        assert search(self.contacts.instance_id)["TotalCount"] == 1

    def test_each_test_gets_its_own_store(self) -> None:
        assert len(self.contacts) == 1


def test_decorating_a_plain_class_names_the_alternatives() -> None:
    with pytest.raises(TypeError, match="connect_contacts"):

        @mock_search_contacts
        class Helper:
            pass


def test_each_activation_gets_a_fresh_store() -> None:
    mock = mock_search_contacts()
    with mock as first:
        seed(first)
    with mock as second:
        assert len(second) == 0
        assert search(second.instance_id)["TotalCount"] == 0


def test_a_store_nobody_holds_is_freed_when_its_mock_ends() -> None:
    """Leaving lets the store go at once (its contacts and calls with it), not at the garbage
    collector's next look for reference cycles."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        with mock_search_contacts() as contacts:
            assert_scenario(contacts)
        left = weakref.ref(contacts)
        del contacts
        assert left() is None
    finally:
        if collecting:
            gc.enable()


def test_mock_object_is_typed_for_hints() -> None:
    assert isinstance(mock_search_contacts(), SearchContactsMock)


def test_store_of_an_inactive_mock_says_how_to_activate_it() -> None:
    with pytest.raises(MockUsageError, match="with mock_search_contacts"):
        _ = mock_search_contacts().contacts


def test_searchable_attributes_given_as_one_string_says_to_write_a_list() -> None:
    with pytest.raises(MockUsageError, match=r"write \['Plan'\]"):
        mock_search_contacts(searchable_attributes="Plan")
