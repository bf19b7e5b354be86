"""UpdateContactRoutingData (contact-operations spec, sections 0.1, 0.3, 0.4, 3.5, 7 and case
36).

In the fixture C4 is an email waiting in queue Q1 (no agent, not ended), C1 an ended voice
call, C2 a chat connected to agent A2, C3 a task never queued.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from conftest import A1, A2, C1, C2, C3, C4, I1, NOW, Q1, base_request
from connect_contacts_mock import ContactStore

from ._harness import client, error_of, sent

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    "UpdateContactRoutingData": lambda connect: connect.update_contact_routing_data(
        InstanceId=I1, ContactId=C4, QueuePriority=1
    ),
}


def prefer(*agent_ids: str, seconds: int | None = 60) -> dict[str, Any]:
    """A routing step preferring the agents named, expiring after `seconds`."""
    step: dict[str, Any] = {
        "Expression": {
            "AttributeCondition": {
                "Name": "Preferred agents",
                "MatchCriteria": {"AgentsCriteria": {"AgentIds": list(agent_ids)}},
                "ComparisonOperator": "Match",
            }
        }
    }
    if seconds is not None:
        step["Expiry"] = {"DurationInSeconds": seconds}
    return step


def route(contact_id: str = C4, **members: Any) -> dict[str, Any]:
    answer: dict[str, Any] = client().update_contact_routing_data(
        InstanceId=I1, ContactId=contact_id, **members
    )
    return answer


def described(contact_id: str = C4) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def preferring(*agent_ids: str) -> list[str]:
    """The 2024-05-01 contacts whose routing criteria prefer any of the agents named."""
    request = base_request(
        SearchCriteria={
            "RoutingCriteria": {"Steps": [{"AgentCriteria": {"AgentIds": list(agent_ids)}}]}
        }
    )
    return [contact["Id"] for contact in client().search_contacts(**request)["Contacts"]]


# -- wire ------------------------------------------------------------------------------------


def test_the_contact_is_in_the_path_and_the_routing_data_in_the_body(
    operations_store: ContactStore,
) -> None:
    request = sent(EXAMPLES["UpdateContactRoutingData"])
    assert request.method == "POST"
    assert request.url.endswith(f"/contacts/{I1}/{C4}/routing-data")
    assert json.loads(request.body) == {"QueuePriority": 1}


def test_an_update_answers_200_with_an_empty_body(operations_store: ContactStore) -> None:
    assert set(route(QueuePriority=1)) == {"ResponseMetadata"}
    call = operations_store.calls_to("UpdateContactRoutingData")[-1]
    assert (call.status, call.body) == (200, b"")


# -- case 36 ---------------------------------------------------------------------------------


def test_a_queued_email_gets_its_new_priority(operations_store: ContactStore) -> None:
    """Case 36: DescribeContact shows QueuePriority 1; only C4 changed."""
    before = {contact["Id"]: contact for contact in operations_store}
    route(QueuePriority=1)
    contact = described()
    assert (contact["QueuePriority"], contact["LastUpdateTimestamp"]) == (1, NOW)
    after = {contact["Id"]: contact for contact in operations_store}
    assert {key for key in before if after[key] != before[key]} == {C4}


def test_priority_and_age_together_are_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    """Case 36 [P]: "Either QueuePriority or QueueTimeAdjustmentInSeconds ..., but not
    both"."""
    before = list(operations_store)
    code, status, message = error_of(lambda: route(QueuePriority=1, QueueTimeAdjustmentSeconds=30))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "QueuePriority" in message and "QueueTimeAdjustmentSeconds" in message
    assert list(operations_store) == before


def test_an_ended_contact_is_a_resource_conflict(operations_store: ContactStore) -> None:
    """Case 36 [P]: C1 ended; the operation models no InvalidRequestException."""
    before = list(operations_store)
    code, status, message = error_of(lambda: route(C1, QueuePriority=1))
    assert (code, status) == ("ResourceConflictException", 409)
    assert "ended at 2024-05-01T10:05:00Z" in message
    assert list(operations_store) == before


