"""How SearchCriteria members combine: different members are ANDed, empty ones filter nothing."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import A1, A2, Q1, Q2, base_request, names

DAY = {"C1", "C2", "C3", "C4", "C6"}


def found(client: Any, criteria: dict[str, Any]) -> set[str]:
    response = client.search_contacts(**base_request(SearchCriteria=criteria))
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        pytest.param({"Channels": ["VOICE"], "QueueIds": [Q2]}, {"C6"}, id="channel-and-queue"),
        pytest.param({"AgentIds": [A1], "Channels": ["CHAT"]}, set(), id="disjoint-members"),
        pytest.param(
            {
                "Channels": ["VOICE", "CHAT"],
                "AgentIds": [A1, A2],
                "InitiationMethods": ["INBOUND"],
            },
            {"C1", "C2"},
            id="three-members",
        ),
        pytest.param(
            {
                "QueueIds": [Q1],
                "Name": {"SearchText": ["inquiry"], "MatchType": "MATCH_ANY"},
            },
            {"C4"},
            id="list-member-and-name",
        ),
        pytest.param(
            {
                "Channels": ["VOICE"],
                "ContactTags": {"TagCondition": {"TagKey": "Dept", "TagValue": "Sales"}},
                "SearchableSegmentAttributes": {
                    "Criteria": [{"Key": "connect:Subtype", "Values": ["connect:Telephony"]}]
                },
            },
            {"C1"},
            id="tags-and-segments",
        ),
    ],
)
def test_different_members_are_anded(
    spec_contacts: Any, client: Any, criteria: dict[str, Any], expected: set[str]
) -> None:
    """A contact is returned only when every member given matches it."""
    assert found(client, criteria) == expected


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        pytest.param({}, DAY, id="no-member"),
        pytest.param(
            {
                "AgentIds": [],
                "QueueIds": [],
                "Channels": [],
                "InitiationMethods": [],
                "ActiveRegions": [],
                "AgentHierarchyGroups": {},
            },
            DAY,
            id="every-list-member-empty",
        ),
        pytest.param(
            {"Channels": [], "QueueIds": [Q1, Q2], "AgentIds": []},
            {"C1", "C2", "C4", "C6"},
            id="empty-members-beside-a-filter",
        ),
    ],
)
def test_empty_members_filter_nothing(
    spec_contacts: Any, client: Any, criteria: dict[str, Any], expected: set[str]
) -> None:
    """Empty lists add no condition: the result is what the other members give."""
    assert found(client, criteria) == expected
