"""Nesting, clean exits, and living beside moto, freezegun and other botocore handlers."""

from __future__ import annotations

import datetime
import json
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from freezegun import freeze_time

from connect_contacts_mock import ContactStore, mock_search_contacts

UTC = datetime.timezone.utc


def add_now(contacts: ContactStore, **extra: Any) -> str:
    contact = {
        "Channel": "CHAT",
        "InitiationMethod": "API",
        "InitiationTimestamp": datetime.datetime.now(UTC),
        **extra,
    }
    return contacts.add(contact)


def ids(client: Any, instance_id: str) -> list[str]:
    now = datetime.datetime.now(UTC)
    response = client.search_contacts(
        InstanceId=instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": now - datetime.timedelta(days=1),
            "EndTime": now + datetime.timedelta(days=1),
        },
    )
    return [contact["Id"] for contact in response["Contacts"]]


class _RawBody:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Any:
        yield self.body


def canned_generic_handler(request: Any, **_: Any) -> AWSResponse:
    """A generic before-send answer, like moto's or a user's own stub."""
    body = json.dumps({"Contacts": [], "TotalCount": 424242}).encode()
    return AWSResponse(request.url, 200, {"x-amzn-RequestId": "canned"}, _RawBody(body))


def test_client_created_before_activation_is_answered_by_the_mock() -> None:
    client = boto3.client("connect", region_name="us-east-1")
    with mock_search_contacts() as contacts:
        contact_id = add_now(contacts)
        assert ids(client, contacts.instance_id) == [contact_id]


def test_outside_the_mock_requests_go_where_they_would_have_gone() -> None:
    """With no mock active, the request reaches the next handler (here a canned generic one)."""
    client = boto3.client("connect", region_name="us-east-1")
    client.meta.events.register("before-send", canned_generic_handler)
    with mock_search_contacts() as contacts:
        assert (
            client.search_contacts(
                InstanceId=contacts.instance_id,
                TimeRange={
                    "Type": "INITIATION_TIMESTAMP",
                    "StartTime": datetime.datetime(2024, 1, 1, tzinfo=UTC),
                    "EndTime": datetime.datetime(2024, 1, 2, tzinfo=UTC),
                },
            )["TotalCount"]
            == 0
        )
    after = client.search_contacts(
        InstanceId="any",
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": datetime.datetime(2024, 1, 1, tzinfo=UTC),
            "EndTime": datetime.datetime(2024, 1, 2, tzinfo=UTC),
        },
    )
    assert after["TotalCount"] == 424242


def test_nested_mock_answers_innermost_and_exit_restores_outer() -> None:
    client = boto3.client("connect", region_name="us-east-1")
    with mock_search_contacts() as outer:
        outer_id = add_now(outer)
        with mock_search_contacts() as inner:
            inner_id = add_now(inner)
            assert ids(client, inner.instance_id) == [inner_id]
            assert len(outer.requests) == 0
        assert ids(client, outer.instance_id) == [outer_id]
        assert len(inner.requests) == 1


def test_exit_undoes_everything_and_keeps_the_callers_exception() -> None:
    client = boto3.client("connect", region_name="us-east-1")
    client.meta.events.register("before-send", canned_generic_handler)
    with pytest.raises(KeyError, match="from the test body"), mock_search_contacts():
        raise KeyError("from the test body")
    assert ids(client, "any") == []  # the canned handler answered: the mock is gone
    assert (
        client.search_contacts(
            InstanceId="any",
            TimeRange={
                "Type": "INITIATION_TIMESTAMP",
                "StartTime": datetime.datetime(2024, 1, 1, tzinfo=UTC),
                "EndTime": datetime.datetime(2024, 1, 2, tzinfo=UTC),
            },
        )["TotalCount"]
        == 424242
    )


def test_mock_honours_frozen_time_read_at_each_call() -> None:
    client = boto3.client("connect", region_name="us-east-1")
    with mock_search_contacts() as contacts, freeze_time("2024-05-10T12:00:00Z") as frozen:
        contact_id = add_now(contacts)
        assert ids(client, contacts.instance_id) == [contact_id]
        frozen.move_to("2026-05-11T12:00:00Z")  # more than 24 months later: contact expired
        assert contacts.add_instance("later") == "later"
        assert ids(client, contacts.instance_id) == []


def test_search_contacts_is_answered_by_the_mock_inside_moto() -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_search_contacts() as contacts:
        client = boto3.client("connect", region_name="us-east-1")
        created = client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="neighbours",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
        assert client.describe_instance(InstanceId=created["Id"])["Instance"]["Id"]
        contact_id = add_now(contacts)
        assert ids(client, contacts.instance_id) == [contact_id]


def test_order_of_entering_moto_and_the_mock_does_not_matter() -> None:
    moto = pytest.importorskip("moto")
    with mock_search_contacts() as contacts, moto.mock_aws():
        client = boto3.client("connect", region_name="us-east-1")
        contact_id = add_now(contacts)
        assert ids(client, contacts.instance_id) == [contact_id]
        assert client.list_instances()["InstanceSummaryList"] == []