# -- more refusals ---------------------------------------------------------------------------


def test_nothing_to_update_is_an_invalid_parameter(operations_store: ContactStore) -> None:
    code, status, message = error_of(lambda: route())
    assert (code, status) == ("InvalidParameterException", 400)
    assert "nothing to update" in message


def test_routing_criteria_without_steps_is_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    code, status, message = error_of(lambda: route(RoutingCriteria={"Steps": []}))
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("RoutingCriteria.Steps")


@pytest.mark.parametrize(
    ("contact_id", "words"),
    [(C2, "connected to an agent"), (C3, "not in a queue")],
    ids=["connected-chat", "never-queued-task"],
)
def test_a_contact_not_waiting_in_a_queue_is_a_resource_conflict(
    operations_store: ContactStore, contact_id: str, words: str
) -> None:
    before = list(operations_store)
    code, status, message = error_of(lambda: route(contact_id, QueuePriority=1))
    assert (code, status) == ("ResourceConflictException", 409)
    assert words in message
    assert list(operations_store) == before


def test_a_paused_task_is_a_resource_conflict(operations_store: ContactStore) -> None:
    """A paused task is dequeued until it is resumed (section 3.6)."""
    task = operations_store.add(
        {
            "Channel": "TASK",
            "InitiationMethod": "API",
            "InitiationTimestamp": NOW,
            "QueueInfo": {"Id": Q1, "EnqueueTimestamp": NOW},
        },
        instance_id=I1,
    )
    client().pause_contact(InstanceId=I1, ContactId=task)
    code, _, message = error_of(lambda: route(task, QueuePriority=1))
    assert code == "ResourceConflictException"
    assert "paused" in message
    client().resume_contact(InstanceId=I1, ContactId=task)
    route(task, QueuePriority=1)


# -- what is stored --------------------------------------------------------------------------


def test_age_and_priority_each_replace_their_own_value(operations_store: ContactStore) -> None:
    route(QueueTimeAdjustmentSeconds=-30)
    route(QueuePriority=3)
    route(QueueTimeAdjustmentSeconds=120)
    contact = described()
    assert (contact["QueuePriority"], contact["QueueTimeAdjustmentSeconds"]) == (3, 120)


def test_routing_criteria_are_activated_now_with_the_first_step_active(
    operations_store: ContactStore,
) -> None:
    """Section 3.5 [P]: steps in order, the first ACTIVE; each expiry now + its duration;
    ActivationTimestamp now; Index 0, then one more for each new criteria."""
    route(RoutingCriteria={"Steps": [prefer(A1, seconds=30), prefer(A1, A2, seconds=None)]})
    criteria = described()["RoutingCriteria"]
    assert criteria == {
        "Steps": [
            {
                "Expiry": {
                    "DurationInSeconds": 30,
                    "ExpiryTimestamp": NOW + datetime.timedelta(seconds=30),
                },
                "Expression": prefer(A1)["Expression"],
                "Status": "ACTIVE",
            },
            {"Expression": prefer(A1, A2)["Expression"], "Status": "INACTIVE"},
        ],
        "ActivationTimestamp": NOW,
        "Index": 0,
    }
    route(RoutingCriteria={"Steps": [prefer(A2)]}, QueuePriority=2)
    contact = described()
    assert contact["RoutingCriteria"]["Index"] == 1
    assert contact["QueuePriority"] == 2


def test_search_sees_the_latest_routing_criteria(operations_store: ContactStore) -> None:
    """Section 7: the summary's RoutingCriteria and `SearchCriteria.RoutingCriteria` use the
    latest criteria."""
    assert preferring(A1) == []
    route(RoutingCriteria={"Steps": [prefer(A1)]})
    assert preferring(A1) == [C4]
    route(RoutingCriteria={"Steps": [prefer(A2)]})
    assert preferring(A1) == []
    assert preferring(A2) == [C4]
    summary = next(
        contact
        for contact in client().search_contacts(**base_request())["Contacts"]
        if contact["Id"] == C4
    )
    assert summary["RoutingCriteria"]["Steps"][0]["Status"] == "ACTIVE"
