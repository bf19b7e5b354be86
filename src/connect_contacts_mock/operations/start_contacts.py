"""The Start operations that open a conversation: StartChatContact, StartOutboundVoiceContact,
StartOutboundChatContact, StartEmailContact and StartWebRTCContact.

Each makes one contact, in the store at once (no flow runs: nothing queues or connects it by
itself), with `InitialContactId` and `ContactAssociationId` = its own Id, and answers what its
output shape holds. The identifiers a participant would use (`ParticipantId`,
`ParticipantToken`, the WebRTC meeting's) are fresh uuid4 strings, remembered with the
ClientToken so that a replay answers the same ones. See `_new_contact` for the rules the
creating operations share (attributes, references, RelatedContactId).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from connect_contacts_mock.contact import StoredContact
from connect_contacts_mock.errors import ServiceError, invalid_parameter, invalid_request
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.partitions import partition_of
from connect_contacts_mock.store import Instance
from connect_contacts_mock.validation import show

from . import _new_contact as new

#: "Content types must always contain text/plain" (SupportedMessagingContentTypes).
TEXT_PLAIN = "text/plain"
#: The content types the `connect:Guide` chat subtype needs ("must be present in the
#: SupportedMessagingContentTypes field ... in order to set ... connect:Guide").
GUIDE_CONTENT_TYPES = (
    "application/vnd.amazonaws.connect.message.interactive",
    "application/vnd.amazonaws.connect.message.interactive.response",
)
#: The default quota of concurrent active chats per instance, waiting chats included (Admin
#: Guide, service quotas); past it a chat start is a LimitExceededException.
ACTIVE_CHATS_QUOTA = 100
#: "If not specified, the chat session duration defaults to 25 hour" (ChatDurationInMinutes).
DEFAULT_CHAT_MINUTES = 25 * 60
#: StartOutboundChatContact: "SourceEndpoint only supports Endpoints with
#: CONNECT_PHONENUMBER_ARN as Type and DestinationEndpoint only supports Endpoints with
#: TELEPHONE_NUMBER as Type", and the subtypes it starts ("connect:SMS and connect:WhatsApp").
OUTBOUND_CHAT_ENDPOINTS = {
    "SourceEndpoint": "CONNECT_PHONENUMBER_ARN",
    "DestinationEndpoint": "TELEPHONE_NUMBER",
}
OUTBOUND_CHAT_SUBTYPES = ("connect:SMS", "connect:WhatsApp")
#: "UK numbers with a 447 prefix are not allowed by default" (StartOutboundVoiceContact).
UK_MOBILE_PREFIX = "+447"
#: StartEmailContact: "the destination plus up to 49 more, 50 in total" recipients.
MAX_EMAIL_RECIPIENTS = 50
#: The segment attribute holding an email's subject (a system segment attribute).
EMAIL_SUBJECT = "connect:EmailSubject"
#: The reference under which a started email's message is kept (ListContactReferences lists
#: it as an EmailMessage).
EMAIL_MESSAGE_REFERENCE = "message"
#: Where the fake URLs of connection data point: a reserved domain that never resolves.
FAKE_HOST = "example.invalid"


def _identifier() -> str:
    return str(uuid.uuid4())


# -- chats ----------------------------------------------------------------------------------


def _check_content_types(params: dict[str, Any]) -> None:
    types = params.get("SupportedMessagingContentTypes")
    if types is not None and TEXT_PLAIN not in types:
        raise invalid_parameter(
            f"SupportedMessagingContentTypes: {show(types)} does not contain {TEXT_PLAIN}; "
            f"content types must always contain {TEXT_PLAIN}, then any other supported type"
        )


def _refuse_over_chat_quota(instance: Instance) -> None:
    active = instance.index.open_count("CHAT")
    if active >= ACTIVE_CHATS_QUOTA:
        raise ServiceError(
            "LimitExceededException",
            f"instance {instance.instance_id!r} has {active} active chats, its quota of "
            f"concurrent active chats ({ACTIVE_CHATS_QUOTA}); end some (StopContact) before "
            "starting more",
        )


class StartChatContact(Operation):
    """A CHAT contact initiated by API, connected to the system now (there is no participant
    service: it counts as connected), subtype `connect:Chat` unless the request sets one.

    Refused: SupportedMessagingContentTypes without text/plain, `connect:Guide` without the
    interactive content types, a PersistentChat without both its members
    (InvalidParameterException); RelatedContactId with PersistentChat, a PersistentChat source
    that is not an ended chat (InvalidRequestException); a linked contact the instance does
    not show (ResourceNotFoundException); more active chats than the instance's quota of 100
    (LimitExceededException, which botocore retries)."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        new.check_request(params)
        _check_content_types(params)
        subtype = (params.get("SegmentAttributes") or {}).get(new.SUBTYPE, {}).get("ValueString")
        types = params.get("SupportedMessagingContentTypes") or []
        if subtype == "connect:Guide" and not all(kind in types for kind in GUIDE_CONTENT_TYPES):
            raise invalid_parameter(
                f"SegmentAttributes.{new.SUBTYPE}: connect:Guide needs "
                f"{' and '.join(GUIDE_CONTENT_TYPES)} in SupportedMessagingContentTypes"
            )
        persistent = params.get("PersistentChat")
        if persistent is not None:
            if params.get("RelatedContactId"):
                raise invalid_request(
                    "RelatedContactId, PersistentChat: you cannot provide data for both; a "
                    "persistent chat is related to the chat it continues"
                )
            missing = [
                name for name in ("RehydrationType", "SourceContactId") if not persistent.get(name)
            ]
            if missing:
                raise invalid_parameter(
                    f"PersistentChat.{missing[0]}: required to continue a past chat; give "
                    "RehydrationType (ENTIRE_PAST_SESSION or FROM_SEGMENT) and SourceContactId"
                )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        return new.create_once(context, checked, _chat)


