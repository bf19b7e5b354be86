"""StopContact (contact-operations spec, sections 0.1, 0.4, 5.1, 7 and cases 3, 7, 19, 32, 33).

In the fixture C1 is an ended inbound voice call, C2 a chat in progress (queued, connected to
agent A2), C3 a task without an expiry (scheduled for 2024-05-02, not ended), C4 a queued
email, C6 an ended voice TRANSFER, C7 past the 24-month retention, X1 lives in instance I2.
Tests that need a running task seed one as StartTaskContact makes it.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import C1, C2, C3, C4, C7, I1, NOW, Q1, at
from connect_contacts_mock import ContactStore

from ._harness import X1, client, error_of, sent

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    "StopContact": lambda connect: connect.stop_contact(InstanceId=I1, ContactId=C2),
}

TASK = "t1000000-0000-4000-8000-000000000001"
#: The one-hour window around the fixture's now.
AROUND_NOW = {
    "Type": "DISCONNECT_TIMESTAMP",
    "StartTime": NOW - datetime.timedelta(hours=1),
    "EndTime": NOW + datetime.timedelta(hours=1),
}


def add_task(store: ContactStore, contact_id: str = TASK, **members: Any) -> str:
    """A task as StartTaskContact makes it at 2024-05-09T12:00Z: API-initiated, queued in Q1,
    expiring 7 days later."""
    started = NOW - datetime.timedelta(hours=12)
    expiry = (started + datetime.timedelta(days=7)).isoformat().replace("+00:00", "Z")
    task: dict[str, Any] = {
        "Id": contact_id,
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": started,
        "Name": "Call back",
        "InitialContactId": contact_id,
        "QueueInfo": {"Id": Q1, "EnqueueTimestamp": started},
        "SegmentAttributes": {
            "connect:ContactExpiry": {
                "ValueMap": {
                    "ExpiryDuration": {"ValueInteger": 10080},
                    "ExpiryTimeStamp": {"ValueString": expiry},
                }
            }
        },
        **members,
    }
    return store.add(task, instance_id=I1)


def stop(contact_id: str, instance_id: str = I1, **members: Any) -> dict[str, Any]:
    answer: dict[str, Any] = client().stop_contact(
        InstanceId=instance_id, ContactId=contact_id, **members
    )
    return answer


def described(contact_id: str) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def ended_around_now() -> list[str]:
    found = client().search_contacts(InstanceId=I1, TimeRange=AROUND_NOW)
    return [contact["Id"] for contact in found["Contacts"]]


# -- wire ------------------------------------------------------------------------------------


def test_stop_contact_posts_the_contact_in_the_body(operations_store: ContactStore) -> None:
    request = sent(EXAMPLES["StopContact"])
    assert request.method == "POST"
    assert request.url.endswith("/contact/stop")
    assert json.loads(request.body) == {"InstanceId": I1, "ContactId": C2}


def test_a_stop_is_answered_200_with_an_empty_body(operations_store: ContactStore) -> None:
    """Case 3: boto3 returns only ResponseMetadata."""
    answer = stop(C2)
    assert set(answer) == {"ResponseMetadata"}
    call = operations_store.calls_to("StopContact")[-1]
    assert (call.status, call.body) == (200, b"")


# -- success ---------------------------------------------------------------------------------


def test_a_stopped_chat_ends_now_without_a_reason_and_is_searched_by_its_end(
    operations_store: ContactStore,
) -> None:
    """Case 32: DisconnectTimestamp now, no DisconnectReason ("Contacts ended by flows or
    APIs" have none for chat), found by DISCONNECT_TIMESTAMP; queue and agent kept."""
    assert C2 not in ended_around_now()
    before = described(C2)
    stop(C2)
    contact = described(C2)
    assert contact["DisconnectTimestamp"] == NOW
    assert contact["LastUpdateTimestamp"] == NOW
    assert "DisconnectReason" not in contact
    assert contact["QueueInfo"] == before["QueueInfo"]
    assert contact["AgentInfo"] == before["AgentInfo"]
    assert ended_around_now() == [C2]


def test_a_stopped_chat_no_longer_matches_not_exists_disconnect(
    operations_store: ContactStore,
) -> None:
    """Section 7: `NOT_EXISTS DISCONNECT_TIMESTAMP` stops matching the stopped contact."""
    still_open = {
        "AdditionalTimeRange": {
            "Criteria": [
                {
                    "TimestampCondition": {
                        "Type": "DISCONNECT_TIMESTAMP",
                        "ConditionType": "NOT_EXISTS",
                    }
                }
            ],
            "MatchType": "MATCH_ALL",
        }
    }
    window = {"Type": "INITIATION_TIMESTAMP", "StartTime": at(0), "EndTime": at(0, day=2)}

    def open_contacts() -> set[str]:
        found = client().search_contacts(InstanceId=I1, TimeRange=window, SearchCriteria=still_open)
        return {contact["Id"] for contact in found["Contacts"]}

    assert open_contacts() == {C2, C3, C4}
    stop(C2)
    assert open_contacts() == {C3, C4}


def test_a_stopped_chat_shows_its_analysis_completed(operations_store: ContactStore) -> None:
    """Case 19: the segments V2 Status follows the stop."""

    def status() -> str:
        answer = client().list_realtime_contact_analysis_segments_v2(
            InstanceId=I1, ContactId=C2, OutputType="Raw", SegmentTypes=["Transcript"]
        )
        return str(answer["Status"])

    assert status() == "IN_PROGRESS"
    stop(C2)
    assert status() == "COMPLETED"


def test_a_stopped_task_gets_the_reason_api(operations_store: ContactStore) -> None:
    """Case 33: "The StopContact API was called"."""
    add_task(operations_store)
    stop(TASK)
    contact = described(TASK)
    assert (contact["DisconnectTimestamp"], contact["DisconnectReason"]) == (NOW, "API")
    assert contact["QueueInfo"]["Id"] == Q1


@pytest.mark.parametrize(
    ("channel", "method", "reason"),
    [("EMAIL", "INBOUND", "API"), ("VOICE", "INBOUND", "OTHER"), ("VOICE", "OUTBOUND", "OTHER")],
)
def test_the_default_reason_follows_the_channel(
    operations_store: ContactStore, channel: str, method: str, reason: str
) -> None:
    contact_id = operations_store.add(
        {"Channel": channel, "InitiationMethod": method, "InitiationTimestamp": at(15)},
        instance_id=I1,
    )
    stop(contact_id)
    assert described(contact_id)["DisconnectReason"] == reason


def test_the_reason_code_sent_is_recorded(operations_store: ContactStore) -> None:
    """`DisconnectReason.Code` (outbound campaigns) replaces the default."""
    add_task(operations_store)
    stop(TASK, DisconnectReason={"Code": "OUTBOUND_PREVIEW"})
    assert described(TASK)["DisconnectReason"] == "OUTBOUND_PREVIEW"


def test_a_connected_contact_gets_no_after_contact_work(operations_store: ContactStore) -> None:
    stop(C2)
    assert not any(name.startswith("AfterContactWork") for name in described(C2)["AgentInfo"])


def test_a_paused_task_can_be_stopped(operations_store: ContactStore) -> None:
    """ "Chat and task contacts can be terminated in any state"."""
    client().pause_contact(InstanceId=I1, ContactId=C3)
    stop(C3)
    assert described(C3)["DisconnectReason"] == "API"


def test_only_the_contact_named_changes(operations_store: ContactStore) -> None:
    before = {contact["Id"]: contact for contact in operations_store}
    stop(C4)
    after = {contact["Id"]: contact for contact in operations_store}
    assert {key for key in before if after[key] != before[key]} == {C4}
    assert after[C4] == {
        **before[C4],
        "DisconnectTimestamp": NOW,
        "DisconnectReason": "API",
        "LastUpdateTimestamp": NOW,
    }


# -- refusals --------------------------------------------------------------------------------


def test_a_second_stop_of_a_chat_is_an_invalid_request(operations_store: ContactStore) -> None:
    """Case 32 [P]: an ended chat, task or email is InvalidRequestException."""
    stop(C2)
    before = list(operations_store)
    with freeze_time(NOW + datetime.timedelta(minutes=5)):
        code, status, message = error_of(lambda: stop(C2))
    assert (code, status) == ("InvalidRequestException", 400)
    assert message.startswith("Contact has already ended")
    assert "2024-05-10T00:00:00Z" in message
    assert list(operations_store) == before


def test_an_ended_voice_contact_is_contact_not_found_not_active(
    operations_store: ContactStore,
) -> None:
    """Case 33 [P]: C1 ended at 10:05; 410 is not retried."""
    before = list(operations_store)
    code, status, message = error_of(lambda: stop(C1))
    assert (code, status) == ("ContactNotFoundException", 410)
    assert message.startswith("Contact is not active")
    assert operations_store.calls_to("StopContact")[-1].status == 410
    assert len(operations_store.calls_to("StopContact")) == 1
    assert list(operations_store) == before


def test_an_expired_task_has_already_ended(operations_store: ContactStore) -> None:
    """Lazy expiry (spec 1.1) runs first: the task ends at its expiry, then the stop is an
    InvalidRequestException."""
    add_task(operations_store)
    with freeze_time(NOW + datetime.timedelta(days=7)):
        code, status, message = error_of(lambda: stop(TASK))
        contact = described(TASK)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "2024-05-16T12:00:00Z" in message
    assert contact["DisconnectReason"] == "EXPIRED"


@pytest.mark.parametrize(
    "method", ["DISCONNECT", "TRANSFER", "QUEUE_TRANSFER", "EXTERNAL_OUTBOUND", "MONITOR"]
)
def test_voice_contacts_of_some_initiation_methods_cannot_be_stopped(
    operations_store: ContactStore, method: str
) -> None:
    """ "It does not work for voice contacts that use the following initiation methods"."""
    contact_id = operations_store.add(
        {"Channel": "VOICE", "InitiationMethod": method, "InitiationTimestamp": at(15)},
        instance_id=I1,
    )
    before = list(operations_store)
    code, status, message = error_of(lambda: stop(contact_id))
    assert (code, status) == ("InvalidRequestException", 400)
    assert method in message
    assert list(operations_store) == before


def test_a_task_of_any_initiation_method_can_be_stopped(operations_store: ContactStore) -> None:
    """ "Chat and task contacts can be terminated in any state, regardless of initiation
    method"."""
    contact_id = operations_store.add(
        {"Channel": "TASK", "InitiationMethod": "TRANSFER", "InitiationTimestamp": at(15)},
        instance_id=I1,
    )
    stop(contact_id)
    assert described(contact_id)["DisconnectTimestamp"] == NOW


# -- lookups (section 0.4: StopContact's own not-found answer) -------------------------------

HIDDEN = {"of-another-instance": X1, "never-existed": "nope", "past-retention": C7}


@pytest.mark.parametrize("hidden", list(HIDDEN), ids=list(HIDDEN))
def test_a_hidden_contact_is_contact_not_found_and_changes_nothing(
    operations_store: ContactStore, hidden: str
) -> None:
    """Case 7 [P]: StopContact's variant of the registry guard's lookup check; 410 is not
    retried."""
    before = list(operations_store)
    try:
        stop(HIDDEN[hidden])
    except client().exceptions.ContactNotFoundException as error:
        response = error.response
    else:
        raise AssertionError("the stop succeeded")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 410
    assert response["ResponseMetadata"]["RetryAttempts"] == 0
    assert response["Error"]["Message"] == "Contact not found"
    assert list(operations_store) == before


def test_an_unknown_instance_is_resource_not_found_naming_it(
    operations_store: ContactStore,
) -> None:
    """Case 7: the instance lookup keeps the 404 of every operation."""
    code, status, message = error_of(lambda: stop(C2, instance_id="bad-instance"))
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert "bad-instance" in message
