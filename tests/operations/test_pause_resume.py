"""PauseContact and ResumeContact (contact-operations spec, sections 0.1, 0.4, 3.6, 7 and cases
3, 35).

In the fixture C3 is a task in progress (its schedule, 2024-05-02, has passed; no queue, no
agent, no expiry), C1 an ended voice call, C4 a queued email. Tests that need a queued or
connected task seed one as StartTaskContact makes it.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from freezegun import freeze_time

from conftest import A1, C1, C3, C4, I1, NOW, Q1
from connect_contacts_mock import ContactStore

from ._harness import REGION, client, default_attempts, error_of, sent


def _pause_then_resume(connect: Any) -> Any:
    connect.pause_contact(InstanceId=I1, ContactId=C3)
    return connect.resume_contact(InstanceId=I1, ContactId=C3)


#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards); C3 must be paused before it can be resumed.
EXAMPLES = {
    "PauseContact": lambda connect: connect.pause_contact(InstanceId=I1, ContactId=C3),
    "ResumeContact": _pause_then_resume,
}

TASK = "t1000000-0000-4000-8000-000000000001"
STARTED = NOW - datetime.timedelta(hours=1)
LATER = NOW + datetime.timedelta(seconds=90)


def add_task(store: ContactStore, contact_id: str = TASK, **members: Any) -> str:
    """A task as StartTaskContact makes it an hour before now, waiting in queue Q1, expiring
    7 days after it started."""
    expiry = (STARTED + datetime.timedelta(days=7)).isoformat().replace("+00:00", "Z")
    task: dict[str, Any] = {
        "Id": contact_id,
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": STARTED,
        "Name": "Call back",
        "QueueInfo": {"Id": Q1, "EnqueueTimestamp": STARTED},
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


def pause(contact_id: str = TASK, **members: Any) -> dict[str, Any]:
    answer: dict[str, Any] = client().pause_contact(InstanceId=I1, ContactId=contact_id, **members)
    return answer


def resume(contact_id: str = TASK, **members: Any) -> dict[str, Any]:
    answer: dict[str, Any] = client().resume_contact(InstanceId=I1, ContactId=contact_id, **members)
    return answer


def described(contact_id: str = TASK) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def enqueued_in_the_last_two_hours(queue_id: str = Q1) -> list[str]:
    found = client().search_contacts(
        InstanceId=I1,
        TimeRange={
            "Type": "ENQUEUE_TIMESTAMP",
            "StartTime": NOW - datetime.timedelta(hours=2),
            "EndTime": NOW + datetime.timedelta(hours=1),
        },
        SearchCriteria={"QueueIds": [queue_id]},
    )
    return [contact["Id"] for contact in found["Contacts"]]


# -- wire ------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["pause", "resume"])
def test_pause_and_resume_post_the_contact_in_the_body(
    operations_store: ContactStore, operation: str
) -> None:
    if operation == "resume":
        pause(C3)
    request = sent(
        lambda connect: getattr(connect, f"{operation}_contact")(
            InstanceId=I1, ContactId=C3, ContactFlowId="flow-1"
        )
    )
    assert request.method == "POST"
    assert request.url.endswith(f"/contact/{operation}")
    assert json.loads(request.body) == {
        "InstanceId": I1,
        "ContactId": C3,
        "ContactFlowId": "flow-1",
    }


def test_pause_and_resume_answer_200_with_an_empty_body(operations_store: ContactStore) -> None:
    """Case 3: boto3 returns only ResponseMetadata."""
    assert set(pause(C3)) == {"ResponseMetadata"}
    assert set(resume(C3)) == {"ResponseMetadata"}
    for call in operations_store.calls:
        assert (call.status, call.body) == (200, b"")


# -- case 35 ---------------------------------------------------------------------------------


def test_a_pause_then_a_resume_record_when_and_for_how_long(
    operations_store: ContactStore,
) -> None:
    """Case 35: LastPausedTimestamp and TotalPauseCount 1; after 90 mock seconds,
    LastResumedTimestamp and TotalPauseDurationInSeconds 90."""
    add_task(operations_store)
    pause()
    paused = described()
    assert (paused["LastPausedTimestamp"], paused["TotalPauseCount"]) == (NOW, 1)
    assert paused["LastUpdateTimestamp"] == NOW
    assert "LastResumedTimestamp" not in paused
    with freeze_time(LATER):
        resume()
        resumed = described()
    assert resumed["LastResumedTimestamp"] == LATER
    assert resumed["TotalPauseDurationInSeconds"] == 90
    assert (resumed["TotalPauseCount"], resumed["LastUpdateTimestamp"]) == (1, LATER)


def test_a_second_pause_is_a_conflict(operations_store: ContactStore) -> None:
    """Case 35 [P]."""
    add_task(operations_store)
    pause()
    before = list(operations_store)
    code, status, message = error_of(pause)
    assert (code, status) == ("ConflictException", 409)
    assert "already paused" in message
    assert list(operations_store) == before


def test_pausing_a_voice_contact_is_an_invalid_request(operations_store: ContactStore) -> None:
    """Case 35 [P]: "Allows pausing an ongoing task contact"."""
    before = list(operations_store)
    code, status, message = error_of(lambda: pause(C1))
    assert (code, status) == ("InvalidRequestException", 400)
    assert "VOICE" in message and "task" in message
    code, _, _ = error_of(lambda: resume(C1))
    assert code == "InvalidRequestException"
    assert list(operations_store) == before


def test_an_email_is_not_paused_under_a_model_that_names_tasks_only(
    operations_store: ContactStore,
) -> None:
    """The installed model says "an ongoing task contact"; a model saying "task or email"
    would allow C4."""
    documentation = operations_store.model.operation_view("PauseContact").operation.documentation
    expected = "InvalidRequestException" if "email" not in documentation.lower() else None
    if expected is None:
        pause(C4)
        assert described(C4)["TotalPauseCount"] == 1
    else:
        assert error_of(lambda: pause(C4))[0] == expected


# -- the queue while paused ------------------------------------------------------------------


def test_a_queued_task_leaves_its_queue_while_paused_and_comes_back_on_resume(
    operations_store: ContactStore,
) -> None:
    """Section 3.6: a paused task waiting in a queue is dequeued (it keeps the queue's Id,
    without an EnqueueTimestamp) and re-queued with a new EnqueueTimestamp on resume."""
    add_task(operations_store)
    assert enqueued_in_the_last_two_hours() == [TASK]
    pause()
    assert described()["QueueInfo"] == {"Id": Q1}
    assert enqueued_in_the_last_two_hours() == []
    with freeze_time(LATER):
        resume()
        assert described()["QueueInfo"] == {"Id": Q1, "EnqueueTimestamp": LATER}
        assert enqueued_in_the_last_two_hours() == [TASK]


def test_a_task_with_an_agent_keeps_its_queue_and_counts_the_agents_pause(
    operations_store: ContactStore,
) -> None:
    """Connected to an agent, the task is not in the queue any more: its QueueInfo stays as
    history, and the pause also counts in AgentInfo.AgentPauseDurationInSeconds."""
    add_task(operations_store, AgentInfo={"Id": A1, "ConnectedToAgentTimestamp": STARTED})
    pause()
    assert described()["QueueInfo"] == {"Id": Q1, "EnqueueTimestamp": STARTED}
    with freeze_time(LATER):
        resume()
    contact = described()
    assert contact["QueueInfo"] == {"Id": Q1, "EnqueueTimestamp": STARTED}
    assert contact["AgentInfo"]["AgentPauseDurationInSeconds"] == 90


def test_pause_durations_add_up(operations_store: ContactStore) -> None:
    add_task(operations_store)
    for start, seconds in ((0, 30), (100, 45)):
        with freeze_time(NOW + datetime.timedelta(seconds=start)):
            pause()
        with freeze_time(NOW + datetime.timedelta(seconds=start + seconds)):
            resume()
    contact = described()
    assert (contact["TotalPauseCount"], contact["TotalPauseDurationInSeconds"]) == (2, 75)


def test_pause_resume_and_pause_again_in_one_frozen_instant(
    operations_store: ContactStore,
) -> None:
    """Under a frozen clock the state stays clear: a pause in the millisecond of the last
    resume is stamped 1 ms after it, so the task reads as paused."""
    add_task(operations_store)
    pause()
    resume()
    pause()
    contact = described()
    assert contact["TotalPauseCount"] == 2
    assert contact["LastResumedTimestamp"] == NOW
    assert contact["LastPausedTimestamp"] == NOW + datetime.timedelta(milliseconds=1)
    assert error_of(pause)[0] == "ConflictException"
    resume()
    assert described()["TotalPauseDurationInSeconds"] == 0


# -- conflicts and limits --------------------------------------------------------------------


def test_resuming_a_task_that_is_not_paused_is_a_conflict(
    operations_store: ContactStore,
) -> None:
    add_task(operations_store)
    before = list(operations_store)
    code, status, message = error_of(resume)
    assert (code, status) == ("ConflictException", 409)
    assert "not paused" in message
    assert list(operations_store) == before


def test_an_ended_task_is_neither_paused_nor_resumed(operations_store: ContactStore) -> None:
    add_task(operations_store)
    pause()
    client().stop_contact(InstanceId=I1, ContactId=TASK)
    before = list(operations_store)
    for step in (pause, resume):
        code, status, message = error_of(step)
        assert (code, status) == ("ConflictException", 409)
        assert "ended" in message
    assert list(operations_store) == before


def test_an_expired_task_is_a_conflict(operations_store: ContactStore) -> None:
    """ "all tasks that aren't expired": expiry runs first (section 1.1)."""
    add_task(operations_store)
    with freeze_time(NOW + datetime.timedelta(days=7)):
        code, status, message = error_of(pause)
        assert described()["DisconnectReason"] == "EXPIRED"
    assert (code, status) == ("ConflictException", 409)
    assert "expired" in message


def test_a_task_scheduled_for_later_cannot_be_paused(operations_store: ContactStore) -> None:
    add_task(operations_store, ScheduledTimestamp=NOW + datetime.timedelta(days=1))
    code, status, message = error_of(pause)
    assert (code, status) == ("ConflictException", 409)
    assert "scheduled" in message
    with freeze_time(NOW + datetime.timedelta(days=1)):
        pause()


@pytest.mark.connect_contacts(retry_sleep=False)
def test_the_eleventh_pause_is_limit_exceeded(operations_store: ContactStore) -> None:
    """TotalPauseCount is at most 10 (the model's bound). LimitExceededException is a 429,
    which botocore retries (5 attempts in legacy mode)."""
    add_task(operations_store)
    for second in range(10):
        with freeze_time(NOW + datetime.timedelta(seconds=2 * second)):
            pause()
        with freeze_time(NOW + datetime.timedelta(seconds=2 * second + 1)):
            resume()
    before = list(operations_store)
    with freeze_time(NOW + datetime.timedelta(minutes=1)):
        code, status, message = error_of(pause)
    assert (code, status) == ("LimitExceededException", 429)
    assert "10 times" in message
    assert [call.status for call in operations_store.calls_to("PauseContact")][10:] == [
        429
    ] * default_attempts()
    assert list(operations_store) == before


def test_the_eleventh_pause_without_retries_fails_once(operations_store: ContactStore) -> None:
    """A seeded task that has been paused 10 times is refused at once by a client without
    retries."""
    add_task(operations_store, TotalPauseCount=10)
    single = boto3.client(
        "connect", region_name=REGION, config=Config(retries={"total_max_attempts": 1})
    )
    code, _, _ = error_of(lambda: single.pause_contact(InstanceId=I1, ContactId=TASK))
    assert code == "LimitExceededException"
    assert len(operations_store.calls_to("PauseContact")) == 1
