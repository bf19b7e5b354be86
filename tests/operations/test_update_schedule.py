"""UpdateContactSchedule (contact-operations spec, sections 0.1, 0.4, 3.4, 7 and case 37).

In the fixture C3 is a task scheduled for 2024-05-02T09:00Z, a schedule the fixture's clock
(2024-05-10) has passed; C1 is an ended voice call. Tests that need a task still waiting for
its schedule seed one as StartTaskContact makes it (`ScheduledTime` now + 1 day).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from freezegun import freeze_time

from conftest import C1, C3, I1, NOW, at
from connect_contacts_mock import ContactStore

from ._harness import client, error_of, sent


def _before_c3_is_due(connect: Any) -> Any:
    """On 2024-05-02T08:00Z C3 still waits for its 09:00 schedule: move it to 10:00."""
    with freeze_time(at(8, day=2)):
        return connect.update_contact_schedule(
            InstanceId=I1, ContactId=C3, ScheduledTime=at(10, day=2)
        )


#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards): the fixture's only scheduled task is due already at the fixture's now,
#: so the example runs an hour before C3's schedule.
EXAMPLES = {"UpdateContactSchedule": _before_c3_is_due}

TASK = "t1000000-0000-4000-8000-000000000001"
DAY = datetime.timedelta(days=1)


def add_task(store: ContactStore, contact_id: str = TASK, **members: Any) -> str:
    """A task as StartTaskContact makes it now with `ScheduledTime` now + 1 day: expiring 7
    days after its schedule."""
    expiry = (NOW + 8 * DAY).isoformat().replace("+00:00", "Z")
    task: dict[str, Any] = {
        "Id": contact_id,
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": NOW,
        "ScheduledTimestamp": NOW + DAY,
        "Name": "Call back tomorrow",
        "SegmentAttributes": {
            "connect:ContactExpiry": {
                "ValueMap": {
                    "ExpiryDuration": {"ValueInteger": 10080},
                    "ExpiryTimeStamp": {"ValueString": expiry},
                }
            }
        },
        **members,
    }
    return store.add(task, instance_id=I1)


def reschedule(when: datetime.datetime, contact_id: str = TASK) -> dict[str, Any]:
    answer: dict[str, Any] = client().update_contact_schedule(
        InstanceId=I1, ContactId=contact_id, ScheduledTime=when
    )
    return answer


def described(contact_id: str = TASK) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def scheduled_between(start: datetime.datetime, end: datetime.datetime) -> list[str]:
    found = client().search_contacts(
        InstanceId=I1, TimeRange={"Type": "SCHEDULED_TIMESTAMP", "StartTime": start, "EndTime": end}
    )
    return [contact["Id"] for contact in found["Contacts"]]


# -- wire ------------------------------------------------------------------------------------


def test_the_new_time_travels_as_whole_epoch_seconds(operations_store: ContactStore) -> None:
    """`POST /contact/schedule`; botocore sends `ScheduledTime` as integer seconds."""
    add_task(operations_store)
    request = sent(
        lambda connect: connect.update_contact_schedule(
            InstanceId=I1, ContactId=TASK, ScheduledTime=NOW + 2 * DAY
        )
    )
    assert request.method == "POST"
    assert request.url.endswith("/contact/schedule")
    body = json.loads(request.body)
    assert body == {
        "InstanceId": I1,
        "ContactId": TASK,
        "ScheduledTime": int((NOW + 2 * DAY).timestamp()),
    }


def test_a_reschedule_answers_200_with_an_empty_body(operations_store: ContactStore) -> None:
    add_task(operations_store)
    assert set(reschedule(NOW + 2 * DAY)) == {"ResponseMetadata"}
    call = operations_store.calls_to("UpdateContactSchedule")[-1]
    assert (call.status, call.body) == (200, b"")


# -- case 37 ---------------------------------------------------------------------------------


def test_a_scheduled_task_gets_its_new_time_and_is_searched_by_it(
    operations_store: ContactStore,
) -> None:
    """Case 37: the new ScheduledTimestamp is described and found by SCHEDULED_TIMESTAMP;
    the old one finds nothing; the expiry stays as it was."""
    add_task(operations_store)
    expiry_before = described()["SegmentAttributes"]
    reschedule(NOW + 2 * DAY)
    contact = described()
    assert contact["ScheduledTimestamp"] == NOW + 2 * DAY
    assert contact["LastUpdateTimestamp"] == NOW
    assert contact["SegmentAttributes"] == expiry_before
    hour = datetime.timedelta(hours=1)
    assert scheduled_between(NOW + 2 * DAY - hour, NOW + 2 * DAY + hour) == [TASK]
    assert scheduled_between(NOW + DAY - hour, NOW + DAY + hour) == []


def test_a_task_whose_schedule_has_passed_is_an_invalid_request(
    operations_store: ContactStore,
) -> None:
    """Case 37 [P]: C3's schedule (2024-05-02) is behind the clock."""
    before = list(operations_store)
    code, status, message = error_of(lambda: reschedule(NOW + DAY, C3))
    assert (code, status) == ("InvalidRequestException", 400)
    assert "2024-05-02T09:00:00Z" in message and "passed" in message
    assert list(operations_store) == before


