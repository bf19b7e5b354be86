"""Beside moto's mock_aws: moto's instances are known, accounts and regions stay apart."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest

from connect_contacts_mock import ContactStore

moto = pytest.importorskip("moto")

UTC = datetime.timezone.utc


def window() -> dict[str, Any]:
    now = datetime.datetime.now(UTC)
    return {
        "Type": "INITIATION_TIMESTAMP",
        "StartTime": now - datetime.timedelta(hours=1),
        "EndTime": now + datetime.timedelta(hours=1),
    }


def create_instance(client: Any) -> str:
    created = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="alias",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )
    return str(created["Id"])


def test_instance_created_in_moto_is_known_to_search_contacts(
    connect_contacts: ContactStore,
) -> None:
    with moto.mock_aws():
        client = boto3.client("connect", region_name="eu-west-2")
        instance_id = create_instance(client)
        response = client.search_contacts(InstanceId=instance_id, TimeRange=window())
        assert (response["Contacts"], response["TotalCount"]) == ([], 0)


def test_moto_instance_is_unknown_in_another_region(connect_contacts: ContactStore) -> None:
    with moto.mock_aws():
        instance_id = create_instance(boto3.client("connect", region_name="eu-west-2"))
        other = boto3.client("connect", region_name="us-east-1")
        with pytest.raises(other.exceptions.ResourceNotFoundException):
            other.search_contacts(InstanceId=instance_id, TimeRange=window())


def test_contacts_seeded_into_a_moto_instance_come_back_with_its_arn(
    connect_contacts: ContactStore,
) -> None:
    with moto.mock_aws():
        client = boto3.client("connect", region_name="eu-west-2")
        instance_id = create_instance(client)
        connect_contacts.add_instance(instance_id, region="eu-west-2")
        contact_id = connect_contacts.add(
            {
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": datetime.datetime.now(UTC),
            },
            instance_id=instance_id,
        )
        [found] = client.search_contacts(InstanceId=instance_id, TimeRange=window())["Contacts"]
        assert found["Arn"] == (
            f"arn:aws:connect:eu-west-2:123456789012:instance/{instance_id}/contact/{contact_id}"
        )
        assert client.describe_instance(InstanceId=instance_id)["Instance"]["Id"] == instance_id


def test_instance_of_another_account_is_not_visible(
    connect_contacts: ContactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with moto.mock_aws():
        monkeypatch.setenv("MOTO_ACCOUNT_ID", "111111111111")
        client = boto3.client("connect", region_name="us-east-1")
        instance_id = create_instance(client)
        assert client.search_contacts(InstanceId=instance_id, TimeRange=window())["Contacts"] == []
        monkeypatch.setenv("MOTO_ACCOUNT_ID", "222222222222")
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.search_contacts(InstanceId=instance_id, TimeRange=window())


def test_store_default_instance_stays_in_the_store_account_under_moto(
    connect_contacts: ContactStore,
) -> None:
    with moto.mock_aws():
        client = boto3.client("connect", region_name="us-east-1")
        assert (
            client.search_contacts(InstanceId=connect_contacts.instance_id, TimeRange=window())[
                "TotalCount"
            ]
            == 0
        )
