"""Daily contact report: how many contacts each channel and queue had, from SearchContacts.

This is the kind of code connect-contacts-mock exists to test: it pages through
`search_contacts` with boto3's paginator and summarises what it finds. Run it as a script to see
it work against a mocked instance seeded with a few contacts:

    python examples/contact_report.py
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Report:
    """Contacts initiated in one day, counted by channel and by queue."""

    day: datetime.date
    total: int = 0
    by_channel: Counter[str] = field(default_factory=Counter)
    by_queue: Counter[str] = field(default_factory=Counter)
    unanswered: int = 0

    def lines(self) -> list[str]:
        rows = [f"Contacts on {self.day.isoformat()}: {self.total}"]
        rows += [
            f"  channel {name:<6} {count:>4}" for name, count in sorted(self.by_channel.items())
        ]
        rows += [
            f"  queue   {name:<12} {count:>4}" for name, count in sorted(self.by_queue.items())
        ]
        rows.append(f"  never connected to an agent: {self.unanswered}")
        return rows


def daily_report(client: Any, instance_id: str, day: datetime.date) -> Report:
    """Build the report of `day` (UTC) for one Connect instance."""
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.timezone.utc)
    pages = client.get_paginator("search_contacts").paginate(
        InstanceId=instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": start,
            "EndTime": start + datetime.timedelta(days=1) - datetime.timedelta(seconds=1),
        },
        Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"},
        PaginationConfig={"PageSize": 50},
    )
    report = Report(day)
    for page in pages:
        for contact in page["Contacts"]:
            report.total += 1
            report.by_channel[contact["Channel"]] += 1
            if "QueueInfo" in contact:
                report.by_queue[contact["QueueInfo"]["Id"]] += 1
            if "AgentInfo" not in contact:
                report.unanswered += 1
    return report


def _demo() -> None:
    import boto3

    from connect_contacts_mock import mock_search_contacts

    day = datetime.datetime.now(datetime.timezone.utc).date() - datetime.timedelta(days=1)
    at = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.timezone.utc)
    with mock_search_contacts() as contacts:
        for minute in range(0, 120, 7):
            contact: dict[str, Any] = {
                "Channel": ("VOICE", "CHAT", "EMAIL")[minute % 3],
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": at + datetime.timedelta(minutes=minute),
                "QueueInfo": {
                    "Id": "billing" if minute % 2 else "support",
                    "EnqueueTimestamp": at + datetime.timedelta(minutes=minute, seconds=20),
                },
            }
            if minute % 5:
                contact["AgentInfo"] = {
                    "Id": "agent-1",
                    "ConnectedToAgentTimestamp": at + datetime.timedelta(minutes=minute + 1),
                }
            contacts.add(contact)
        client = boto3.client("connect", region_name="us-east-1")
        print("\n".join(daily_report(client, contacts.instance_id, day).lines()))


if __name__ == "__main__":
    _demo()