def test_a_voice_contact_is_an_invalid_request(operations_store: ContactStore) -> None:
    """Case 37 [P]: only a task is scheduled."""
    code, status, message = error_of(lambda: reschedule(NOW + DAY, C1))
    assert (code, status) == ("InvalidRequestException", 400)
    assert "VOICE" in message


def test_a_task_without_a_schedule_is_an_invalid_request(
    operations_store: ContactStore,
) -> None:
    """ "a task contact that is already scheduled"."""
    contact_id = operations_store.add(
        {"Channel": "TASK", "InitiationMethod": "API", "InitiationTimestamp": NOW},
        instance_id=I1,
    )
    code, status, message = error_of(lambda: reschedule(NOW + DAY, contact_id))
    assert (code, status) == ("InvalidRequestException", 400)
    assert "no ScheduledTimestamp" in message


def test_an_ended_scheduled_task_is_an_invalid_request(operations_store: ContactStore) -> None:
    add_task(operations_store)
    client().stop_contact(InstanceId=I1, ContactId=TASK)
    before = list(operations_store)
    code, status, message = error_of(lambda: reschedule(NOW + 2 * DAY))
    assert (code, status) == ("InvalidRequestException", 400)
    assert "ended" in message
    assert list(operations_store) == before


# -- the new time: now .. now + 6 days, at whole seconds -------------------------------------


@pytest.mark.parametrize(
    ("offset", "words"),
    [
        (-datetime.timedelta(seconds=1), "in the past"),
        (6 * DAY + datetime.timedelta(seconds=1), "more than 6 days ahead"),
        (7 * DAY, "more than 6 days ahead"),
    ],
    ids=["a-second-ago", "six-days-and-a-second", "seven-days"],
)
def test_a_time_outside_the_next_six_days_is_an_invalid_parameter(
    operations_store: ContactStore, offset: datetime.timedelta, words: str
) -> None:
    """ "cannot be in the past. It must be within up to 6 days in future"."""
    add_task(operations_store)
    before = list(operations_store)
    code, status, message = error_of(lambda: reschedule(NOW + offset))
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("ScheduledTime:") and words in message
    assert list(operations_store) == before


@pytest.mark.parametrize(
    "offset",
    [datetime.timedelta(0), 6 * DAY, 6 * DAY + datetime.timedelta(milliseconds=900)],
    ids=["now", "six-days", "six-days-and-a-fraction"],
)
def test_the_bounds_are_inclusive_at_whole_seconds(
    operations_store: ContactStore, offset: datetime.timedelta
) -> None:
    """botocore drops sub-seconds, so six days and 0.9 s arrives as six days."""
    add_task(operations_store)
    reschedule(NOW + offset)
    expected = (NOW + offset).replace(microsecond=0)
    assert described()["ScheduledTimestamp"] == expected


def test_the_bounds_follow_the_mock_clock(operations_store: ContactStore) -> None:
    """Twelve hours on, six and a half days after the first now is within the six days."""
    add_task(operations_store)
    with freeze_time(NOW + datetime.timedelta(hours=12)):
        reschedule(NOW + 6 * DAY + datetime.timedelta(hours=12))
        assert described()["ScheduledTimestamp"] == NOW + 6 * DAY + datetime.timedelta(hours=12)
