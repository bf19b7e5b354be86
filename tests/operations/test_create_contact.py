"""CreateContact (contact-operations spec, sections 1.2, 4, 4.7, 6 and cases 30 and 31).

The fixture's clock is frozen at 2024-05-10T00:00Z; C1 {Plan: Gold, Secret: x} is the initial
contact of C6.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import C1, I1, NOW
from connect_contacts_mock import ContactStore

from ._harness import client, error_of, sent

EXAMPLES = {
    "CreateContact": lambda connect: connect.create_contact(
        InstanceId=I1, Channel="TASK", InitiationMethod="API", Name="Imported"
    ),
}

AROUND_NOW = {
    "Type": "INITIATION_TIMESTAMP",
    "StartTime": NOW - datetime.timedelta(hours=1),
    "EndTime": NOW + datetime.timedelta(hours=1),
}


def create(**params: Any) -> dict[str, Any]:
    request = {"InstanceId": I1, "Channel": "TASK", "InitiationMethod": "API", **params}
    answer: dict[str, Any] = client().create_contact(**request)
    return answer


def described(contact_id: str) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def refused(**params: Any) -> tuple[str, int, str]:
    request = {"InstanceId": I1, "Channel": "TASK", "InitiationMethod": "API", **params}
    return error_of(lambda: client().create_contact(**request))


def subtype(contact: dict[str, Any]) -> str | None:
    value: str | None = (
        contact.get("SegmentAttributes", {}).get("connect:Subtype", {}).get("ValueString")
    )
    return value


def test_create_contact_is_a_put_of_its_path(operations_store: ContactStore) -> None:
    request = sent(EXAMPLES["CreateContact"])
    assert (request.method, request.url.split(".com", 1)[1]) == (
        "PUT",
        "/contact/create-contact",
    )


def test_a_completed_task_is_an_external_task_ended_now(operations_store: ContactStore) -> None:
    """Case 30: {ContactId, ContactArn}; subtype connect:ExternalTask; DisconnectTimestamp
    now, so DISCONNECT_TIMESTAMP finds it at once."""
    answer = create(InitiateAs="COMPLETED", Name="Imported")
    contact_id = answer["ContactId"]
    assert answer["ContactArn"] == (
        f"arn:aws:connect:us-east-1:123456789012:instance/{I1}/contact/{contact_id}"
    )
    contact = described(contact_id)
    assert (contact["Channel"], contact["InitiationMethod"]) == ("TASK", "API")
    assert subtype(contact) == "connect:ExternalTask"
    assert contact["DisconnectTimestamp"] == NOW == contact["InitiationTimestamp"]
    assert contact["InitialContactId"] == contact_id
    window = {**AROUND_NOW, "Type": "DISCONNECT_TIMESTAMP"}
    hits = client().search_contacts(InstanceId=I1, TimeRange=window)["Contacts"]
    assert [hit["Id"] for hit in hits] == [contact_id]


def test_a_task_created_without_initiate_as_is_ongoing_with_a_7_day_expiry(
    operations_store: ContactStore,
) -> None:
    contact = described(create()["ContactId"])
    assert "DisconnectTimestamp" not in contact
    expiry = contact["SegmentAttributes"]["connect:ContactExpiry"]["ValueMap"]
    assert expiry["ExpiryDuration"] == {"ValueInteger": 10080}


def test_expiry_duration_in_minutes_sets_the_contact_expiry(operations_store: ContactStore) -> None:
    contact = described(create(ExpiryDurationInMinutes=90)["ContactId"])
    expiry = contact["SegmentAttributes"]["connect:ContactExpiry"]["ValueMap"]
    assert expiry == {
        "ExpiryDuration": {"ValueInteger": 90},
        "ExpiryTimeStamp": {"ValueString": "2024-05-10T01:30:00Z"},
    }


@pytest.mark.parametrize(
    ("channel", "method"),
    [
        ("CHAT", "API"),
        ("CHAT", "INBOUND"),
        ("VOICE", "INBOUND"),
        ("EMAIL", "INBOUND"),
        ("TASK", "TRANSFER"),
    ],
)
def test_an_unsupported_channel_and_method_is_refused(
    operations_store: ContactStore, channel: str, method: str
) -> None:
    """Case 30: CHAT is not supported; each channel has its initiation methods."""
    before = list(operations_store)
    code, status, message = refused(Channel=channel, InitiationMethod=method)
    assert (code, status) == ("InvalidParameterException", 400)
    assert f"does not create {channel} contacts initiated by {method}" in message
    assert list(operations_store) == before


@pytest.mark.parametrize(
    ("channel", "method", "extra", "expected_subtype"),
    [
        ("VOICE", "TRANSFER", {}, "connect:ExternalAudio"),
        ("EMAIL", "FLOW", {}, None),
        ("EMAIL", "OUTBOUND", {"UserInfo": {"UserId": "u1"}}, None),
        ("EMAIL", "AGENT_REPLY", {"UserInfo": {"UserId": "u1"}}, None),
    ],
)
def test_each_supported_pair_creates_its_contact(
    operations_store: ContactStore,
    channel: str,
    method: str,
    extra: dict[str, Any],
    expected_subtype: str | None,
) -> None:
    contact = described(create(Channel=channel, InitiationMethod=method, **extra)["ContactId"])
    assert (contact["Channel"], contact["InitiationMethod"]) == (channel, method)
    assert subtype(contact) == expected_subtype


def test_the_documented_subtype_wins_over_the_request(operations_store: ContactStore) -> None:
    segments = {"connect:Subtype": {"ValueString": "connect:Chat"}}
    contact = described(create(SegmentAttributes=segments)["ContactId"])
    assert subtype(contact) == "connect:ExternalTask"


@pytest.mark.parametrize(
    ("params", "member"),
    [
        (
            {"Channel": "VOICE", "InitiationMethod": "TRANSFER", "InitiateAs": "COMPLETED"},
            "InitiateAs",
        ),
        ({"Channel": "EMAIL", "InitiationMethod": "OUTBOUND"}, "UserInfo.UserId"),
        ({"Channel": "EMAIL", "InitiationMethod": "AGENT_REPLY"}, "UserInfo.UserId"),
        ({"InitiateAs": "CONNECTED_TO_USER"}, "UserInfo.UserId"),
        ({"PreviousContactId": C1}, "PreviousContactId"),
        ({"ExpiryDurationInMinutes": 0}, "ExpiryDurationInMinutes"),
        (
            {
                "ExpiryDurationInMinutes": 5,
                "SegmentAttributes": {
                    "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 5}}}
                },
            },
            "ExpiryDurationInMinutes, SegmentAttributes.connect:ContactExpiry",
        ),
        ({"Attributes": {"bad key": "1"}}, "Attributes"),
    ],
    ids=[
        "completed-voice",
        "outbound-email-without-user",
        "agent-reply-email-without-user",
        "connected-without-user",
        "previous-contact-on-a-task",
        "zero-minute-expiry",
        "two-expiries",
        "bad-attribute-key",
    ],
)
def test_a_request_the_service_refuses_creates_nothing(
    operations_store: ContactStore, params: dict[str, Any], member: str
) -> None:
    before = list(operations_store)
    code, status, message = refused(**params)
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith(f"{member}:"), message
    assert list(operations_store) == before


def test_connected_to_user_connects_the_contact_to_that_user_now(
    operations_store: ContactStore,
) -> None:
    contact_id = create(InitiateAs="CONNECTED_TO_USER", UserInfo={"UserId": "agent-9"})["ContactId"]
    agent = described(contact_id)["AgentInfo"]
    assert agent == {"Id": "agent-9", "ConnectedToAgentTimestamp": NOW}
    hits = client().search_contacts(
        InstanceId=I1, TimeRange=AROUND_NOW, SearchCriteria={"AgentIds": ["agent-9"]}
    )["Contacts"]
    assert [hit["Id"] for hit in hits] == [contact_id]


def test_an_external_audio_transfer_continues_the_chain_of_its_previous_contact(
    operations_store: ContactStore,
) -> None:
    """VOICE + TRANSFER with PreviousContactId joins the chain as a transfer does (5.2)."""
    contact_id = create(Channel="VOICE", InitiationMethod="TRANSFER", PreviousContactId=C1)[
        "ContactId"
    ]
    contact = described(contact_id)
    assert (contact["PreviousContactId"], contact["InitialContactId"]) == (C1, C1)
    assert contact["Attributes"] == {"Plan": "Gold", "Secret": "x"}
    tree = client().list_associated_contacts(InstanceId=I1, ContactId=C1)["ContactSummaryList"]
    assert contact_id in [summary["ContactId"] for summary in tree]


def test_an_attachment_reference_is_accepted(operations_store: ContactStore) -> None:
    """CreateContact takes URL | NUMBER | STRING | DATE | EMAIL | ATTACHMENT."""
    reference = {"file": {"Type": "ATTACHMENT", "Value": "https://files/1"}}
    contact_id = create(References=reference)["ContactId"]
    listed = client().list_contact_references(
        InstanceId=I1, ContactId=contact_id, ReferenceTypes=["ATTACHMENT"]
    )["ReferenceSummaryList"]
    assert [summary["Attachment"]["Name"] for summary in listed] == ["file"]


def test_a_related_contact_lends_its_attributes(operations_store: ContactStore) -> None:
    contact = described(create(RelatedContactId=C1, Attributes={"New": "1"})["ContactId"])
    assert contact["RelatedContactId"] == C1
    assert contact["Attributes"] == {"Plan": "Gold", "Secret": "x", "New": "1"}


def test_the_same_client_token_answers_the_same_contact(operations_store: ContactStore) -> None:
    count = len(operations_store)
    first = create(ClientToken="t1")
    again = create(ClientToken="t1")
    assert (again["ContactId"], again["ContactArn"]) == (first["ContactId"], first["ContactArn"])
    assert len(operations_store) == count + 1


def test_the_same_client_token_with_other_parameters_is_an_idempotency_error(
    operations_store: ContactStore,
) -> None:
    """Case 31: CreateContact models IdempotencyException (409)."""
    create(ClientToken="t1")
    count = len(operations_store)
    code, status, message = refused(ClientToken="t1", Name="Other")
    assert (code, status) == ("IdempotencyException", 409)
    assert "ClientToken 't1'" in message
    assert len(operations_store) == count
