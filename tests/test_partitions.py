"""ARNs in the partition of the region: `aws-us-gov` for us-gov-*, `aws-cn` for cn-*, taken from
the installed botocore's partition data."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest

from connect_contacts_mock import ContactStore, InvalidContactError
from connect_contacts_mock.partitions import known_partitions, partition_of

UTC = datetime.timezone.utc
START = datetime.datetime(2026, 11, 1, tzinfo=UTC)
ACCOUNT = "123456789012"
CONTACT = "c0000000-0000-4000-8000-00000000000a"

#: (region, partition, instance) of each partitioned region tested.
PARTITIONED = [
    pytest.param("us-gov-west-1", "aws-us-gov", "gov-instance", id="aws-us-gov"),
    pytest.param("cn-north-1", "aws-cn", "cn-instance", id="aws-cn"),
]


def contact(**members: Any) -> dict[str, Any]:
    return {
        "Id": CONTACT,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": START + datetime.timedelta(hours=1),
        **members,
    }


def contact_arn(partition: str, region: str, instance_id: str) -> str:
    return f"arn:{partition}:connect:{region}:{ACCOUNT}:instance/{instance_id}/contact/{CONTACT}"


def search(client: Any, instance_id: str) -> dict[str, Any]:
    response: dict[str, Any] = client.search_contacts(
        InstanceId=instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": START,
            "EndTime": START + datetime.timedelta(days=1),
        },
    )
    return response


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("eu-west-2", "aws"),
        ("us-gov-west-1", "aws-us-gov"),
        ("us-gov-east-1", "aws-us-gov"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
    ],
)
def test_partition_of_a_listed_region(region: str, partition: str) -> None:
    assert partition_of(region) == partition


def test_a_region_botocore_does_not_list_yet_is_placed_by_its_partition_pattern() -> None:
    assert partition_of("us-gov-north-7") == "aws-us-gov"
    assert partition_of("cn-south-3") == "aws-cn"
    assert partition_of("ap-future-9") == "aws"


def test_a_region_no_partition_matches_is_in_the_default_partition() -> None:
    assert partition_of("local") == "aws"
    assert known_partitions()[0] == "aws"
    assert {"aws", "aws-cn", "aws-us-gov"} <= set(known_partitions())


@pytest.mark.parametrize(("region", "partition", "instance_id"), PARTITIONED)
def test_search_and_describe_answer_arns_of_the_region_partition(
    connect_contacts: ContactStore, region: str, partition: str, instance_id: str
) -> None:
    connect_contacts.add_instance(instance_id, region=region)
    connect_contacts.add(contact(), instance_id=instance_id)
    client = boto3.client("connect", region_name=region)
    expected = contact_arn(partition, region, instance_id)

    found = search(client, instance_id)["Contacts"]
    assert [summary["Arn"] for summary in found] == [expected]
    assert found[0]["Arn"].startswith(f"arn:{partition}:connect:{region}:")

    described = client.describe_contact(InstanceId=instance_id, ContactId=CONTACT)["Contact"]
    assert described["Arn"] == expected


def test_an_instance_of_every_region_answers_each_region_in_its_partition(
    connect_contacts: ContactStore,
) -> None:
    connect_contacts.add(contact())
    instance_id = connect_contacts.instance_id
    for region, partition in (
        ("us-east-1", "aws"),
        ("us-gov-west-1", "aws-us-gov"),
        ("cn-north-1", "aws-cn"),
    ):
        client = boto3.client("connect", region_name=region)
        assert search(client, instance_id)["Contacts"][0]["Arn"] == (
            contact_arn(partition, region, instance_id)
        )


def test_a_contact_given_an_aws_us_gov_arn_is_added(connect_contacts: ContactStore) -> None:
    connect_contacts.add_instance("gov-instance", region="us-gov-west-1")
    given = contact_arn("aws-us-gov", "us-gov-west-1", "gov-instance")
    assert connect_contacts.add(contact(Arn=given), instance_id="gov-instance") == CONTACT
    client = boto3.client("connect", region_name="us-gov-west-1")
    assert search(client, "gov-instance")["Contacts"][0]["Arn"] == given


def test_an_aws_us_gov_arn_is_added_to_an_instance_of_every_region(
    connect_contacts: ContactStore,
) -> None:
    instance_id = connect_contacts.instance_id
    given = contact_arn("aws-us-gov", "us-gov-west-1", instance_id)
    assert connect_contacts.add(contact(Arn=given)) == CONTACT


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param(
            contact_arn("aws", "us-gov-west-1", "gov-instance"),
            "it must be " + contact_arn("aws-us-gov", "us-gov-west-1", "gov-instance"),
            id="aws-partition-in-a-gov-region",
        ),
        pytest.param(
            contact_arn("aws-cn", "us-gov-west-1", "gov-instance"),
            "it must be " + contact_arn("aws-us-gov", "us-gov-west-1", "gov-instance"),
            id="cn-partition-in-a-gov-region",
        ),
        pytest.param(
            contact_arn("aws-us-gov", "us-gov-east-1", "gov-instance"),
            "(instance 'gov-instance' is in us-gov-west-1)",
            id="another-region-of-the-partition",
        ),
    ],
)
def test_a_wrong_arn_is_refused_naming_the_field(
    connect_contacts: ContactStore, given: str, message: str
) -> None:
    connect_contacts.add_instance("gov-instance", region="us-gov-west-1")
    with pytest.raises(InvalidContactError) as caught:
        connect_contacts.add(contact(Arn=given), instance_id="gov-instance")
    text = str(caught.value)
    assert "field 'Arn': 'arn:" in text and "does not name this contact" in text
    assert message in text
    assert len(connect_contacts) == 0


def test_a_partition_not_of_the_arn_region_is_refused_in_an_instance_of_every_region(
    connect_contacts: ContactStore,
) -> None:
    instance_id = connect_contacts.instance_id
    given = contact_arn("aws", "cn-north-1", instance_id)
    with pytest.raises(InvalidContactError) as caught:
        connect_contacts.add(contact(Arn=given))
    text = str(caught.value)
    assert "field 'Arn': 'arn:" in text and "does not name this contact" in text
    assert (
        "partition 'aws' is not that of region cn-north-1: it must be "
        + contact_arn("aws-cn", "cn-north-1", instance_id)
        in text
    )
    assert len(connect_contacts) == 0
