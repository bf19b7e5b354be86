"""AI-agent search (SearchCriteria.AiAgents, ContactSearchSummary.AiAgentInfo), on botocore
versions whose model has it; older versions refuse AiAgentInfo on add, naming the member."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config

from connect_contacts_mock import ContactStore, InvalidContactError
from connect_contacts_mock.model import installed_model

HAS_AI_AGENTS = "AiAgents" in installed_model().search_criteria_shape.members
needs_ai_agents = pytest.mark.skipif(
    not HAS_AI_AGENTS,
    reason=f"needs botocore >= 1.43.22 (SearchCriteria.AiAgents); installed {botocore.__version__}",
)

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC)
AGENT = "aaaaaaaa-1111-4111-8111-111111111111"
OTHER = "bbbbbbbb-2222-4222-8222-222222222222"
ASSISTANT = "cccccccc-3333-4333-8333-333333333333"


def contact(*agents: dict[str, Any]) -> dict[str, Any]:
    return {
        "Channel": "CHAT",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": NOW,
        "AiAgentInfo": list(agents),
    }


def agent(
    agent_id: str,
    version: int,
    *,
    escalated: bool = False,
    use_case: str = "SelfService",
    arn: bool = False,
) -> dict[str, Any]:
    version_id = f"{agent_id}:{version}"
    if arn:
        version_id = (
            f"arn:aws:wisdom:us-east-1:123456789012:ai-agent/{ASSISTANT}/{agent_id}:{version}"
        )
    return {"AiAgentVersionId": version_id, "AiAgentEscalated": escalated, "AiUseCase": use_case}


def search(store: ContactStore, *criteria: dict[str, Any], validate: bool = True) -> Any:
    client = boto3.client(
        "connect", region_name="us-east-1", config=Config(parameter_validation=validate)
    )
    return client.search_contacts(
        InstanceId=store.instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": NOW - datetime.timedelta(hours=1),
            "EndTime": NOW + datetime.timedelta(hours=1),
        },
        SearchCriteria={"AiAgents": {"Criteria": list(criteria)}},
    )


@pytest.fixture
def agents(connect_contacts: ContactStore) -> dict[str, str]:
    return {
        "v1": connect_contacts.add(contact(agent(AGENT, 1))),
        "v2 escalated": connect_contacts.add(
            contact(agent(AGENT, 2, escalated=True, use_case="AgentAssistance"))
        ),
        "other arn": connect_contacts.add(contact(agent(OTHER, 1, arn=True))),
        "none": connect_contacts.add(contact()),
    }


def found(response: Any, agents: dict[str, str]) -> set[str]:
    names = {contact_id: name for name, contact_id in agents.items()}
    return {names[c["Id"]] for c in response["Contacts"]}


@needs_ai_agents
@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        ({"Id": AGENT}, {"v1", "v2 escalated"}),
        ({"Id": AGENT, "VersionNumber": 2}, {"v2 escalated"}),
        ({"Id": f"{AGENT}:1"}, {"v1"}),
        ({"Id": OTHER}, {"other arn"}),
        ({"AiAgentEscalated": True}, {"v2 escalated"}),
        ({"AiAgentEscalated": False}, {"v1", "other arn"}),
        ({"AiUseCase": "AgentAssistance"}, {"v2 escalated"}),
        ({"Id": AGENT, "AiUseCase": "SelfService"}, {"v1"}),
    ],
    ids=[
        "by-id",
        "by-id-and-version",
        "id-with-version",
        "arn-form",
        "escalated",
        "not-escalated",
        "use-case",
        "id-and-use-case",
    ],
)
def test_ai_agent_criterion_matches_contacts_with_such_an_agent(
    connect_contacts: ContactStore,
    agents: dict[str, str],
    criterion: dict[str, Any],
    expected: set[str],
) -> None:
    assert found(search(connect_contacts, criterion), agents) == expected


@needs_ai_agents
def test_results_carry_ai_agent_info_as_stored(
    connect_contacts: ContactStore, agents: dict[str, str]
) -> None:
    [hit] = search(connect_contacts, {"Id": AGENT, "VersionNumber": 1})["Contacts"]
    assert hit["AiAgentInfo"] == [agent(AGENT, 1)]


@needs_ai_agents
def test_version_number_without_id_is_refused(connect_contacts: ContactStore) -> None:
    client = boto3.client("connect", region_name="us-east-1")
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        search(connect_contacts, {"VersionNumber": 1})
    assert "ID is required if VersionNumber is passed" in raised.value.response["Message"]


@needs_ai_agents
@pytest.mark.parametrize(
    ("criteria", "fragment"),
    [
        ([{"Id": AGENT}, {"Id": OTHER}], "SearchCriteria.AiAgents.Criteria: 2 items, at most 1"),
        ([{"AiUseCase": "Chitchat"}], "is not one of AgentAssistance, SelfService"),
        ([{"Id": "not-an-id"}], "does not match the pattern"),
    ],
    ids=["two-criteria", "unknown-use-case", "bad-id"],
)
def test_model_limits_of_ai_agents_are_refused(
    connect_contacts: ContactStore, criteria: list[dict[str, Any]], fragment: str
) -> None:
    client = boto3.client("connect", region_name="us-east-1")
    with pytest.raises(client.exceptions.InvalidParameterException) as raised:
        search(connect_contacts, *criteria, validate=False)
    assert fragment in raised.value.response["Message"]


@pytest.mark.skipif(
    HAS_AI_AGENTS, reason="the installed botocore has ContactSearchSummary.AiAgentInfo"
)
def test_ai_agent_info_on_an_older_botocore_names_the_missing_member(
    connect_contacts: ContactStore,
) -> None:
    with pytest.raises(InvalidContactError, match="AiAgentInfo.*newer botocore"):
        connect_contacts.add(contact(agent(AGENT, 1)))
    assert len(connect_contacts) == 0
