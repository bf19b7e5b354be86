"""The lifecycle helpers (contact-operations spec, section 1.1): a test moves a contact through
queue, agent and after-contact work as a contact centre would, and boto3 sees each step."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import A1, A2, I1, NOW, Q1, Q2, group
from connect_contacts_mock import ContactStore, InvalidContactError
from connect_contacts_mock.errors import MockUsageError

CALL = "v1000000-0000-4000-8000-000000000001"
TASK = "t1000000-0000-4000-8000-000000000001"
STARTED = NOW - datetime.timedelta(minutes=10)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def store(connect_contacts: ContactStore) -> Iterator[ContactStore]:
    """An inbound call that started 10 minutes before the frozen now, in instance I1."""
    connect_contacts.add(
        {
            "Id": CALL,
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": STARTED,
        },
        instance_id=I1,
    )
    with freeze_time(NOW):
        yield connect_contacts


def described(client: Any, contact_id: str = CALL) -> dict[str, Any]:
    contact: dict[str, Any] = client.describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def found(client: Any, kind: str, **criteria: Any) -> list[str]:
    """The contacts whose `kind` timestamp falls in the hour around now."""
    request: dict[str, Any] = {
        "InstanceId": I1,
        "TimeRange": {
            "Type": kind,
            "StartTime": NOW - datetime.timedelta(hours=1),
            "EndTime": NOW + datetime.timedelta(hours=1),
        },
    }
    if criteria:
        request["SearchCriteria"] = criteria
    return [contact["Id"] for contact in client.search_contacts(**request)["Contacts"]]


# -- the steps, as boto3 sees them ---------------------------------------------------------


def test_queue_puts_the_contact_in_a_queue_now(store: ContactStore, client: Any) -> None:
    returned = store.queue(CALL, Q1, instance_id=I1)
    contact = described(client)
    assert contact["QueueInfo"] == {"Id": Q1, "EnqueueTimestamp": NOW}
    assert contact["LastUpdateTimestamp"] == NOW
    assert returned == store.get(CALL, instance_id=I1)
    assert found(client, "ENQUEUE_TIMESTAMP", QueueIds=[Q1]) == [CALL]


def test_connect_agent_stamps_acceptance_and_connection_now(
    store: ContactStore, client: Any
) -> None:
    """Found by CONNECTED_TO_AGENT_TIMESTAMP and the agent's id once connected."""
    store.queue(CALL, Q1, instance_id=I1)
    assert found(client, "CONNECTED_TO_AGENT_TIMESTAMP") == []
    with freeze_time(NOW + MINUTE):
        store.connect_agent(CALL, A1, instance_id=I1)
        agent = described(client)["AgentInfo"]
        assert agent == {
            "Id": A1,
            "AcceptedByAgentTimestamp": NOW + MINUTE,
            "ConnectedToAgentTimestamp": NOW + MINUTE,
        }
        assert found(client, "CONNECTED_TO_AGENT_TIMESTAMP", AgentIds=[A1]) == [CALL]
        assert found(client, "CONNECTED_TO_AGENT_TIMESTAMP", AgentIds=[A2]) == []
        assert described(client)["QueueInfo"] == {"Id": Q1, "EnqueueTimestamp": NOW}


def test_a_contact_can_be_connected_without_a_queue(store: ContactStore, client: Any) -> None:
    """An outbound call reaches its agent without waiting in a queue."""
    store.connect_agent(CALL, A1, instance_id=I1)
    assert "QueueInfo" not in described(client)
    assert found(client, "CONNECTED_TO_AGENT_TIMESTAMP") == [CALL]


def test_connect_agent_keeps_what_is_stored_of_that_agent_only(
    store: ContactStore, client: Any
) -> None:
    """HierarchyGroups seeded for the agent stay; those of another agent go."""
    store.add(
        {
            "Id": TASK,
            "Channel": "TASK",
            "InitiationMethod": "API",
            "InitiationTimestamp": STARTED,
            "AgentInfo": {"Id": A1, "HierarchyGroups": {"Level1": group("H1")}},
        },
        instance_id=I1,
    )
    store.connect_agent(TASK, A1, instance_id=I1)
    assert described(client, TASK)["AgentInfo"]["HierarchyGroups"] == {"Level1": group("H1")}
    store.add(
        {
            "Id": "other",
            "Channel": "TASK",
            "InitiationMethod": "API",
            "InitiationTimestamp": STARTED,
            "AgentInfo": {"Id": A2, "HierarchyGroups": {"Level1": group("H1")}},
        },
        instance_id=I1,
    )
    store.connect_agent("other", A1, instance_id=I1)
    assert "HierarchyGroups" not in described(client, "other")["AgentInfo"]


def test_after_contact_work_of_a_contact_in_progress_ends_it_now(
    store: ContactStore, client: Any
) -> None:
    """No ACW time passes when the conversation and ACW end in the same instant."""
    store.queue(CALL, Q1, instance_id=I1)
    store.connect_agent(CALL, A1, instance_id=I1)
    store.end_after_contact_work(CALL, instance_id=I1)
    contact = described(client)
    assert contact["DisconnectTimestamp"] == NOW
    assert "DisconnectReason" not in contact
    agent = contact["AgentInfo"]
    assert (agent["AfterContactWorkStartTimestamp"], agent["AfterContactWorkEndTimestamp"]) == (
        NOW,
        NOW,
    )
    assert agent["AfterContactWorkDuration"] == 0
    assert found(client, "DISCONNECT_TIMESTAMP") == [CALL]


