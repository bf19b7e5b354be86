"""Instances: the default one, empty ones, regions, and what an unknown one answers."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest

from connect_contacts_mock import ContactStore, InvalidContactError

UTC = datetime.timezone.utc
START = datetime.datetime(2026, 11, 1, tzinfo=UTC)


def search(instance_id: str, region: str = "us-east-1") -> dict[str, Any]:
    return boto3.client("connect", region_name=region).search_contacts(
        InstanceId=instance_id,
        TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": START, "EndTime": START},
    )


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-2", "ap-southeast-2"])
def test_default_instance_is_known_in_every_region(
    connect_contacts: ContactStore, region: str
) -> None:
    assert search(connect_contacts.instance_id, region)["Contacts"] == []


def test_instance_added_without_contacts_answers_an_empty_page(
    connect_contacts: ContactStore,
) -> None:
    connect_contacts.add_instance("empty-instance")
    response = search("empty-instance")
    assert (response["Contacts"], response["TotalCount"]) == ([], 0)
    assert "NextToken" not in response


def test_unknown_instance_says_how_to_make_it_known(connect_contacts: ContactStore) -> None:
    client = boto3.client("connect", region_name="us-east-1")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
        search("never-added")
    message = raised.value.response["Message"]
    assert "Instance 'never-added' not found in account 123456789012, region us-east-1" in message
    assert "contacts.add_instance('never-added')" in message


def test_instance_of_another_region_names_the_region_it_lives_in(
    connect_contacts: ContactStore,
) -> None:
    connect_contacts.add_instance("west-instance", region="eu-west-2")
    client = boto3.client("connect", region_name="us-east-1")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
        search("west-instance")
    message = raised.value.response["Message"]
    assert "knows it only in region eu-west-2 of account 123456789012" in message
    assert "add_instance('west-instance', region='us-east-1'" in message
    assert search("west-instance", "eu-west-2")["TotalCount"] == 0


def test_reading_or_a_refused_add_does_not_make_an_instance_known(
    connect_contacts: ContactStore,
) -> None:
    with pytest.raises(KeyError, match="no instance 'typo'"):
        connect_contacts.get("c1", instance_id="typo")
    with pytest.raises(InvalidContactError):
        connect_contacts.add({"Channel": "FAX"}, instance_id="refused")
    client = boto3.client("connect", region_name="us-east-1")
    for instance_id in ("typo", "refused"):
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            search(instance_id)
