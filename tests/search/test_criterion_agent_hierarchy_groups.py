"""SearchCriteria.AgentHierarchyGroups: the accepting agent's groups when handling the contact.

OR within a level, AND across levels. Besides C1 (A1: H1/H2), C2 and C6 (A2: H1/H3), the
contact `deep` was handled by an agent five levels deep (H1/H4/H5/H6/H7) and `ungrouped` by an
agent in no group; C3 and C4 were never connected to an agent.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import I1, at, base_request, group, names
from connect_contacts_mock import ContactStore

DEEP_GROUPS = {"Level1": "H1", "Level2": "H4", "Level3": "H5", "Level4": "H6", "Level5": "H7"}
EXTRA = [
    {
        "Id": "deep",
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(15),
        "AgentInfo": {
            "Id": "agent-a3",
            "ConnectedToAgentTimestamp": at(15, 1),
            "HierarchyGroups": {level: group(gid) for level, gid in DEEP_GROUPS.items()},
        },
    },
    {
        "Id": "ungrouped",
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(16),
        "AgentInfo": {"Id": "agent-a4", "ConnectedToAgentTimestamp": at(16, 1)},
    },
]
EVERY = {"C1", "C2", "C3", "C4", "C6", "deep", "ungrouped"}


@pytest.fixture
def contacts(spec_contacts: ContactStore) -> ContactStore:
    spec_contacts.add_many(EXTRA, instance_id=I1)
    return spec_contacts


def found(client: Any, groups: dict[str, list[str]]) -> set[str]:
    request = base_request(SearchCriteria={"AgentHierarchyGroups": groups})
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        pytest.param({"L1Ids": ["H1"]}, {"C1", "C2", "C6", "deep"}, id="one-level-one-group"),
        pytest.param({"L2Ids": ["H2"]}, {"C1"}, id="second-level-alone"),
        pytest.param({"L2Ids": ["H2", "H3"]}, {"C1", "C2", "C6"}, id="groups-in-a-level-are-ored"),
        pytest.param({"L1Ids": ["H1"], "L2Ids": ["H3"]}, {"C2", "C6"}, id="levels-are-anded"),
        pytest.param({"L1Ids": ["H1"], "L2Ids": ["H2", "H4"]}, {"C1", "deep"}, id="or-then-and"),
        pytest.param({"L2Ids": ["H2"], "L3Ids": ["H5"]}, set(), id="agent-lacking-the-level"),
        pytest.param({"L5Ids": ["H7"]}, {"deep"}, id="fifth-level-alone"),
        pytest.param(
            {"L3Ids": ["H5"], "L4Ids": ["H6"], "L5Ids": ["H7"]}, {"deep"}, id="deep-levels"
        ),
        pytest.param({"L1Ids": ["H2"]}, set(), id="group-at-another-level-does-not-count"),
        pytest.param({"L1Ids": ["H9"]}, set(), id="unknown-group"),
        pytest.param({"L1Ids": ["h1"]}, set(), id="ids-compare-exactly"),
        pytest.param({}, EVERY, id="no-level-is-no-filter"),
        pytest.param({"L1Ids": [], "L2Ids": []}, EVERY, id="empty-levels-are-no-filter"),
        pytest.param({"L1Ids": [], "L2Ids": ["H3"]}, {"C2", "C6"}, id="empty-level-is-skipped"),
    ],
)
def test_hierarchy_groups_or_within_a_level_and_across_levels(
    contacts: ContactStore, client: Any, groups: dict[str, list[str]], expected: set[str]
) -> None:
    """A contact matches when, at every level given, its agent's group is one of the Ids."""
    assert found(client, groups) == expected


@pytest.mark.parametrize("level", ["L1Ids", "L2Ids", "L3Ids", "L4Ids", "L5Ids"])
def test_contacts_without_agent_groups_never_match(
    contacts: ContactStore, client: Any, level: str
) -> None:
    """Contacts without an agent, or whose agent is in no group, match no level."""
    every_group = ["H1", "H2", "H3", "H4", "H5", "H6", "H7"]
    assert not found(client, {level: every_group}) & {"C3", "C4", "ungrouped"}