def _chat(checked: dict[str, Any], context: Context, instance: Instance) -> dict[str, Any]:
    related = new.linked_contact(context, instance, checked, "RelatedContactId")
    continued = _continued_chat(context, instance, checked.get("PersistentChat"))
    if continued is not None:
        related = continued
    _refuse_over_chat_quota(instance)
    now = context.now()
    members: dict[str, Any] = {"ConnectedToSystemTimestamp": now}
    if checked.get("CustomerId"):
        members["CustomerId"] = checked["CustomerId"]
    contact = new.new_contact(
        context,
        instance,
        checked,
        channel="CHAT",
        initiation_method="API",
        links=new.Links(related=related),
        members=members,
    )
    new.with_subtype(contact, "connect:Chat")
    record = new.insert(context, instance, [contact])[0]
    participant = _identifier()
    result: dict[str, Any] = {
        "ContactId": record.id,
        "ParticipantId": participant,
        "ParticipantToken": _identifier(),
    }
    if continued is not None:
        result["ContinuedFromContactId"] = continued.id
    outputs = context.view.output_shape.members if context.view.output_shape else {}
    minutes = checked.get("ChatDurationInMinutes") or DEFAULT_CHAT_MINUTES
    expires = new.iso_utc(now + datetime.timedelta(minutes=minutes))
    connections = checked.get("ConnectionTypes") or []
    if "CONNECTION_CREDENTIALS" in connections and "ConnectionCredentials" in outputs:
        result["ConnectionCredentials"] = {"ConnectionToken": _identifier(), "Expiry": expires}
    if "WEBSOCKET" in connections and "Websocket" in outputs:
        result["Websocket"] = {
            "Url": f"wss://{FAKE_HOST}/connect/participant/{participant}",
            "ConnectionExpiry": expires,
        }
    if checked.get("ChatStreamingConfiguration") and "StreamingId" in outputs:
        result["StreamingId"] = _identifier()
    return result


def _continued_chat(
    context: Context, instance: Instance, persistent: dict[str, Any] | None
) -> StoredContact | None:
    """The ended chat a persistent chat continues: the source itself (FROM_SEGMENT), or the
    most recent ended chat of the past session whose initial contact is the source
    (ENTIRE_PAST_SESSION)."""
    if persistent is None:
        return None
    member = "PersistentChat.SourceContactId"
    source = new.linked_contact(context, instance, {}, member, persistent["SourceContactId"])
    assert source is not None  # the check requires SourceContactId
    if persistent["RehydrationType"] == "FROM_SEGMENT":
        candidates = [source]
    else:
        session = instance.chain("InitialContactId", source.initial_contact_id)
        candidates = session
    ended_chats = [
        record for record in candidates if record.channel == "CHAT" and new.ended(record)
    ]
    if not ended_chats:
        what = (
            "is not an ended chat" if len(candidates) == 1 else "has no ended chat in its session"
        )
        raise invalid_request(
            f"{member}: contact {source.id!r} {what}; a persistent chat continues a chat that "
            "has ended"
        )
    return max(ended_chats, key=lambda record: (record.disconnect_ms or 0, record.id))


