"""SearchCriteria.AgentIds: the agent who accepted the contact (`AgentInfo.Id`); values ORed."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import A1, A2, at, base_request, names

#: C1..C6: the section-10 contacts from 2024-04-30 on (C5 is A1's outbound call).
EVERY = {"C1", "C2", "C3", "C4", "C5", "C6"}


def found(client: Any, agent_ids: list[str]) -> set[str]:
    request = base_request(SearchCriteria={"AgentIds": agent_ids})
    request["TimeRange"]["StartTime"] = at(0, day=30, month=4)
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("agent_ids", "expected"),
    [
        pytest.param([A1], {"C1", "C5"}, id="one-agent"),
        pytest.param([A2], {"C2", "C6"}, id="another-agent"),
        pytest.param([A1, A2], {"C1", "C2", "C5", "C6"}, id="several-agents-are-ored"),
        pytest.param([A1, "agent-unknown"], {"C1", "C5"}, id="unknown-id-adds-nothing"),
        pytest.param(["agent-unknown"], set(), id="only-unknown-id-matches-nothing"),
        pytest.param([A1.upper()], set(), id="ids-compare-exactly"),
        pytest.param([], EVERY, id="empty-list-is-no-filter"),
    ],
)
def test_agent_ids_match_the_accepting_agent(
    spec_contacts: Any, client: Any, agent_ids: list[str], expected: set[str]
) -> None:
    """A contact matches when the agent who accepted it is one of the AgentIds."""
    assert found(client, agent_ids) == expected


def test_contacts_never_connected_to_an_agent_never_match(spec_contacts: Any, client: Any) -> None:
    """C3 and C4 have no AgentInfo: no AgentIds filter returns them."""
    assert not found(client, [A1, A2]) & {"C3", "C4"}
