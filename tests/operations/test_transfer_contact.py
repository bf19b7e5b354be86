"""TransferContact (contact-operations spec, sections 0.4, 1.2, 5.2, 6 and case 34).

In the fixture C3 is an ongoing task, C4 an ongoing queued email, C1 an ended voice call,
C2 an ongoing chat; the clock is frozen at 2024-05-10T00:00Z.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import C1, C2, C3, C4, I1, NOW, Q2, base_request
from connect_contacts_mock import ContactStore

from ._harness import client, error_of, sent

EXAMPLES = {
    "TransferContact": lambda connect: connect.transfer_contact(
        InstanceId=I1, ContactId=C3, ContactFlowId="f", QueueId=Q2
    ),
}

AROUND_NOW = {
    "Type": "INITIATION_TIMESTAMP",
    "StartTime": NOW - datetime.timedelta(hours=1),
    "EndTime": NOW + datetime.timedelta(hours=1),
}


def transfer(contact_id: str = C3, **params: Any) -> dict[str, Any]:
    request = {"InstanceId": I1, "ContactId": contact_id, "ContactFlowId": "f", **params}
    answer: dict[str, Any] = client().transfer_contact(**request)
    return answer


def refused(contact_id: str = C3, **params: Any) -> tuple[str, int, str]:
    request = {"InstanceId": I1, "ContactId": contact_id, "ContactFlowId": "f", **params}
    return error_of(lambda: client().transfer_contact(**request))


def described(contact_id: str) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def test_transfer_contact_is_a_post_of_contact_transfer(operations_store: ContactStore) -> None:
    request = sent(EXAMPLES["TransferContact"])
    assert (request.method, request.url.split(".com", 1)[1]) == ("POST", "/contact/transfer")


def test_a_transfer_to_a_queue_makes_a_new_contact_following_the_original(
    operations_store: ContactStore,
) -> None:
    """Case 34: a new ContactId N != C3, InitiationMethod TRANSFER, PreviousContactId and
    InitialContactId C3, queued in Q2 now; C3 ends now."""
    answer = transfer(QueueId=Q2)
    new_id = answer["ContactId"]
    assert new_id != C3
    assert answer["ContactArn"].endswith(f":instance/{I1}/contact/{new_id}")
    contact = described(new_id)
    assert (contact["Channel"], contact["InitiationMethod"]) == ("TASK", "TRANSFER")
    assert (contact["PreviousContactId"], contact["InitialContactId"]) == (C3, C3)
    assert contact["ContactAssociationId"] == C3
    assert contact["InitiationTimestamp"] == NOW
    assert contact["QueueInfo"] == {"Id": Q2, "EnqueueTimestamp": NOW}
    assert contact["Name"] == "Refund order 123"
    original = described(C3)
    assert original["DisconnectTimestamp"] == NOW and original["LastUpdateTimestamp"] == NOW
    assert "DisconnectReason" not in original


def test_both_contacts_of_a_transfer_are_found(operations_store: ContactStore) -> None:
    new_id = transfer(QueueId=Q2)["ContactId"]
    search = client().search_contacts
    hits = search(
        InstanceId=I1,
        TimeRange=AROUND_NOW,
        SearchCriteria={"InitiationMethods": ["TRANSFER"], "QueueIds": [Q2]},
    )["Contacts"]
    assert [(hit["Id"], hit["PreviousContactId"], hit["InitialContactId"]) for hit in hits] == [
        (new_id, C3, C3)
    ]
    ended = search(InstanceId=I1, TimeRange={**AROUND_NOW, "Type": "DISCONNECT_TIMESTAMP"})
    assert [hit["Id"] for hit in ended["Contacts"]] == [C3]
    tree = client().list_associated_contacts(InstanceId=I1, ContactId=C3)["ContactSummaryList"]
    assert [summary["ContactId"] for summary in tree] == [C3, new_id]


def test_a_transfer_to_a_user_is_not_queued(operations_store: ContactStore) -> None:
    new_id = transfer(C4, UserId="agent-a9")["ContactId"]
    contact = described(new_id)
    assert (contact["Channel"], contact["InitiationMethod"]) == ("EMAIL", "TRANSFER")
    assert "QueueInfo" not in contact


def test_the_transferred_contact_shares_the_attribute_group(
    operations_store: ContactStore,
) -> None:
    client().update_contact_attributes(
        InstanceId=I1, InitialContactId=C3, Attributes={"Plan": "Gold"}
    )
    new_id = transfer(QueueId=Q2)["ContactId"]
    assert described(new_id)["Attributes"] == {"Plan": "Gold"}
    client().update_contact_attributes(
        InstanceId=I1, InitialContactId=new_id, Attributes={"Plan": "Platinum"}
    )
    assert described(C3)["Attributes"] == {"Plan": "Platinum"}


@pytest.mark.parametrize(
    "targets",
    [{"QueueId": Q2, "UserId": "agent-a9"}, {}],
    ids=["both", "neither"],
)
def test_a_transfer_needs_exactly_one_of_queue_and_user(
    operations_store: ContactStore, targets: dict[str, str]
) -> None:
    """Case 34: both QueueId and UserId is a 400 InvalidRequestException; so is neither."""
    before = list(operations_store)
    code, status, message = refused(**targets)
    assert (code, status) == ("InvalidRequestException", 400)
    assert message.startswith("QueueId, UserId: give exactly one")
    assert list(operations_store) == before


@pytest.mark.parametrize(("contact_id", "channel"), [(C1, "VOICE"), (C2, "CHAT")])
def test_voice_and_chat_contacts_cannot_be_transferred(
    operations_store: ContactStore, contact_id: str, channel: str
) -> None:
    """Case 34: transferring C1 (voice) is a 400 InvalidRequestException."""
    before = list(operations_store)
    code, status, message = refused(contact_id, QueueId=Q2)
    assert (code, status) == ("InvalidRequestException", 400)
    assert f"is a {channel} contact" in message
    assert list(operations_store) == before


def test_an_ended_contact_cannot_be_transferred(operations_store: ContactStore) -> None:
    transfer(QueueId=Q2)
    before = list(operations_store)
    code, status, message = refused(QueueId=Q2)
    assert (code, status) == ("InvalidRequestException", 400)
    assert "has ended" in message and "only on active contacts" in message
    assert list(operations_store) == before


def test_an_expired_task_cannot_be_transferred(operations_store: ContactStore) -> None:
    task = client().start_task_contact(
        InstanceId=I1,
        Name="Soon",
        ContactFlowId="f",
        SegmentAttributes={
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 60}}}
        },
    )["ContactId"]
    with freeze_time(NOW + datetime.timedelta(hours=2)):
        code, status, _ = refused(task, QueueId=Q2)
        assert (code, status) == ("InvalidRequestException", 400)
        assert described(task)["DisconnectReason"] == "EXPIRED"


def test_a_chain_transferred_11_times_is_over_the_quota(operations_store: ContactStore) -> None:
    current = C3
    for _ in range(11):
        current = transfer(current, QueueId=Q2)["ContactId"]
    before = list(operations_store)
    code, status, message = refused(current, QueueId=Q2)
    assert (code, status) == ("ServiceQuotaExceededException", 402)
    assert "more than 11 times" in message
    assert list(operations_store) == before


def test_the_same_client_token_answers_the_first_transfer(operations_store: ContactStore) -> None:
    """Section 6: the replay answers the first result although C3 has ended since."""
    count = len(operations_store)
    first = transfer(QueueId=Q2, ClientToken="t1")
    again = transfer(QueueId=Q2, ClientToken="t1")
    assert (again["ContactId"], again["ContactArn"]) == (first["ContactId"], first["ContactArn"])
    assert len(operations_store) == count + 1


def test_the_same_client_token_with_other_parameters_is_an_idempotency_error(
    operations_store: ContactStore,
) -> None:
    transfer(QueueId=Q2, ClientToken="t1")
    before = list(operations_store)
    code, status, _ = refused(C4, QueueId=Q2, ClientToken="t1")
    assert (code, status) == ("IdempotencyException", 409)
    assert list(operations_store) == before


def test_the_fixture_window_still_finds_the_original(operations_store: ContactStore) -> None:
    """The original keeps its initiation: the 2024-05-01 search still lists it."""
    transfer(QueueId=Q2)
    hits = client().search_contacts(**base_request(SearchCriteria={"Channels": ["TASK"]}))
    assert [hit["Id"] for hit in hits["Contacts"]] == [C3]