class StartOutboundChatContact(Operation):
    """An outbound SMS or WhatsApp CHAT contact initiated by API, connected to the system now,
    with `CustomerEndpoint` = the destination and `SystemEndpoint` = the source.

    The model lists no InvalidParameterException here, so every refused value is an
    InvalidRequestException: an endpoint of another type, a destination not in E.164, a
    missing or other `connect:Subtype`, content types without text/plain, and the shared
    attribute rules; more active chats than the quota is a LimitExceededException."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        new.check_request(params)
        _check_content_types(params)
        for member, kind in OUTBOUND_CHAT_ENDPOINTS.items():
            given = params[member].get("Type")
            if given != kind:
                raise invalid_request(
                    f"{member}.Type: {show(given)} is not supported; {member} only supports "
                    f"endpoints of Type {kind}"
                )
        new.check_phone_number(
            params["DestinationEndpoint"].get("Address", ""), "DestinationEndpoint.Address"
        )
        subtype = params["SegmentAttributes"].get(new.SUBTYPE, {}).get("ValueString")
        if subtype not in OUTBOUND_CHAT_SUBTYPES:
            raise invalid_request(
                f"SegmentAttributes.{new.SUBTYPE}: {show(subtype)} is not a subtype this "
                f"operation starts; set it to one of {', '.join(OUTBOUND_CHAT_SUBTYPES)}, as "
                f'{{"{new.SUBTYPE}": {{"ValueString": "connect:SMS"}}}}'
            )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        return new.create_once(context, checked, _outbound_chat)


def _outbound_chat(checked: dict[str, Any], context: Context, instance: Instance) -> dict[str, Any]:
    related = new.linked_contact(context, instance, checked, "RelatedContactId")
    _refuse_over_chat_quota(instance)
    contact = new.new_contact(
        context,
        instance,
        checked,
        channel="CHAT",
        initiation_method="API",
        links=new.Links(related=related),
        members={
            "ConnectedToSystemTimestamp": context.now(),
            "CustomerEndpoint": dict(checked["DestinationEndpoint"]),
            "SystemEndpoint": dict(checked["SourceEndpoint"]),
        },
    )
    return {"ContactId": new.insert(context, instance, [contact])[0].id}


# -- voice ----------------------------------------------------------------------------------


class StartOutboundVoiceContact(Operation):
    """An outbound VOICE contact initiated by API ("agents do not initiate the outbound API"),
    with `CustomerEndpoint` = the destination, `SystemEndpoint` = the source number when given
    and `Campaign` when a CampaignId is given. Nothing rings: it stays in progress until
    StopContact (or a test helper) ends it, and is not queued until a helper queues it.

    Refused: a number not in E.164 (InvalidParameterException); neither SourcePhoneNumber nor
    QueueId (InvalidRequestException); a UK mobile number (+447), which the service refuses
    by default (DestinationNotAllowedException)."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        new.check_request(params)
        # Both numbers are PhoneNumber shapes: the front door has checked them against the
        # model's pattern (read as E.164, see validation.model_pattern).
        if not params.get("SourcePhoneNumber") and not params.get("QueueId"):
            raise invalid_request(
                "SourcePhoneNumber, QueueId: if you do not specify a source phone number, you "
                "must specify a queue (whose number is shown as the caller ID); give one of them"
            )
        if params["DestinationPhoneNumber"].startswith(UK_MOBILE_PREFIX):
            raise ServiceError(
                "DestinationNotAllowedException",
                f"DestinationPhoneNumber: UK numbers with a 447 prefix are not allowed by "
                f"default ({params['DestinationPhoneNumber']}); a service quota increase "
                "request allows them",
            )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        return new.create_once(context, checked, _outbound_voice)


def _outbound_voice(
    checked: dict[str, Any], context: Context, instance: Instance
) -> dict[str, Any]:
    related = new.linked_contact(context, instance, checked, "RelatedContactId")
    members: dict[str, Any] = {
        "CustomerEndpoint": {
            "Type": "TELEPHONE_NUMBER",
            "Address": checked["DestinationPhoneNumber"],
        }
    }
    if checked.get("SourcePhoneNumber"):
        members["SystemEndpoint"] = {
            "Type": "TELEPHONE_NUMBER",
            "Address": checked["SourcePhoneNumber"],
        }
    if checked.get("CampaignId"):
        members["Campaign"] = {"CampaignId": checked["CampaignId"]}
    contact = new.new_contact(
        context,
        instance,
        checked,
        channel="VOICE",
        initiation_method="API",
        links=new.Links(related=related),
        members=members,
    )
    return {"ContactId": new.insert(context, instance, [contact])[0].id}


