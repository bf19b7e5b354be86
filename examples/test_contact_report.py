"""The report is tested the way a user tests their own code: seeded contacts, real boto3."""

from __future__ import annotations

import datetime

import boto3
from contact_report import daily_report

from connect_contacts_mock import ContactStore

UTC = datetime.timezone.utc
DAY = datetime.datetime.now(UTC).date() - datetime.timedelta(days=1)  # yesterday


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(DAY, datetime.time(hour, minute), tzinfo=UTC)


def test_report_counts_contacts_of_the_day_by_channel_and_queue(
    connect_contacts: ContactStore,
) -> None:
    connect_contacts.add_many(
        [
            {
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": at(9),
                "QueueInfo": {"Id": "support", "EnqueueTimestamp": at(9, 1)},
                "AgentInfo": {"Id": "a1", "ConnectedToAgentTimestamp": at(9, 2)},
            },
            {
                "Channel": "CHAT",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": at(10),
                "QueueInfo": {"Id": "billing", "EnqueueTimestamp": at(10, 1)},
            },
            {"Channel": "VOICE", "InitiationMethod": "OUTBOUND", "InitiationTimestamp": at(23, 59)},
            # the day before and the day after are not part of the report
            {
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": at(0) - datetime.timedelta(seconds=1),
            },
            {
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": at(0) + datetime.timedelta(days=1),
            },
        ]
    )
    client = boto3.client("connect", region_name="us-east-1")

    report = daily_report(client, connect_contacts.instance_id, DAY)

    assert report.total == 3
    assert report.by_channel == {"VOICE": 2, "CHAT": 1}
    assert report.by_queue == {"support": 1, "billing": 1}
    assert report.unanswered == 2


def test_report_pages_through_more_contacts_than_one_page(connect_contacts: ContactStore) -> None:
    connect_contacts.add_many(
        {"Channel": "TASK", "InitiationMethod": "API", "InitiationTimestamp": at(12, minute)}
        for minute in range(0, 60)
        for _ in range(3)
    )
    client = boto3.client("connect", region_name="us-east-1")

    report = daily_report(client, connect_contacts.instance_id, DAY)

    assert report.total == 180
    assert len(connect_contacts.requests) == 4  # pages of 50
