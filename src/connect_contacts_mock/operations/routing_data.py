"""UpdateContactRoutingData: a queued contact's routing priority, routing age or criteria.

"Either QueuePriority or QueueTimeAdjustmentInSeconds should be provided within the request
body, but not both" (the model's documentation); `RoutingCriteria` may come alone or with
either. Both, or none of the three, is InvalidParameterException (the operation models no
InvalidRequestException). Only a contact waiting in a queue can be re-routed: one never
queued, already connected to an agent, ended or paused is ResourceConflictException.

`QueuePriority` and `QueueTimeAdjustmentSeconds` replace the stored value of that member (the
other is kept). `RoutingCriteria` becomes the contact's criteria as DescribeContact and the
search summary show them: its steps in order, the first ACTIVE and the others INACTIVE, each
step's `Expiry.ExpiryTimestamp` now plus its `DurationInSeconds`, `ActivationTimestamp` now and
`Index` one more than the criteria it replaces (0 for the first). `LastUpdateTimestamp` is now.
"""

from __future__ import annotations

import datetime
from typing import Any

from connect_contacts_mock._clock import now_ms
from connect_contacts_mock.errors import ServiceError, invalid_parameter
from connect_contacts_mock.lifecycle import (
    connected_ms,
    ended_ms,
    enqueued_ms,
    is_paused,
    moment,
    shown,
)
from connect_contacts_mock.operations import Context, Operation

PRIORITY = "QueuePriority"
AGE = "QueueTimeAdjustmentSeconds"
CRITERIA = "RoutingCriteria"


class UpdateContactRoutingData(Operation):
    """Updates the routing data sent on the queued contact named; the answer has no members
    (HTTP 200, empty body). Nothing changes on an error."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        if PRIORITY in params and AGE in params:
            raise invalid_parameter(
                f"{PRIORITY} and {AGE}: send one of them, not both (a contact's position in "
                f"queue is changed by its priority or by its routing age); {CRITERIA} may go "
                "with either"
            )
        if not any(name in params for name in (PRIORITY, AGE, CRITERIA)):
            raise invalid_parameter(
                f"UpdateContactRoutingData: nothing to update; send {PRIORITY} or {AGE}, "
                f"{CRITERIA}, or {CRITERIA} with one of the other two"
            )
        if CRITERIA in params and not params[CRITERIA].get("Steps"):
            raise invalid_parameter(
                f"{CRITERIA}.Steps: routing criteria need at least one step (an Expression, "
                "and optionally an Expiry); leave RoutingCriteria out to keep the contact's own"
            )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        contact_id: str = checked["ContactId"]
        with context.store.atomically():
            instance, record = context.contact(checked["InstanceId"], contact_id)
            stored = record.snapshot()
            now = now_ms()
            why = _not_queued(stored, now)
            if why is not None:
                raise ServiceError(
                    "ResourceConflictException",
                    f"contact {contact_id!r} {why}; only a contact waiting in a queue can have "
                    "its routing data updated",
                )

            def reroute(contact: dict[str, Any]) -> dict[str, Any]:
                for name in (PRIORITY, AGE):
                    if name in checked:
                        contact[name] = checked[name]
                if CRITERIA in checked:
                    contact[CRITERIA] = _criteria(
                        checked[CRITERIA]["Steps"], contact.get(CRITERIA), now
                    )
                contact["LastUpdateTimestamp"] = moment(now)
                return contact

            context.replace(instance, {record.id: reroute}, "UpdateContactRoutingData")
        return {}


def _not_queued(contact: dict[str, Any], now: int) -> str | None:
    """Why the contact is not waiting in a queue, or None when it is."""
    ended = ended_ms(contact, now)
    if ended is not None:
        return f"ended at {shown(ended)}"
    connected = connected_ms(contact)
    if connected is not None:
        return f"was connected to an agent at {shown(connected)}"
    if is_paused(contact):
        return "is paused (a paused task is dequeued until it is resumed)"
    if enqueued_ms(contact) is None:
        return "is not in a queue"
    return None


def _criteria(
    steps: list[dict[str, Any]], previous: dict[str, Any] | None, now: int
) -> dict[str, Any]:
    """The contact's `RoutingCriteria` made of the request's steps, activated at `now`."""
    made: list[dict[str, Any]] = []
    for position, step in enumerate(steps):
        stored: dict[str, Any] = {}
        expiry = step.get("Expiry")
        if expiry is not None:
            stored["Expiry"] = dict(expiry)
            seconds = expiry.get("DurationInSeconds")
            if seconds is not None:
                stored["Expiry"]["ExpiryTimestamp"] = moment(now) + datetime.timedelta(
                    seconds=seconds
                )
        if "Expression" in step:
            stored["Expression"] = step["Expression"]
        stored["Status"] = "ACTIVE" if position == 0 else "INACTIVE"
        made.append(stored)
    index = (previous or {}).get("Index")
    return {
        "Steps": made,
        "ActivationTimestamp": moment(now),
        "Index": 0 if index is None else int(index) + 1,
    }
