"""UpdateContactSchedule: move the scheduled time of a task that has not started yet.

"Updates the scheduled time of a task contact that is already scheduled"; the new time "cannot
be in the past. It must be within up to 6 days in future" (the model's documentation). The
contact must be a TASK with a `ScheduledTimestamp` still ahead of the mock clock and not ended
(InvalidRequestException otherwise); the time is then checked against now at whole seconds, as
botocore sends it (InvalidParameterException when before now or more than 6 days ahead).
Success sets `ScheduledTimestamp` (searched by `SCHEDULED_TIMESTAMP`) and
`LastUpdateTimestamp`; the task's `connect:ContactExpiry` is left as it was.
"""

from __future__ import annotations

import datetime
from typing import Any

from connect_contacts_mock._clock import now_ms, seconds_to_ms
from connect_contacts_mock.errors import invalid_parameter, invalid_request
from connect_contacts_mock.lifecycle import ended_ms, moment, shown
from connect_contacts_mock.operations import Context, Operation

#: "It must be within up to 6 days in future" (the model's documentation of ScheduledTime).
MAX_AHEAD = datetime.timedelta(days=6)
SCHEDULED_CHANNEL = "TASK"


class UpdateContactSchedule(Operation):
    """Gives the scheduled task named a new `ScheduledTimestamp`; the answer has no members
    (HTTP 200, empty body). Errors, in the order they are found: the contact not shown
    (ResourceNotFoundException); not a task, not scheduled, already started or ended
    (InvalidRequestException); `ScheduledTime` in the past or more than 6 days ahead
    (InvalidParameterException). Nothing changes on an error."""

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        contact_id: str = checked["ContactId"]
        scheduled_time: float = checked["ScheduledTime"]  # epoch seconds, as sent
        with context.store.atomically():
            instance, record = context.contact(checked["InstanceId"], contact_id)
            now = now_ms()
            if record.channel != SCHEDULED_CHANNEL:
                raise invalid_request(
                    f"ContactId: contact {contact_id!r} is a {record.channel} contact; only a "
                    "task contact that is scheduled can have its schedule updated"
                )
            scheduled = record.scheduled_ms
            if scheduled is None:
                raise invalid_request(
                    f"ContactId: task {contact_id!r} has no ScheduledTimestamp; only a task "
                    "that is already scheduled can have its schedule updated"
                )
            ended = ended_ms(record.snapshot(), now)
            if ended is not None:
                raise invalid_request(
                    f"ContactId: task {contact_id!r} ended at {shown(ended)}; the schedule of "
                    "an ended task cannot be updated"
                )
            if scheduled <= now:
                raise invalid_request(
                    f"ContactId: task {contact_id!r} was scheduled for {shown(scheduled)}, "
                    "which has already passed; only a schedule still ahead can be updated"
                )
            wanted_s = seconds_to_ms(scheduled_time) // 1000
            now_s = now // 1000
            latest_s = now_s + int(MAX_AHEAD.total_seconds())
            if not now_s <= wanted_s <= latest_s:
                where = "is in the past" if wanted_s < now_s else "is more than 6 days ahead"
                raise invalid_parameter(
                    f"ScheduledTime: {shown(wanted_s * 1000)} {where}; it must be between now "
                    f"({shown(now_s * 1000)}) and 6 days from now ({shown(latest_s * 1000)})"
                )
            stamp = moment(wanted_s * 1000)

            def reschedule(contact: dict[str, Any]) -> dict[str, Any]:
                contact["ScheduledTimestamp"] = stamp
                contact["LastUpdateTimestamp"] = moment(now)
                return contact

            context.replace(instance, {record.id: reschedule}, "ScheduledTime")
        return {}
