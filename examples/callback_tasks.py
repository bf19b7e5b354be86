"""Callback tasks: a task for every call that never reached an agent, then a report of which
callbacks are still open.

The second kind of code connect-contacts-mock tests: it searches yesterday's unanswered calls,
starts a callback task for each (StartTaskContact, linked to the call with RelatedContactId so
the task carries the caller's attributes, and a ClientToken per call so that running it twice
starts no second task), and later lists the callback tasks that have not ended. Run it as a
script to see it work against a mocked instance:

    python examples/callback_tasks.py
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

UTC = datetime.timezone.utc


@dataclass(frozen=True)
class Callback:
    """A callback task and the call it is for."""

    task_id: str
    call_id: str
    name: str


def unanswered_calls(client: Any, instance_id: str, day: datetime.date) -> list[dict[str, Any]]:
    """Inbound voice calls of `day` (UTC) that were never connected to an agent."""
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=UTC)
    pages = client.get_paginator("search_contacts").paginate(
        InstanceId=instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": start,
            "EndTime": start + datetime.timedelta(days=1) - datetime.timedelta(seconds=1),
        },
        SearchCriteria={"Channels": ["VOICE"], "InitiationMethods": ["INBOUND"]},
        Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"},
    )
    return [contact for page in pages for contact in page["Contacts"] if "AgentInfo" not in contact]


def start_callbacks(
    client: Any, instance_id: str, flow_id: str, day: datetime.date
) -> list[Callback]:
    """One callback task per unanswered call of `day`; safe to run again (the ClientToken is
    the call's Id, so a second run returns the tasks the first one started)."""
    callbacks = []
    for call in unanswered_calls(client, instance_id, day):
        caller = client.describe_contact(InstanceId=instance_id, ContactId=call["Id"])["Contact"]
        number = caller.get("CustomerEndpoint", {}).get("Address", "unknown number")
        name = f"Call back {number}"
        started = client.start_task_contact(
            InstanceId=instance_id,
            ContactFlowId=flow_id,
            Name=name,
            RelatedContactId=call["Id"],
            ClientToken=f"callback-{call['Id']}",
        )
        callbacks.append(Callback(started["ContactId"], call["Id"], name))
    return callbacks


def open_callbacks(client: Any, instance_id: str, since: datetime.datetime) -> list[str]:
    """The names of the callback tasks started since `since` that have not ended yet."""
    found = client.search_contacts(
        InstanceId=instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": since,
            "EndTime": datetime.datetime.now(UTC),
        },
        SearchCriteria={
            "Channels": ["TASK"],
            "InitiationMethods": ["API"],
            "Name": {"SearchText": ["call back"], "MatchType": "MATCH_ALL"},
        },
    )
    return sorted(
        contact["Name"] for contact in found["Contacts"] if "DisconnectTimestamp" not in contact
    )


def _demo() -> None:
    import boto3

    from connect_contacts_mock import mock_search_contacts

    now = datetime.datetime.now(UTC)
    yesterday = now.date() - datetime.timedelta(days=1)
    at = datetime.datetime.combine(yesterday, datetime.time(9), tzinfo=UTC)
    with mock_search_contacts() as contacts:
        for minute, number in ((0, "+15555550101"), (12, "+15555550102"), (30, "+15555550103")):
            contacts.add(
                {
                    "Channel": "VOICE",
                    "InitiationMethod": "INBOUND",
                    "InitiationTimestamp": at + datetime.timedelta(minutes=minute),
                    "CustomerEndpoint": {"Type": "TELEPHONE_NUMBER", "Address": number},
                    **(
                        {"AgentInfo": {"Id": "agent-1", "ConnectedToAgentTimestamp": at}}
                        if minute == 12
                        else {}
                    ),
                }
            )
        client = boto3.client("connect", region_name="us-east-1")
        instance = contacts.instance_id
        callbacks = start_callbacks(client, instance, "callback-flow", yesterday)
        start_callbacks(client, instance, "callback-flow", yesterday)  # run twice: no new tasks
        client.stop_contact(InstanceId=instance, ContactId=callbacks[0].task_id)  # one done
        print(f"Started {len(callbacks)} callback tasks for yesterday's unanswered calls")
        print("Still open:")
        for name in open_callbacks(client, instance, now - datetime.timedelta(minutes=1)):
            print(f"  {name}")


if __name__ == "__main__":
    _demo()