def test_after_contact_work_runs_from_the_stop_to_now(store: ContactStore, client: Any) -> None:
    """A full walk: queued, connected, stopped through boto3, then 95 s of ACW."""
    store.queue(CALL, Q1, instance_id=I1)
    store.connect_agent(CALL, A1, instance_id=I1)
    with freeze_time(NOW + MINUTE):
        client.stop_contact(InstanceId=I1, ContactId=CALL)
    with freeze_time(NOW + MINUTE + datetime.timedelta(seconds=95)):
        store.end_after_contact_work(CALL, instance_id=I1)
    contact = described(client)
    assert (contact["DisconnectTimestamp"], contact["DisconnectReason"]) == (NOW + MINUTE, "OTHER")
    agent = contact["AgentInfo"]
    assert agent["AfterContactWorkStartTimestamp"] == NOW + MINUTE
    assert agent["AfterContactWorkEndTimestamp"] == NOW + MINUTE + datetime.timedelta(seconds=95)
    assert agent["AfterContactWorkDuration"] == 95
    assert contact["LastUpdateTimestamp"] == NOW + MINUTE + datetime.timedelta(seconds=95)


def test_the_default_instance_is_used_without_instance_id(connect_contacts: ContactStore) -> None:
    contact_id = connect_contacts.add(
        {"Channel": "CHAT", "InitiationMethod": "API", "InitiationTimestamp": STARTED}
    )
    with freeze_time(NOW):
        assert connect_contacts.queue(contact_id, Q2)["QueueInfo"]["Id"] == Q2


# -- steps that make no sense ----------------------------------------------------------------


def _refused(store: ContactStore, step: Any, match: str) -> None:
    before = list(store)
    with pytest.raises(InvalidContactError, match=match):
        step()
    assert list(store) == before


def test_connecting_an_ended_contact_is_refused(store: ContactStore, client: Any) -> None:
    client.stop_contact(InstanceId=I1, ContactId=CALL)
    _refused(
        store,
        lambda: store.connect_agent(CALL, A1, instance_id=I1),
        r"cannot connect contact 'v1.*' to agent 'agent-a1': it ended at 2024-05-10T00:00:00Z",
    )
    _refused(store, lambda: store.queue(CALL, Q1, instance_id=I1), "cannot queue .* ended")


def test_an_expired_task_counts_as_ended(store: ContactStore) -> None:
    store.add(
        {
            "Id": TASK,
            "Channel": "TASK",
            "InitiationMethod": "API",
            "InitiationTimestamp": STARTED,
            "SegmentAttributes": {
                "connect:ContactExpiry": {
                    "ValueMap": {"ExpiryTimeStamp": {"ValueString": "2024-05-09T23:55:00Z"}}
                }
            },
        },
        instance_id=I1,
    )
    _refused(
        store,
        lambda: store.connect_agent(TASK, A1, instance_id=I1),
        "it expired at 2024-05-09T23:55:00Z",
    )


def test_connecting_twice_is_refused(store: ContactStore) -> None:
    store.connect_agent(CALL, A1, instance_id=I1)
    _refused(
        store,
        lambda: store.connect_agent(CALL, A2, instance_id=I1),
        "it was connected to agent 'agent-a1' at 2024-05-10T00:00:00Z",
    )


def test_queueing_a_connected_or_queued_contact_is_refused(store: ContactStore) -> None:
    store.queue(CALL, Q1, instance_id=I1)
    _refused(store, lambda: store.queue(CALL, Q2, instance_id=I1), "already waits in queue")
    store.connect_agent(CALL, A1, instance_id=I1)
    _refused(store, lambda: store.queue(CALL, Q2, instance_id=I1), "connected to agent")


def test_a_paused_task_is_neither_queued_nor_connected(store: ContactStore, client: Any) -> None:
    store.add(
        {"Id": TASK, "Channel": "TASK", "InitiationMethod": "API", "InitiationTimestamp": STARTED},
        instance_id=I1,
    )
    client.pause_contact(InstanceId=I1, ContactId=TASK)
    _refused(store, lambda: store.queue(TASK, Q1, instance_id=I1), "paused.*resume it first")
    _refused(store, lambda: store.connect_agent(TASK, A1, instance_id=I1), "paused")


def test_after_contact_work_needs_an_agent_and_ends_once(store: ContactStore) -> None:
    _refused(
        store,
        lambda: store.end_after_contact_work(CALL, instance_id=I1),
        "never connected to an agent",
    )
    store.connect_agent(CALL, A1, instance_id=I1)
    store.end_after_contact_work(CALL, instance_id=I1)
    _refused(
        store,
        lambda: store.end_after_contact_work(CALL, instance_id=I1),
        "already ended at 2024-05-10T00:00:00Z",
    )


def test_a_contact_that_starts_after_now_is_refused(store: ContactStore) -> None:
    later = store.add(
        {
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": NOW + MINUTE,
        },
        instance_id=I1,
    )
    _refused(store, lambda: store.queue(later, Q1, instance_id=I1), "move the clock")


# -- misuse ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: s.queue("nope", Q1, instance_id=I1), "no contact 'nope' in instance"),
        (lambda s: s.connect_agent(CALL, A1, instance_id="elsewhere"), "no instance 'elsewhere'"),
        (lambda s: s.end_after_contact_work(CALL), "no contact 'v1"),
        (lambda s: s.connect_agent(CALL, "", instance_id=I1), "agent_id must be a non-empty"),
        (lambda s: s.queue(CALL, None, instance_id=I1), "queue_id must be a non-empty"),
    ],
    ids=["unknown-contact", "unknown-instance", "default-instance", "empty-agent", "no-queue"],
)
def test_misuse_is_a_mock_usage_error(store: ContactStore, call: Any, match: str) -> None:
    before = list(store)
    with pytest.raises(MockUsageError, match=match):
        call(store)
    assert list(store) == before
