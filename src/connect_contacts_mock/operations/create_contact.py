"""CreateContact: a VOICE, EMAIL or TASK contact made directly, without a flow.

Only the pairs the model documents are accepted: VOICE + TRANSFER (subtype
`connect:ExternalAudio`, the one pair that may name a `PreviousContactId`), EMAIL + OUTBOUND,
AGENT_REPLY or FLOW (`UserInfo` required for OUTBOUND and AGENT_REPLY) and TASK + API (subtype
`connect:ExternalTask`). `InitiateAs` CONNECTED_TO_USER connects the contact to the user of
`UserInfo` now; COMPLETED (tasks only) ends it now, so `DISCONNECT_TIMESTAMP` finds it at once.
See `_new_contact` for the rules it shares with the other creating operations.
"""

from __future__ import annotations

from typing import Any

from connect_contacts_mock.errors import invalid_parameter
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.store import Instance

from . import _new_contact as new

#: "Only the VOICE, EMAIL, and TASK channels are supported", each with its initiation methods,
#: and the subtype the contacts of that pair get (CreateContact's documentation).
SUPPORTED: dict[str, tuple[tuple[str, ...], str | None]] = {
    "VOICE": (("TRANSFER",), "connect:ExternalAudio"),
    "EMAIL": (("OUTBOUND", "AGENT_REPLY", "FLOW"), None),
    "TASK": (("API",), "connect:ExternalTask"),
}
#: "UserInfo is required when creating an EMAIL contact with OUTBOUND and AGENT_REPLY".
_NEEDS_USER = {("EMAIL", "OUTBOUND"), ("EMAIL", "AGENT_REPLY")}


class CreateContact(Operation):
    """Creates the contact and answers its `ContactId` and `ContactArn`.

    Refused with InvalidParameterException, nothing created: a channel and initiation method
    the operation does not support (CHAT among them), `InitiateAs` COMPLETED on anything but a
    task, CONNECTED_TO_USER or an OUTBOUND / AGENT_REPLY email without `UserInfo.UserId`, a
    `PreviousContactId` on anything but an external audio contact (VOICE + TRANSFER),
    `ExpiryDurationInMinutes` below 1 or together with a `connect:ContactExpiry` segment
    attribute, and the attribute and reference rules every creating operation shares. The
    same ClientToken with other parameters is an IdempotencyException."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        new.check_request(params)
        channel, method = params["Channel"], params["InitiationMethod"]
        methods, _ = SUPPORTED.get(channel, ((), None))
        if method not in methods:
            pairs = "; ".join(
                f"{name} with {' | '.join(allowed)}" for name, (allowed, _) in SUPPORTED.items()
            )
            why = (
                f"the {channel} channel is not supported"
                if not methods
                else f"{channel} contacts are created with {' | '.join(methods)} only"
            )
            raise invalid_parameter(
                f"Channel, InitiationMethod: CreateContact does not create {channel} contacts "
                f"initiated by {method} ({why}); it supports {pairs}"
            )
        user = (params.get("UserInfo") or {}).get("UserId")
        initiate_as = params.get("InitiateAs")
        if initiate_as == "COMPLETED" and channel != "TASK":
            raise invalid_parameter(
                f"InitiateAs: only TASK contacts can be initiated with COMPLETED state, not "
                f"{channel}; leave InitiateAs out, or use CONNECTED_TO_USER"
            )
        if not user and ((channel, method) in _NEEDS_USER or initiate_as == "CONNECTED_TO_USER"):
            needs = (
                "InitiateAs CONNECTED_TO_USER"
                if initiate_as == "CONNECTED_TO_USER"
                else f"an {channel} contact initiated by {method}"
            )
            raise invalid_parameter(
                f"UserInfo.UserId: {needs} needs the user it belongs to; give UserInfo "
                '{"UserId": <the user id>}'
            )
        if params.get("PreviousContactId") and (channel, method) != ("VOICE", "TRANSFER"):
            raise invalid_parameter(
                "PreviousContactId: can be provided only for external audio contacts (Channel "
                f"VOICE, InitiationMethod TRANSFER), not {channel} {method}; use "
                "RelatedContactId to link this contact"
            )
        minutes = params.get("ExpiryDurationInMinutes")
        if minutes is not None:
            new.check_expiry_minutes(minutes, "ExpiryDurationInMinutes")
            if new.CONTACT_EXPIRY in (params.get("SegmentAttributes") or {}):
                raise invalid_parameter(
                    f"ExpiryDurationInMinutes, SegmentAttributes.{new.CONTACT_EXPIRY}: both set "
                    "the contact's expiry; give one of them"
                )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        return new.create_once(context, checked, _create)


def _create(checked: dict[str, Any], context: Context, instance: Instance) -> dict[str, Any]:
    channel, method = checked["Channel"], checked["InitiationMethod"]
    links = new.linked(context, instance, checked)
    now = context.now()
    members: dict[str, Any] = {}
    initiate_as = checked.get("InitiateAs")
    if initiate_as == "CONNECTED_TO_USER":
        members["AgentInfo"] = {
            "Id": checked["UserInfo"]["UserId"],
            "ConnectedToAgentTimestamp": now,
        }
    elif initiate_as == "COMPLETED":
        members["DisconnectTimestamp"] = now
    contact = new.new_contact(
        context,
        instance,
        checked,
        channel=channel,
        initiation_method=method,
        links=links,
        members=members,
    )
    _, subtype = SUPPORTED[channel]
    if subtype is not None:
        new.with_subtype(contact, subtype, default=False)
    minutes = checked.get("ExpiryDurationInMinutes")
    if minutes is None:
        minutes = new.check_expiry(checked.get("SegmentAttributes") or {})
    new.with_expiry(contact, minutes)
    record = new.insert(
        context, instance, [contact], links=links, attributes=checked.get("Attributes")
    )[0]
    return {"ContactId": record.id, "ContactArn": new.contact_arn(context, instance, record.id)}
