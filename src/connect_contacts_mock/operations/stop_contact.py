"""StopContact: end a contact now.

Its not-found answer differs from every other contact operation's: the model gives StopContact
ContactNotFoundException (HTTP 410, "The contact with the specified ID does not exist"), so a
contact the instance does not show (never existed, of another instance, past retention) is
that, while an unknown instance is still ResourceNotFoundException naming it. botocore does
not retry a 410.

An ended voice contact is ContactNotFoundException "Contact is not active" (the exception's
meaning from 2018 to 2025: "not active or does not exist"); an ended chat, task or email is
InvalidRequestException. The model says StopContact "does not work for voice contacts" started
by DISCONNECT, TRANSFER, QUEUE_TRANSFER, EXTERNAL_OUTBOUND or MONITOR; those are
InvalidRequestException, ended or not (stopping one never works). "Chat and task contacts can
be terminated in any state, regardless of initiation method", paused tasks included.

Success sets `DisconnectTimestamp` and `LastUpdateTimestamp` to now and `DisconnectReason` to
the request's `DisconnectReason.Code`, else `API` for a task or email ("The StopContact API was
called"), `OTHER` for voice ("the contact was disconnected by an API"), and none for a chat
("Contacts ended by flows or APIs" have no reason). Queue and agent members stay as history;
no after-contact work is recorded.
"""

from __future__ import annotations

from typing import Any

from connect_contacts_mock._clock import now_ms
from connect_contacts_mock.contact import StoredContact
from connect_contacts_mock.errors import ServiceError, invalid_request
from connect_contacts_mock.lifecycle import ended_ms, moment, shown
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.store import Instance

from ._context import CONTACT_NOT_FOUND

CONTACT_NOT_FOUND_CODE = "ContactNotFoundException"
#: "It does not work for voice contacts that use the following initiation methods" (the
#: model's documentation of StopContact).
UNSTOPPABLE_VOICE_METHODS = (
    "DISCONNECT",
    "TRANSFER",
    "QUEUE_TRANSFER",
    "EXTERNAL_OUTBOUND",
    "MONITOR",
)
#: The reason recorded when the request gives none, by channel (a chat gets none).
DEFAULT_REASONS = {"TASK": "API", "EMAIL": "API", "VOICE": "OTHER"}


class StopContact(Operation):
    """Ends the contact named now; the answer has no members (HTTP 200, empty body).

    Errors: an unknown instance (ResourceNotFoundException naming it); a contact the instance
    does not show (ContactNotFoundException 410 "Contact not found"); a voice contact of an
    initiation method StopContact does not work for (InvalidRequestException); an ended voice
    contact (ContactNotFoundException "Contact is not active"); an ended chat, task or email
    (InvalidRequestException "Contact has already ended"). Nothing changes on an error."""

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        contact_id: str = checked["ContactId"]
        with context.store.atomically():
            instance, record = _lookup(context, checked["InstanceId"], contact_id)
            stored = record.snapshot()
            channel = record.channel
            if channel == "VOICE" and record.initiation_method in UNSTOPPABLE_VOICE_METHODS:
                raise invalid_request(
                    f"ContactId: contact {contact_id!r} is a VOICE contact initiated by "
                    f"{record.initiation_method}, and StopContact does not work for voice "
                    f"contacts initiated by {', '.join(UNSTOPPABLE_VOICE_METHODS)}"
                )
            now = now_ms()
            ended = ended_ms(stored, now)
            if ended is not None:
                if channel == "VOICE":
                    raise ServiceError(
                        CONTACT_NOT_FOUND_CODE,
                        f"Contact is not active: contact {contact_id!r} ended at {shown(ended)}",
                    )
                raise invalid_request(
                    f"Contact has already ended: {channel} contact {contact_id!r} ended at "
                    f"{shown(ended)}; there is nothing to stop"
                )
            code = (checked.get("DisconnectReason") or {}).get("Code")
            reason = code if code is not None else DEFAULT_REASONS.get(channel)
            stamp = moment(max(now, record.initiation_ms))

            def stop(contact: dict[str, Any]) -> dict[str, Any]:
                contact["DisconnectTimestamp"] = stamp
                contact["LastUpdateTimestamp"] = moment(now)
                if reason is not None:
                    contact["DisconnectReason"] = reason
                return contact

            context.replace(instance, {record.id: stop}, "StopContact")
        return {}


def _lookup(context: Context, instance_id: str, contact_id: str) -> tuple[Instance, StoredContact]:
    """The instance and the contact, with StopContact's own answer for a hidden contact."""
    context.instance(instance_id)  # an unknown instance: ResourceNotFoundException naming it
    try:
        return context.contact(instance_id, contact_id)
    except ServiceError as error:
        if error.code == "ResourceNotFoundException" and error.message == CONTACT_NOT_FOUND:
            raise ServiceError(CONTACT_NOT_FOUND_CODE, CONTACT_NOT_FOUND) from None
        raise
