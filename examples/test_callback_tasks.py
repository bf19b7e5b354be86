"""The callback program tested as a user tests theirs: seeded calls, real boto3, the tasks it
starts found by the same searches it runs."""

from __future__ import annotations

import datetime

import boto3
from callback_tasks import open_callbacks, start_callbacks
from freezegun import freeze_time

from connect_contacts_mock import ContactStore

UTC = datetime.timezone.utc
NOW = datetime.datetime(2024, 5, 10, 8, tzinfo=UTC)
YESTERDAY = NOW.date() - datetime.timedelta(days=1)


def call(hour: int, number: str, *, answered: bool = False) -> dict[str, object]:
    at = datetime.datetime.combine(YESTERDAY, datetime.time(hour), tzinfo=UTC)
    contact: dict[str, object] = {
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at,
        "CustomerEndpoint": {"Type": "TELEPHONE_NUMBER", "Address": number},
        "Attributes": {"Plan": "Gold"},
    }
    if answered:
        contact["AgentInfo"] = {"Id": "agent-1", "ConnectedToAgentTimestamp": at}
    return contact


@freeze_time(NOW)
def test_every_unanswered_call_gets_one_callback_task_even_when_run_twice(
    connect_contacts: ContactStore,
) -> None:
    missed = connect_contacts.add(call(9, "+15555550101"))
    connect_contacts.add(call(10, "+15555550102", answered=True))
    client = boto3.client("connect", region_name="us-east-1")
    instance = connect_contacts.instance_id

    first = start_callbacks(client, instance, "flow-1", YESTERDAY)
    again = start_callbacks(client, instance, "flow-1", YESTERDAY)

    assert [callback.call_id for callback in first] == [missed]
    assert again == first  # the ClientToken made the second run start nothing
    task = client.describe_contact(InstanceId=instance, ContactId=first[0].task_id)["Contact"]
    assert (task["Channel"], task["InitiationMethod"], task["Name"]) == (
        "TASK",
        "API",
        "Call back +15555550101",
    )
    assert task["RelatedContactId"] == missed
    assert task["InitiationTimestamp"] == NOW
    assert client.get_contact_attributes(InstanceId=instance, InitialContactId=task["Id"])[
        "Attributes"
    ] == {"Plan": "Gold"}  # copied from the call it is for
    assert len(connect_contacts.calls_to("StartTaskContact")) == 2


@freeze_time(NOW)
def test_a_stopped_callback_is_no_longer_open(connect_contacts: ContactStore) -> None:
    connect_contacts.add_many([call(9, "+15555550101"), call(11, "+15555550103")])
    client = boto3.client("connect", region_name="us-east-1")
    instance = connect_contacts.instance_id
    callbacks = start_callbacks(client, instance, "flow-1", YESTERDAY)

    client.stop_contact(InstanceId=instance, ContactId=callbacks[0].task_id)

    since = NOW - datetime.timedelta(minutes=1)
    assert open_callbacks(client, instance, since) == ["Call back +15555550103"]
