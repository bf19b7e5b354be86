"""The fixture of the spec's section 10, shared by the behaviour tests."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from connect_contacts_mock import ContactStore

UTC = datetime.timezone.utc
I1 = "11111111-1111-1111-1111-111111111111"
REGION = "us-east-1"
ACCOUNT = "123456789012"
NOW = datetime.datetime(2024, 5, 10, tzinfo=UTC)

A1, A2 = "agent-a1", "agent-a2"
Q1, Q2 = "queue-q1", "queue-q2"
C1, C2, C3, C4, C5, C6, C7 = (f"c{n}000000-0000-4000-8000-00000000000{n}" for n in range(1, 8))


def at(
    hour: int, minute: int = 0, second: int = 0, day: int = 1, month: int = 5, year: int = 2024
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def group(level_id: str) -> dict[str, str]:
    return {"Arn": f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{I1}/agent-group/{level_id}"}


def agent(agent_id: str, connected: datetime.datetime) -> dict[str, Any]:
    levels = {A1: ("H1", "H2"), A2: ("H1", "H3")}[agent_id]
    return {
        "Id": agent_id,
        "ConnectedToAgentTimestamp": connected,
        "HierarchyGroups": {"Level1": group(levels[0]), "Level2": group(levels[1])},
    }


def subtype(value: str) -> dict[str, Any]:
    return {"connect:Subtype": {"ValueString": value}}


SPEC_CONTACTS: list[dict[str, Any]] = [
    {
        "Id": C1,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(10),
        "QueueInfo": {"Id": Q1, "EnqueueTimestamp": at(10, 0, 30)},
        "AgentInfo": agent(A1, at(10, 1)),
        "DisconnectTimestamp": at(10, 5),
        "Attributes": {"Plan": "Gold", "Secret": "x"},
        "SegmentAttributes": subtype("connect:Telephony"),
        "Tags": {"Dept": "Sales"},
        "Transcript": [
            {"ParticipantRole": "AGENT", "Content": "Thank you for your business"},
            {"ParticipantRole": "CUSTOMER", "Content": "I want to CANCEL my flight"},
        ],
    },
    {
        "Id": C2,
        "Channel": "CHAT",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(11),
        "QueueInfo": {"Id": Q2, "EnqueueTimestamp": at(11, 0, 10)},
        "AgentInfo": agent(A2, at(11, 1)),
        "Attributes": {"Plan": "Silver"},
        "SegmentAttributes": subtype("connect:Chat"),
        "Transcript": [{"ParticipantRole": "CUSTOMER", "Content": "hello there"}],
    },
    {
        "Id": C3,
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": at(12),
        "ScheduledTimestamp": at(9, day=2),
        "Name": "Refund order 123",
        "Tags": {"Dept": "Support"},
    },
    {
        "Id": C4,
        "Channel": "EMAIL",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(13),
        "QueueInfo": {"Id": Q1, "EnqueueTimestamp": at(13, 0, 5)},
        "Name": "Customer Inquiry",
    },
    {
        "Id": C5,
        "Channel": "VOICE",
        "InitiationMethod": "OUTBOUND",
        "InitiationTimestamp": at(23, 59, 59, day=30, month=4),
        "AgentInfo": agent(A1, at(0, 0, 10)),
        "DisconnectTimestamp": at(0, 3),
    },
    {
        "Id": C6,
        "Channel": "VOICE",
        "InitiationMethod": "TRANSFER",
        "InitiationTimestamp": at(14),
        "QueueInfo": {"Id": Q2, "EnqueueTimestamp": at(14, 0, 5)},
        "AgentInfo": agent(A2, at(14, 0, 30)),
        "DisconnectTimestamp": at(14, 10),
        "InitialContactId": C1,
        "PreviousContactId": C1,
    },
    {
        "Id": C7,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(0, year=2022, month=1),
        "DisconnectTimestamp": at(0, 5, year=2022, month=1),
    },
]

NAMES = {C1: "C1", C2: "C2", C3: "C3", C4: "C4", C5: "C5", C6: "C6", C7: "C7"}


def base_request(**overrides: Any) -> dict[str, Any]:
    """`B` of the spec: instance I1, INITIATION_TIMESTAMP over 2024-05-01 UTC."""
    request: dict[str, Any] = {
        "InstanceId": I1,
        "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": at(0), "EndTime": at(0, day=2)},
    }
    request.update(overrides)
    return request


def names(response: dict[str, Any]) -> list[str]:
    """The spec's names (C1..C7) of the contacts in a response, in order."""
    return [NAMES.get(contact["Id"], contact["Id"]) for contact in response["Contacts"]]


@pytest.fixture
def client() -> Any:
    return boto3.client("connect", region_name=REGION)


@pytest.fixture
def spec_contacts(connect_contacts: ContactStore) -> Iterator[ContactStore]:
    """The section 10 fixture in instance I1, with the mock clock at 2024-05-10T00:00Z."""
    connect_contacts.add_many(SPEC_CONTACTS, instance_id=I1)
    with freeze_time(NOW):
        yield connect_contacts
