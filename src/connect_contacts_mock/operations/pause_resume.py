"""PauseContact and ResumeContact: hold an ongoing task, and let it go on.

"You can pause and resume all tasks that aren't expired, disconnected, or scheduled for a
later time" (Admin Guide, pause and resume tasks). The operations support the channels the
installed model's documentation names: a task ("Allows pausing an ongoing task contact"), and
an email too where a newer model says "task or email contact". Another channel is
InvalidRequestException; a state the step does not fit is ConflictException (the model's
"conflict with the current state"), with nothing changed.

Pausing sets `LastPausedTimestamp` to now (1 ms after the last resume when both fall in the
same millisecond, so the two always tell whether the contact is paused) and counts it in
`TotalPauseCount`; a task waiting in a queue is dequeued: it keeps its queue's `Id` but loses
its `EnqueueTimestamp` until it is resumed. `TotalPauseCount` is at most 10 (the model's
bound): the 11th pause is LimitExceededException. Resuming sets `LastResumedTimestamp`, adds the
paused whole seconds to `TotalPauseDurationInSeconds` (and to
`AgentInfo.AgentPauseDurationInSeconds` when an agent has it), and puts a dequeued task back in
its queue with a new `EnqueueTimestamp`. Both set `LastUpdateTimestamp` to now. `ContactFlowId`
is accepted and not used (the mock runs no flows). Expiry runs while a task is paused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_contacts_mock._clock import now_ms
from connect_contacts_mock.contact import StoredContact, epoch_ms
from connect_contacts_mock.errors import ServiceError, invalid_request
from connect_contacts_mock.lifecycle import (
    connected_ms,
    ended_ms,
    enqueued_ms,
    is_paused,
    moment,
    pause_stamp_ms,
    shown,
)
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.store import Instance

#: The pause counter's bound when the model states none.
DEFAULT_MAX_PAUSES = 10


class PauseContact(Operation):
    """Pauses the ongoing task named; the answer has no members (HTTP 200, empty body).

    Errors: a channel the operation does not support (InvalidRequestException); a task that
    has ended or expired, is scheduled for later, or is already paused (ConflictException);
    one paused `TotalPauseCount`'s maximum times already (LimitExceededException)."""

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        contact_id: str = checked["ContactId"]
        with context.store.atomically():
            instance, record, stored, now = _ongoing(context, checked, "paused")
            scheduled = record.scheduled_ms
            if scheduled is not None and scheduled > now:
                raise _conflict(
                    f"contact {contact_id!r} is scheduled for {shown(scheduled)}, later than "
                    "now; a task scheduled for a later time cannot be paused (move its schedule "
                    "with UpdateContactSchedule, or wait until it starts)"
                )
            if is_paused(stored):
                raise _conflict(
                    f"contact {contact_id!r} is already paused, since "
                    f"{shown(epoch_ms(stored['LastPausedTimestamp']) or 0)}; resume it first"
                )
            count = int(stored.get("TotalPauseCount") or 0)
            limit = _max_pauses(context)
            if count >= limit:
                raise ServiceError(
                    "LimitExceededException",
                    f"contact {contact_id!r} has been paused {count} times, the most a contact "
                    f"can be paused (TotalPauseCount is at most {limit}); it can still be "
                    "resumed, transferred or stopped",
                )
            paused_ms = pause_stamp_ms(stored, now)
            dequeue = connected_ms(stored) is None and enqueued_ms(stored) is not None

            def pause(contact: dict[str, Any]) -> dict[str, Any]:
                contact["LastPausedTimestamp"] = moment(paused_ms)
                contact["TotalPauseCount"] = count + 1
                if dequeue:
                    contact["QueueInfo"].pop("EnqueueTimestamp", None)
                contact["LastUpdateTimestamp"] = moment(now)
                return contact

            _replace(context, instance, record, pause)
        return {}


class ResumeContact(Operation):
    """Resumes the paused task named; the answer has no members (HTTP 200, empty body).

    Errors: a channel the operation does not support (InvalidRequestException); a task that
    has ended or expired, or is not paused (ConflictException)."""

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        contact_id: str = checked["ContactId"]
        with context.store.atomically():
            instance, record, stored, now = _ongoing(context, checked, "resumed")
            if not is_paused(stored):
                raise _conflict(
                    f"contact {contact_id!r} is not paused, so it cannot be resumed; pause it "
                    "first (PauseContact)"
                )
            paused_ms = epoch_ms(stored["LastPausedTimestamp"]) or 0
            resumed_ms = max(now, paused_ms)
            seconds = (resumed_ms - paused_ms) // 1000
            connected = connected_ms(stored) is not None
            requeue = not connected and "Id" in (stored.get("QueueInfo") or {})

            def resume(contact: dict[str, Any]) -> dict[str, Any]:
                contact["LastResumedTimestamp"] = moment(resumed_ms)
                total = int(contact.get("TotalPauseDurationInSeconds") or 0)
                contact["TotalPauseDurationInSeconds"] = total + seconds
                agent = contact.get("AgentInfo")
                if connected and agent is not None:
                    agent["AgentPauseDurationInSeconds"] = (
                        int(agent.get("AgentPauseDurationInSeconds") or 0) + seconds
                    )
                if requeue and "EnqueueTimestamp" not in contact["QueueInfo"]:
                    contact["QueueInfo"]["EnqueueTimestamp"] = moment(resumed_ms)
                contact["LastUpdateTimestamp"] = moment(now)
                return contact

            _replace(context, instance, record, resume)
        return {}


def supported_channels(context: Context) -> tuple[str, ...]:
    """The channels the installed model's documentation of the operation names: a task, and
    an email where it says so ("task or email contact", botocore 1.44 and later)."""
    documentation = str(context.view.operation.documentation or "").lower()
    return ("TASK", "EMAIL") if "email" in documentation else ("TASK",)


def _ongoing(
    context: Context, checked: dict[str, Any], action: str
) -> tuple[Instance, StoredContact, dict[str, Any], int]:
    """The instance, the contact (of a supported channel, not ended), its snapshot and now."""
    contact_id: str = checked["ContactId"]
    instance, record = context.contact(checked["InstanceId"], contact_id)
    channels = supported_channels(context)
    if record.channel not in channels:
        raise invalid_request(
            f"ContactId: contact {contact_id!r} is a {record.channel} contact; only "
            f"{' and '.join(channel.lower() for channel in channels)} contacts can be {action}"
        )
    stored = record.snapshot()
    now = now_ms()
    ended = ended_ms(stored, now)
    if ended is not None:
        how = "expired" if stored.get("DisconnectReason") == "EXPIRED" else "ended"
        raise _conflict(
            f"contact {contact_id!r} {how} at {shown(ended)}; an ended contact cannot be {action}"
        )
    return instance, record, stored, now


def _conflict(message: str) -> ServiceError:
    return ServiceError("ConflictException", message)


def _max_pauses(context: Context) -> int:
    """`TotalPauseCount`'s maximum in the installed model (10)."""
    member = context.store.model.stored_contact_shape.members.get("TotalPauseCount")
    limit = member.metadata.get("max") if member is not None else None
    return int(limit) if limit is not None else DEFAULT_MAX_PAUSES


def _replace(
    context: Context,
    instance: Instance,
    record: StoredContact,
    change: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    context.replace(instance, {record.id: change}, context.view.name)
