"""TransferContact: an active task or email moved to another queue or user.

A transfer makes a new contact record (the spec's reading of "a TRANSFER results in a new CTR
being created"): the answer's `ContactId` is a new contact of the same channel, initiated by
TRANSFER now, following the original in its chain (its `PreviousContactId`, the original's
`InitialContactId` and `ContactAssociationId`, so the same attribute group and contact tree),
with the original's name, description, references and segment attributes (its expiry among
them). With a `QueueId` it is queued there now; with a `UserId` it is not queued (connecting
it to the agent is a test helper's job). The original ends now, without a DisconnectReason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_contacts_mock.errors import ServiceError, invalid_request
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.store import Instance

from . import _new_contact as new
from ._idempotency import once_per_token

#: "Transfer is only supported for TASK and EMAIL contacts" (TransferContact's documentation).
TRANSFERABLE = ("TASK", "EMAIL")
#: "A contact cannot be transferred more than 11 times" (same place): TRANSFER contacts a chain
#: may hold.
MAX_TRANSFERS = 11
#: What a transfer copies from the original contact.
_COPIED = ("Name", "Description", "References", "SegmentAttributes")


class TransferContact(Operation):
    """Transfers the contact named and answers the new contact's `ContactId` and `ContactArn`.

    Refused, with nothing changed: both or neither of QueueId and UserId, a VOICE or CHAT
    contact, a contact that has ended (or expired) (InvalidRequestException); a contact the
    instance does not show (ResourceNotFoundException); a chain already transferred 11 times
    (ServiceQuotaExceededException); the same ClientToken with other parameters
    (IdempotencyException). The same ClientToken and parameters answer the first transfer
    again, even though the original has ended since."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        targets = [member for member in ("QueueId", "UserId") if params.get(member)]
        if len(targets) != 1:
            given = "both were given" if targets else "neither was given"
            raise invalid_request(
                f"QueueId, UserId: give exactly one, the queue or the user the contact is "
                f"transferred to ({given})"
            )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        instance, _ = context.contact(checked["InstanceId"], checked["ContactId"])
        return once_per_token(
            context, instance, checked, lambda: _transfer(checked, context, instance)
        )


def _transfer(checked: dict[str, Any], context: Context, instance: Instance) -> dict[str, Any]:
    _, original = context.contact(checked["InstanceId"], checked["ContactId"])
    if original.channel not in TRANSFERABLE:
        raise invalid_request(
            f"ContactId: contact {original.id!r} is a {original.channel} contact; only "
            f"{' and '.join(TRANSFERABLE)} contacts can be transferred"
        )
    if new.ended(original):
        raise invalid_request(
            f"ContactId: contact {original.id!r} has ended; TransferContact can be called only "
            "on active contacts"
        )
    transfers = sum(
        1
        for record in instance.chain("InitialContactId", original.initial_contact_id)
        if record.initiation_method == "TRANSFER"
    )
    if transfers >= MAX_TRANSFERS:
        raise ServiceError(
            "ServiceQuotaExceededException",
            f"ContactId: the chain of contact {original.id!r} has been transferred "
            f"{transfers} times; a contact cannot be transferred more than {MAX_TRANSFERS} "
            "times",
        )
    stored = original.snapshot()
    now = context.now()
    members: dict[str, Any] = {}
    if checked.get("QueueId"):
        members["QueueInfo"] = {"Id": checked["QueueId"], "EnqueueTimestamp": now}
    contact = new.new_contact(
        context,
        instance,
        {name: stored[name] for name in _COPIED if name in stored},
        channel=original.channel,
        initiation_method="TRANSFER",
        links=new.Links(previous=original),
        members=members,
    )
    record = new.insert(context, instance, [contact], changes={original.id: _ending(now)})[0]
    return {"ContactId": record.id, "ContactArn": new.contact_arn(context, instance, record.id)}


def _ending(stamp: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(contact: dict[str, Any]) -> dict[str, Any]:
        contact["DisconnectTimestamp"] = stamp
        contact["LastUpdateTimestamp"] = stamp
        return contact

    return change
