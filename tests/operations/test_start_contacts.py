"""StartChatContact, StartOutboundVoiceContact, StartOutboundChatContact, StartEmailContact and
StartWebRTCContact (contact-operations spec, sections 4.2 to 4.6, 6 and cases 28 and 29).

In the fixture C2 is an ongoing chat, C1 {Plan: Gold, Secret: x} an ended voice call; the clock
is frozen at 2024-05-10T00:00Z.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import C1, C2, I1, NOW
from connect_contacts_mock import ContactStore
from connect_contacts_mock.model import installed_model

from ._harness import client, default_attempts, error_of, sent

SMS_SOURCE = {
    "Type": "CONNECT_PHONENUMBER_ARN",
    "Address": f"arn:aws:connect:us-east-1:123456789012:instance/{I1}/phone-number/p1",
}
SMS_DESTINATION = {"Type": "TELEPHONE_NUMBER", "Address": "+15555550100"}
SMS = {"connect:Subtype": {"ValueString": "connect:SMS"}}
EMAIL_MESSAGE = {
    "MessageSourceType": "RAW",
    "RawMessage": {"Subject": "Order 42", "Body": "Where is it?", "ContentType": "text/plain"},
}


def _outbound_voice_example(connect: Any) -> Any:
    return connect.start_outbound_voice_contact(
        InstanceId=I1,
        DestinationPhoneNumber="+15555550100",
        ContactFlowId="f",
        SourcePhoneNumber="+15555550111",
    )


EXAMPLES = {
    "StartChatContact": lambda connect: connect.start_chat_contact(
        InstanceId=I1, ContactFlowId="f", ParticipantDetails={"DisplayName": "Ann"}
    ),
    "StartOutboundVoiceContact": _outbound_voice_example,
    "StartOutboundChatContact": lambda connect: connect.start_outbound_chat_contact(
        InstanceId=I1,
        ContactFlowId="f",
        SourceEndpoint=SMS_SOURCE,
        DestinationEndpoint=SMS_DESTINATION,
        SegmentAttributes=SMS,
    ),
    "StartEmailContact": lambda connect: connect.start_email_contact(
        InstanceId=I1,
        FromEmailAddress={"EmailAddress": "ann@example.com", "DisplayName": "Ann"},
        DestinationEmailAddress="support@example.com",
        EmailMessage=EMAIL_MESSAGE,
    ),
    "StartWebRTCContact": lambda connect: connect.start_web_rtc_contact(
        InstanceId=I1, ContactFlowId="f", ParticipantDetails={"DisplayName": "Ann"}
    ),
}

AROUND_NOW = {
    "Type": "INITIATION_TIMESTAMP",
    "StartTime": NOW - datetime.timedelta(hours=1),
    "EndTime": NOW + datetime.timedelta(hours=1),
}


def described(contact_id: str) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def found(**criteria: Any) -> list[str]:
    answer = client().search_contacts(InstanceId=I1, TimeRange=AROUND_NOW, SearchCriteria=criteria)
    return [contact["Id"] for contact in answer["Contacts"]]


def subtype(contact: dict[str, Any]) -> str | None:
    value: str | None = (
        contact.get("SegmentAttributes", {}).get("connect:Subtype", {}).get("ValueString")
    )
    return value


def chat(**params: Any) -> dict[str, Any]:
    request = {
        "InstanceId": I1,
        "ContactFlowId": "f",
        "ParticipantDetails": {"DisplayName": "Ann"},
        **params,
    }
    answer: dict[str, Any] = client().start_chat_contact(**request)
    return answer


def chat_refused(**params: Any) -> tuple[str, int, str]:
    return error_of(lambda: chat(**params))


def ended_chat(store: ContactStore, **members: Any) -> str:
    contact = {
        "Channel": "CHAT",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": NOW - datetime.timedelta(hours=3),
        "DisconnectTimestamp": NOW - datetime.timedelta(hours=2),
        **members,
    }
    return store.add(contact, instance_id=I1)


@pytest.mark.parametrize(
    ("operation", "path"),
    [
        ("StartChatContact", "/contact/chat"),
        ("StartOutboundChatContact", "/contact/outbound-chat"),
        ("StartEmailContact", "/contact/email"),
        ("StartWebRTCContact", "/contact/webrtc"),
    ],
)
def test_each_start_is_a_put_of_its_path(
    operations_store: ContactStore, operation: str, path: str
) -> None:
    request = sent(EXAMPLES[operation])
    assert (request.method, request.url.split(".com", 1)[1]) == ("PUT", path)


# -- StartChatContact (case 28) --------------------------------------------------------------


def test_a_started_chat_is_an_api_chat_connected_to_the_system_now(
    operations_store: ContactStore,
) -> None:
    """Case 28: ContactId, ParticipantId and ParticipantToken; Channel CHAT, InitiationMethod
    API; found at once."""
    answer = chat(Attributes={"Plan": "Gold"}, CustomerId="cust-1")
    assert answer["ParticipantId"] and answer["ParticipantToken"]
    assert "ContinuedFromContactId" not in answer
    contact = described(answer["ContactId"])
    assert (contact["Channel"], contact["InitiationMethod"]) == ("CHAT", "API")
    assert contact["ConnectedToSystemTimestamp"] == NOW == contact["InitiationTimestamp"]
    assert subtype(contact) == "connect:Chat"
    assert (contact["CustomerId"], contact["Attributes"]) == ("cust-1", {"Plan": "Gold"})
    assert found(Channels=["CHAT"], InitiationMethods=["API"]) == [answer["ContactId"]]


def test_a_chat_replayed_with_its_token_answers_the_same_participant(
    operations_store: ContactStore,
) -> None:
    count = len(operations_store)
    first = chat(ClientToken="t1")
    again = chat(ClientToken="t1")
    keys = ("ContactId", "ParticipantId", "ParticipantToken")
    assert [again[key] for key in keys] == [first[key] for key in keys]
    assert len(operations_store) == count + 1


@pytest.mark.skipif(
    "ConnectionTypes"
    not in installed_model().operation_view("StartChatContact").input_shape.members,
    reason="this botocore's StartChatContact has no ConnectionTypes",
)
def test_connection_types_return_connection_information(operations_store: ContactStore) -> None:
    answer = chat(ConnectionTypes=["WEBSOCKET", "CONNECTION_CREDENTIALS"])
    expiry = NOW + datetime.timedelta(hours=25)
    assert answer["ConnectionCredentials"]["Expiry"] == "2024-05-11T01:00:00Z"
    assert answer["Websocket"]["ConnectionExpiry"] == expiry.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert answer["Websocket"]["Url"].startswith("wss://example.invalid/")
    assert "Websocket" not in chat()


@pytest.mark.connect_contacts(retry_sleep=False)
def test_chats_over_the_active_chat_quota_are_refused_and_retried(
    operations_store: ContactStore,
) -> None:
    """Case 28: 100 active chats (C2 and 99 more) is the quota: a 429 LimitExceededException,
    which botocore retries 4 times by default; ended chats do not count."""
    active = {"Channel": "CHAT", "InitiationMethod": "INBOUND", "InitiationTimestamp": NOW}
    operations_store.add_many([dict(active) for _ in range(98)], instance_id=I1)
    ended_chat(operations_store)
    chat()  # the 100th active chat
    count = len(operations_store)
    code, status, message = chat_refused()
    assert (code, status) == ("LimitExceededException", 429)
    assert "100 active chats" in message
    statuses = [call.status for call in operations_store.calls_to("StartChatContact")]
    assert statuses == [200] + [429] * default_attempts()
    assert len(operations_store) == count


def test_content_types_without_text_plain_are_refused(operations_store: ContactStore) -> None:
    code, status, message = chat_refused(SupportedMessagingContentTypes=["text/markdown"])
    assert (code, status) == ("InvalidParameterException", 400)
    assert "text/plain" in message


def test_the_guide_subtype_needs_the_interactive_content_types(
    operations_store: ContactStore,
) -> None:
    guide = {"connect:Subtype": {"ValueString": "connect:Guide"}}
    code, status, _ = chat_refused(SegmentAttributes=guide)
    assert (code, status) == ("InvalidParameterException", 400)
    interactive = [
        "text/plain",
        "application/vnd.amazonaws.connect.message.interactive",
        "application/vnd.amazonaws.connect.message.interactive.response",
    ]
    answer = chat(SegmentAttributes=guide, SupportedMessagingContentTypes=interactive)
    assert subtype(described(answer["ContactId"])) == "connect:Guide"


def test_related_contact_and_persistent_chat_together_are_refused(
    operations_store: ContactStore,
) -> None:
    before = list(operations_store)
    persistent = {"RehydrationType": "FROM_SEGMENT", "SourceContactId": C2}
    code, status, _ = chat_refused(RelatedContactId=C1, PersistentChat=persistent)
    assert (code, status) == ("InvalidRequestException", 400)
    assert list(operations_store) == before


def test_a_persistent_chat_continues_an_ended_chat(operations_store: ContactStore) -> None:
    past = ended_chat(operations_store, Attributes={"Plan": "Gold"})
    persistent = {"RehydrationType": "FROM_SEGMENT", "SourceContactId": past}
    answer = chat(PersistentChat=persistent)
    assert answer["ContinuedFromContactId"] == past
    contact = described(answer["ContactId"])
    assert contact["RelatedContactId"] == past and contact["Attributes"] == {"Plan": "Gold"}


def test_an_entire_past_session_continues_its_latest_ended_chat(
    operations_store: ContactStore,
) -> None:
    first = ended_chat(operations_store)
    latest = ended_chat(
        operations_store,
        InitialContactId=first,
        PreviousContactId=first,
        DisconnectTimestamp=NOW - datetime.timedelta(hours=1),
    )
    persistent = {"RehydrationType": "ENTIRE_PAST_SESSION", "SourceContactId": first}
    assert chat(PersistentChat=persistent)["ContinuedFromContactId"] == latest


@pytest.mark.parametrize(
    ("source", "code"),
    [(C2, "InvalidRequestException"), (C1, "InvalidRequestException"), ("nope", None)],
    ids=["ongoing-chat", "voice-call", "unknown"],
)
def test_a_persistent_chat_needs_an_ended_chat_it_can_find(
    operations_store: ContactStore, source: str, code: str | None
) -> None:
    before = list(operations_store)
    persistent = {"RehydrationType": "FROM_SEGMENT", "SourceContactId": source}
    got, status, message = chat_refused(PersistentChat=persistent)
    if code is None:
        assert (got, status) == ("ResourceNotFoundException", 404)
    else:
        assert (got, status) == (code, 400)
    assert message.startswith("PersistentChat.SourceContactId:")
    assert list(operations_store) == before


# -- StartOutboundVoiceContact (case 29) -----------------------------------------------------


def outbound_call(**params: Any) -> dict[str, Any]:
    request = {
        "InstanceId": I1,
        "DestinationPhoneNumber": "+15555550100",
        "ContactFlowId": "f",
        **params,
    }
    answer: dict[str, Any] = client().start_outbound_voice_contact(**request)
    return answer


def test_an_outbound_call_has_the_customer_number_as_its_endpoint(
    operations_store: ContactStore,
) -> None:
    """Case 29: CustomerEndpoint {TELEPHONE_NUMBER, "+15555550100"}; VOICE, API."""
    contact_id = outbound_call(SourcePhoneNumber="+15555550111", CampaignId="camp-1")["ContactId"]
    contact = described(contact_id)
    assert (contact["Channel"], contact["InitiationMethod"]) == ("VOICE", "API")
    assert contact["CustomerEndpoint"] == {"Type": "TELEPHONE_NUMBER", "Address": "+15555550100"}
    assert contact["SystemEndpoint"] == {"Type": "TELEPHONE_NUMBER", "Address": "+15555550111"}
    assert contact["Campaign"] == {"CampaignId": "camp-1"}
    assert found(Channels=["VOICE"]) == [contact_id]


def test_a_destination_not_in_e164_is_refused(operations_store: ContactStore) -> None:
    """Case 29: DestinationPhoneNumber "5555550100" is a 400 InvalidParameterException."""
    before = list(operations_store)
    code, status, message = error_of(
        lambda: outbound_call(DestinationPhoneNumber="5555550100", SourcePhoneNumber="+15555550111")
    )
    assert (code, status) == ("InvalidParameterException", 400)
    assert "DestinationPhoneNumber" in message
    assert list(operations_store) == before


def test_an_outbound_call_needs_a_source_number_or_a_queue(
    operations_store: ContactStore,
) -> None:
    code, status, message = error_of(lambda: outbound_call())
    assert (code, status) == ("InvalidRequestException", 400)
    assert message.startswith("SourcePhoneNumber, QueueId:")
    assert outbound_call(QueueId="queue-q1")["ContactId"]


def test_uk_mobile_numbers_are_not_allowed_by_default(operations_store: ContactStore) -> None:
    code, status, _ = error_of(
        lambda: outbound_call(DestinationPhoneNumber="+447700900123", QueueId="queue-q1")
    )
    assert (code, status) == ("DestinationNotAllowedException", 403)


# -- StartOutboundChatContact ----------------------------------------------------------------


def outbound_chat(**params: Any) -> dict[str, Any]:
    request = {
        "InstanceId": I1,
        "ContactFlowId": "f",
        "SourceEndpoint": SMS_SOURCE,
        "DestinationEndpoint": SMS_DESTINATION,
        "SegmentAttributes": SMS,
        **params,
    }
    answer: dict[str, Any] = client().start_outbound_chat_contact(**request)
    return answer


def test_an_outbound_sms_is_a_chat_from_the_instance_number_to_the_customer(
    operations_store: ContactStore,
) -> None:
    contact_id = outbound_chat(RelatedContactId=C1)["ContactId"]
    contact = described(contact_id)
    assert (contact["Channel"], contact["InitiationMethod"]) == ("CHAT", "API")
    assert contact["CustomerEndpoint"] == SMS_DESTINATION
    assert contact["SystemEndpoint"] == SMS_SOURCE
    assert subtype(contact) == "connect:SMS" and contact["ConnectedToSystemTimestamp"] == NOW
    assert contact["Attributes"] == {"Plan": "Gold", "Secret": "x"}
    assert found(Channels=["CHAT"]) == [contact_id]


@pytest.mark.parametrize(
    ("params", "member"),
    [
        ({"SourceEndpoint": SMS_DESTINATION}, "SourceEndpoint.Type"),
        ({"DestinationEndpoint": {**SMS_DESTINATION, "Address": "555"}}, "DestinationEndpoint"),
        ({"SegmentAttributes": {"connect:Subtype": {"ValueString": "connect:Chat"}}}, "Segment"),
        ({"Attributes": {"bad key": "1"}}, "Attributes"),
    ],
    ids=["source-type", "destination-not-e164", "subtype", "attribute-key"],
)
def test_an_outbound_chat_refuses_with_invalid_request_only(
    operations_store: ContactStore, params: dict[str, Any], member: str
) -> None:
    """The model lists no InvalidParameterException for StartOutboundChatContact."""
    before = list(operations_store)
    code, status, message = error_of(lambda: outbound_chat(**params))
    assert (code, status) == ("InvalidRequestException", 400)
    assert message.startswith(member)
    assert list(operations_store) == before


# -- StartEmailContact -----------------------------------------------------------------------


def email(**params: Any) -> dict[str, Any]:
    request = {
        "InstanceId": I1,
        "FromEmailAddress": {"EmailAddress": "ann@example.com", "DisplayName": "Ann"},
        "DestinationEmailAddress": "support@example.com",
        "EmailMessage": EMAIL_MESSAGE,
        **params,
    }
    answer: dict[str, Any] = client().start_email_contact(**request)
    return answer


def test_a_started_email_is_an_inbound_email_from_the_customer(
    operations_store: ContactStore,
) -> None:
    recipients = {
        "ToAddresses": [{"EmailAddress": "sales@example.com"}],
        "CcAddresses": [{"EmailAddress": "bob@example.com", "DisplayName": "Bob"}],
    }
    contact_id = email(AdditionalRecipients=recipients, Name="Order 42")["ContactId"]
    contact = described(contact_id)
    assert (contact["Channel"], contact["InitiationMethod"]) == ("EMAIL", "INBOUND")
    assert contact["CustomerEndpoint"] == {
        "Type": "EMAIL_ADDRESS",
        "Address": "ann@example.com",
        "DisplayName": "Ann",
    }
    assert contact["SystemEndpoint"] == {"Type": "EMAIL_ADDRESS", "Address": "support@example.com"}
    assert contact["AdditionalEmailRecipients"] == {
        "ToList": [{"Address": "sales@example.com"}],
        "CcList": [{"Address": "bob@example.com", "DisplayName": "Bob"}],
    }
    segments = contact["SegmentAttributes"]
    assert segments["connect:EmailSubject"] == {"ValueString": "Order 42"}
    assert segments["connect:ContactExpiry"]["ValueMap"]["ExpiryDuration"] == {
        "ValueInteger": 10080
    }
    assert found(Channels=["EMAIL"]) == [contact_id]
    listed = client().list_contact_references(
        InstanceId=I1, ContactId=contact_id, ReferenceTypes=["EMAIL_MESSAGE"]
    )["ReferenceSummaryList"]
    assert [summary["EmailMessage"]["Name"] for summary in listed] == ["message"]


def test_an_email_with_more_than_50_recipients_is_refused(operations_store: ContactStore) -> None:
    many = [{"EmailAddress": f"r{n}@example.com"} for n in range(49)]
    recipients = {"ToAddresses": many, "CcAddresses": [{"EmailAddress": "cc@example.com"}]}
    code, status, message = error_of(lambda: email(AdditionalRecipients=recipients))
    assert (code, status) == ("InvalidRequestException", 400)
    assert "51 recipients" in message
    email(AdditionalRecipients={"ToAddresses": many})


def test_an_email_reference_is_refused_at_email_creation(operations_store: ContactStore) -> None:
    reference = {"mail": {"Type": "EMAIL", "Value": "ann@example.com"}}
    code, status, message = error_of(lambda: email(References=reference))
    assert (code, status) == ("InvalidRequestException", 400)
    assert message.startswith("References.mail.Type: 'EMAIL'")


def test_an_email_token_with_other_parameters_is_an_idempotency_error(
    operations_store: ContactStore,
) -> None:
    email(ClientToken="t1")
    code, status, _ = error_of(lambda: email(ClientToken="t1", Name="Other"))
    assert (code, status) == ("IdempotencyException", 409)


# -- StartWebRTCContact ----------------------------------------------------------------------


def test_a_web_call_is_a_webrtc_voice_contact_with_a_meeting_in_the_region(
    operations_store: ContactStore,
) -> None:
    answer = client().start_web_rtc_contact(
        InstanceId=I1,
        ContactFlowId="f",
        ParticipantDetails={"DisplayName": "Ann"},
        Description="Video call",
        ClientToken="t1",
    )
    contact = described(answer["ContactId"])
    assert (contact["Channel"], contact["InitiationMethod"]) == ("VOICE", "WEBRTC_API")
    assert subtype(contact) == "connect:WebRTC" and contact["Description"] == "Video call"
    meeting = answer["ConnectionData"]["Meeting"]
    assert meeting["MediaRegion"] == "us-east-1"
    assert meeting["MediaPlacement"]["SignalingUrl"].startswith("https://example.invalid/")
    again = client().start_web_rtc_contact(
        InstanceId=I1,
        ContactFlowId="f",
        ParticipantDetails={"DisplayName": "Ann"},
        Description="Video call",
        ClientToken="t1",
    )
    assert again["ConnectionData"] == answer["ConnectionData"]
    assert again["ParticipantToken"] == answer["ParticipantToken"]