class StartWebRTCContact(Operation):
    """An inbound in-app, web or video call: a VOICE contact initiated by WEBRTC_API, subtype
    `connect:WebRTC` unless the request sets one. The answer's `ConnectionData` is a fake
    meeting (uuid4 identifiers, URLs on example.invalid, `MediaRegion` = the region called)."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        new.check_request(params)
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        return new.create_once(context, checked, _webrtc)


def _webrtc(checked: dict[str, Any], context: Context, instance: Instance) -> dict[str, Any]:
    related = new.linked_contact(context, instance, checked, "RelatedContactId")
    contact = new.new_contact(
        context,
        instance,
        checked,
        channel="VOICE",
        initiation_method="WEBRTC_API",
        links=new.Links(related=related),
    )
    new.with_subtype(contact, "connect:WebRTC")
    record = new.insert(context, instance, [contact])[0]
    meeting = _identifier()
    base = f"https://{FAKE_HOST}/meetings/{meeting}"
    return {
        "ContactId": record.id,
        "ParticipantId": _identifier(),
        "ParticipantToken": _identifier(),
        "ConnectionData": {
            "Attendee": {"AttendeeId": _identifier(), "JoinToken": _identifier()},
            "Meeting": {
                "MediaRegion": context.region,
                "MediaPlacement": {
                    "AudioHostUrl": f"{base}/audio",
                    "AudioFallbackUrl": f"{base}/audio-fallback",
                    "SignalingUrl": f"{base}/signaling",
                    "TurnControlUrl": f"{base}/turn",
                    "EventIngestionUrl": f"{base}/events",
                },
                "MeetingFeatures": {"Audio": {"EchoReduction": "AVAILABLE"}},
                "MeetingId": meeting,
            },
        },
    }


# -- email ----------------------------------------------------------------------------------


class StartEmailContact(Operation):
    """An inbound EMAIL contact ("Creates an inbound email contact"): `CustomerEndpoint` = the
    sender, `SystemEndpoint` = the destination, `AdditionalEmailRecipients` from the
    additional recipients, the subject as the `connect:EmailSubject` segment attribute, the
    message as an EMAIL_MESSAGE reference named "message" (a fake file ARN), and the 7-day
    expiry of every email unless `connect:ContactExpiry` asks for another.

    The model lists no InvalidParameterException here: every refused value is an
    InvalidRequestException (more than 50 recipients in all, a reference of a type not
    supported at email creation, the shared attribute rules). The same ClientToken with other
    parameters is an IdempotencyException."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        new.check_request(params)
        recipients = params.get("AdditionalRecipients") or {}
        count = 1 + sum(len(recipients.get(name) or []) for name in ("ToAddresses", "CcAddresses"))
        if count > MAX_EMAIL_RECIPIENTS:
            raise invalid_request(
                f"AdditionalRecipients: {count} recipients with the destination, over the "
                f"{MAX_EMAIL_RECIPIENTS} an email may have (the destination plus up to "
                f"{MAX_EMAIL_RECIPIENTS - 1} in ToAddresses and CcAddresses)"
            )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        return new.create_once(context, checked, _email)


def _email(checked: dict[str, Any], context: Context, instance: Instance) -> dict[str, Any]:
    related = new.linked_contact(context, instance, checked, "RelatedContactId")
    sender = checked["FromEmailAddress"]
    members: dict[str, Any] = {
        "CustomerEndpoint": _email_endpoint(sender),
        "SystemEndpoint": {"Type": "EMAIL_ADDRESS", "Address": checked["DestinationEmailAddress"]},
    }
    recipients = checked.get("AdditionalRecipients") or {}
    listed = {
        target: [_recipient(address) for address in recipients.get(source) or []]
        for source, target in (("ToAddresses", "ToList"), ("CcAddresses", "CcList"))
        if recipients.get(source)
    }
    if listed:
        members["AdditionalEmailRecipients"] = listed
    contact = new.new_contact(
        context,
        instance,
        checked,
        channel="EMAIL",
        initiation_method="INBOUND",
        links=new.Links(related=related),
        members=members,
    )
    raw = (checked["EmailMessage"].get("RawMessage") or {}) if checked.get("EmailMessage") else {}
    if "Subject" in raw:
        contact["SegmentAttributes"] = {
            **(contact.get("SegmentAttributes") or {}),
            EMAIL_SUBJECT: {"ValueString": raw["Subject"]},
        }
    references = dict(contact.get("References") or {})
    references.setdefault(
        EMAIL_MESSAGE_REFERENCE,
        {
            "Type": "EMAIL_MESSAGE",
            "Arn": (
                f"arn:{partition_of(context.region)}:connect:{context.region}:"
                f"{instance.account_id}:instance/"
                f"{instance.instance_id}/file/{_identifier()}"
            ),
        },
    )
    contact["References"] = references
    new.with_expiry(contact, new.check_expiry(checked.get("SegmentAttributes") or {}))
    return {"ContactId": new.insert(context, instance, [contact])[0].id}


def _email_endpoint(address: dict[str, Any]) -> dict[str, Any]:
    endpoint = {"Type": "EMAIL_ADDRESS", "Address": address["EmailAddress"]}
    if address.get("DisplayName"):
        endpoint["DisplayName"] = address["DisplayName"]
    return endpoint


def _recipient(address: dict[str, Any]) -> dict[str, Any]:
    recipient = {"Address": address["EmailAddress"]}
    if address.get("DisplayName"):
        recipient["DisplayName"] = address["DisplayName"]
    return recipient
