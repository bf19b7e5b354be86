"""SearchCriteria.RoutingCriteria: agent criteria against the contact's preferred agents.

The preferred agents are the AgentIds of every `MatchCriteria.AgentsCriteria` in the contact's
routing steps (nested And/Or expressions included). Per step, MatchType compares the request's
AgentIds with them: ALL request is a subset, ANY they overlap (the default), NONE they do not
overlap, EXACT the sets are equal; steps are ANDed. Contacts without routing criteria never
match. The section-10 contacts have none.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import A1, A2, I1, at, base_request, names
from connect_contacts_mock import ContactStore

A3 = "agent-a3"


def prefer(*agent_ids: str) -> dict[str, Any]:
    return {
        "AttributeCondition": {"MatchCriteria": {"AgentsCriteria": {"AgentIds": list(agent_ids)}}}
    }


def routed(contact_id: str, hour: int, *steps: dict[str, Any]) -> dict[str, Any]:
    return {
        "Id": contact_id,
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": at(hour),
        "RoutingCriteria": {"Steps": list(steps), "ActivationTimestamp": at(hour), "Index": 0},
    }


PROFICIENCY = {
    "AttributeCondition": {
        "Name": "Technology",
        "Value": "Connect",
        "ProficiencyLevel": 3.0,
        "ComparisonOperator": "NumberGreaterOrEqualTo",
    }
}
EXTRA = [
    routed("only-a1", 15, {"Expression": prefer(A1), "Status": "ACTIVE"}),
    routed("a1-and-a2", 16, {"Expression": prefer(A1, A2), "Status": "ACTIVE"}),
    routed("nested-a2", 17, {"Expression": {"AndExpression": [PROFICIENCY, prefer(A2)]}}),
    routed("skills-only", 18, {"Expression": PROFICIENCY, "Status": "ACTIVE"}),
    routed(
        "two-steps",
        19,
        {"Expression": prefer(A1), "Status": "EXPIRED"},
        {"Expression": {"OrExpression": [prefer(A3)]}, "Status": "ACTIVE"},
    ),
]
ROUTED = {"only-a1", "a1-and-a2", "nested-a2", "skills-only", "two-steps"}
EVERY = {"C1", "C2", "C3", "C4", "C6"} | ROUTED


@pytest.fixture
def contacts(spec_contacts: ContactStore) -> ContactStore:
    spec_contacts.add_many(EXTRA, instance_id=I1)
    return spec_contacts


def step(agent_ids: list[str], match_type: str | None = None) -> dict[str, Any]:
    criteria: dict[str, Any] = {"AgentIds": agent_ids}
    if match_type is not None:
        criteria["MatchType"] = match_type
    return {"AgentCriteria": criteria}


def found(client: Any, *steps: dict[str, Any]) -> set[str]:
    request = base_request(SearchCriteria={"RoutingCriteria": {"Steps": list(steps)}})
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("agent_ids", "match_type", "expected"),
    [
        pytest.param([A1], None, {"only-a1", "a1-and-a2", "two-steps"}, id="omitted-means-any"),
        pytest.param([A1], "MATCH_ANY", {"only-a1", "a1-and-a2", "two-steps"}, id="any-one"),
        pytest.param(
            [A1, A2],
            "MATCH_ANY",
            {"only-a1", "a1-and-a2", "nested-a2", "two-steps"},
            id="any-of-two",
        ),
        pytest.param([A2], "MATCH_ANY", {"a1-and-a2", "nested-a2"}, id="nested-expression"),
        pytest.param([A1, A2], "MATCH_ALL", {"a1-and-a2"}, id="all-request-ids-preferred"),
        pytest.param([A1, A3], "MATCH_ALL", {"two-steps"}, id="all-across-steps"),
        pytest.param([A1], "MATCH_EXACT", {"only-a1"}, id="exact-same-set"),
        pytest.param([A1, A2], "MATCH_EXACT", {"a1-and-a2"}, id="exact-two-agents"),
        pytest.param([A1], "MATCH_NONE", {"nested-a2", "skills-only"}, id="none-no-overlap"),
        pytest.param(["agent-unknown"], "MATCH_ANY", set(), id="unknown-agent"),
        pytest.param([], "MATCH_ALL", EVERY, id="empty-agent-ids-is-no-filter"),
    ],
)
def test_agent_criteria_compare_with_the_preferred_agents(
    contacts: ContactStore,
    client: Any,
    agent_ids: list[str],
    match_type: str | None,
    expected: set[str],
) -> None:
    """One step's AgentIds against the contact's preferred agents, by MatchType."""
    assert found(client, step(agent_ids, match_type)) == expected


def test_steps_are_anded(contacts: ContactStore, client: Any) -> None:
    """Two steps, A1 and A3: only the contact preferring both matches."""
    assert found(client, step([A1]), step([A3])) == {"two-steps"}


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param([], id="no-steps"),
        pytest.param([{}], id="step-without-agent-criteria"),
    ],
)
def test_routing_criteria_without_agent_ids_is_no_filter(
    contacts: ContactStore, client: Any, steps: list[dict[str, Any]]
) -> None:
    """Steps that name no agent filter nothing."""
    assert found(client, *steps) == EVERY


def test_contacts_without_routing_criteria_never_match_even_match_none(
    contacts: ContactStore, client: Any
) -> None:
    """NONE of [A3] returns the routed contacts not preferring A3, not the unrouted ones."""
    assert found(client, step([A3], "MATCH_NONE")) == ROUTED - {"two-steps"}
